package giambio.debug;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR event types of {@link JfrDebugger}; all named {@code giambio.*}, in category
 * "giambio". Stack traces are off by default (they would show the loop, not the task's code);
 * switch them on per event in a JFR settings file if wanted.
 */
final class JfrEvents {

    private JfrEvents() {
    }

    @Name("giambio.TaskSpawn")
    @Label("Task Spawn")
    @Category("giambio")
    @Description("A giambio task was spawned")
    @StackTrace(false)
    static final class TaskSpawn extends Event {
        @Label("Task Id")
        long taskId;
        @Label("Task Name")
        String taskName;
        @Label("Parent Task Id")
        @Description("0 for the root task")
        long parentId;
    }

    @Name("giambio.TaskExit")
    @Label("Task Exit")
    @Category("giambio")
    @Description("A giambio task finished")
    @StackTrace(false)
    static final class TaskExit extends Event {
        @Label("Task Id")
        long taskId;
        @Label("Task Name")
        String taskName;
        @Label("State")
        @Description("SUCCEEDED, FAILED or CANCELLED")
        String state;
    }

    @Name("giambio.TaskStep")
    @Label("Task Step")
    @Category("giambio")
    @Description("A giambio task held the loop, from one checkpoint to the next")
    @StackTrace(false)
    static final class TaskStep extends Event {
        @Label("Task Id")
        long taskId;
        @Label("Task Name")
        String taskName;
    }

    @Name("giambio.Sleep")
    @Label("Task Sleep")
    @Category("giambio")
    @Description("A giambio task slept")
    @StackTrace(false)
    static final class Sleep extends Event {
        @Label("Task Id")
        long taskId;
        @Label("Task Name")
        String taskName;
        @Label("Requested")
        @Timespan(Timespan.NANOSECONDS)
        long requested;
    }

    @Name("giambio.IoWait")
    @Label("I/O Wait")
    @Category("giambio")
    @Description("The giambio loop checked for I/O readiness (and waited for timers)")
    @StackTrace(false)
    static final class IoWait extends Event {
        @Label("Timeout")
        @Description("Long.MAX_VALUE nanoseconds for no deadline")
        @Timespan(Timespan.NANOSECONDS)
        long timeout;
    }

    @Name("giambio.Cancel")
    @Label("Task Cancel")
    @Category("giambio")
    @Description("A cancellation is being delivered into a giambio task")
    @StackTrace(false)
    static final class Cancel extends Event {
        @Label("Task Id")
        long taskId;
        @Label("Task Name")
        String taskName;
    }
}
