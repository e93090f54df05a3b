package giambio.debug;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A debugger that emits JDK Flight Recorder events for what the loop does, so that giambio
 * shows up next to GC, allocation and I/O in a recording.
 *
 * {@snippet :
 * Giambio.run(RunOptions.builder().debugger(new JfrDebugger()).build(), main);
 * }
 * then record with {@code java -XX:StartFlightRecording:filename=app.jfr ...} and read with
 * {@code jfr print --events 'giambio.*' app.jfr} (or open the file in JDK Mission Control).
 *
 * <h2>Events</h2>
 * <ul>
 * <li>{@code giambio.TaskSpawn}, {@code giambio.TaskExit} (instants): task id, name, parent id
 *     or final state;</li>
 * <li>{@code giambio.TaskStep} (duration): one per step, from the task getting the loop to it
 *     giving it back; under the default kernel it is committed on the task's own virtual
 *     thread, so JFR's event thread is the task;</li>
 * <li>{@code giambio.Sleep} (duration): a task's sleep, with the requested time;</li>
 * <li>{@code giambio.IoWait} (duration): the loop checking for I/O readiness, with its timeout;</li>
 * <li>{@code giambio.Cancel} (instant): a cancellation being delivered into a task.</li>
 * </ul>
 * Durations are wall-clock time (JFR's clock), whatever clock the loop uses. Events are only
 * built when a recording enables them; otherwise each hook costs a check.
 *
 * <h2>Requirements</h2>
 * Module {@code jdk.jfr} must be in the module graph: it is when the application runs on the
 * class path or its module requires {@code jdk.jfr}; otherwise add
 * {@code --add-modules jdk.jfr}. Without it, this class fails to load with
 * {@link NoClassDefFoundError}.
 *
 * <p>Instances are meant for one loop at a time.
 */
public final class JfrDebugger implements Debugger {

    /** The step now running (begun, not committed), or null between steps. */
    private JfrEvents.TaskStep step;
    /** Sleeps in progress, by task id. */
    private final Map<Long, JfrEvents.Sleep> sleeps = new HashMap<>();
    /** The I/O check in progress, or null. */
    private JfrEvents.IoWait io;

    /** Creates the debugger. */
    public JfrDebugger() {
    }

    @Override
    public String name() {
        return "jfr";
    }

    @Override
    public void onTaskSpawn(TaskView task) {
        JfrEvents.TaskSpawn e = new JfrEvents.TaskSpawn();
        if (e.shouldCommit()) {
            e.taskId = task.id();
            e.taskName = task.name();
            e.parentId = task.parent().map(TaskView::id).orElse(0L);
            e.commit();
        }
    }

    @Override
    public void onTaskExit(TaskView task) {
        JfrEvents.TaskExit e = new JfrEvents.TaskExit();
        if (e.shouldCommit()) {
            e.taskId = task.id();
            e.taskName = task.name();
            e.state = task.state().name();
            e.commit();
        }
    }

    @Override
    public void beforeTaskStep(TaskView task) {
        JfrEvents.TaskStep e = new JfrEvents.TaskStep();
        if (e.isEnabled()) {
            e.taskId = task.id();
            e.taskName = task.name();
            e.begin();
            step = e;
        } else {
            step = null;
        }
    }

    @Override
    public void afterTaskStep(TaskView task) {
        JfrEvents.TaskStep e = step;
        step = null;
        if (e != null && e.taskId == task.id()) {
            e.commit();
        }
    }

    @Override
    public void beforeSleep(TaskView task, Duration duration) {
        JfrEvents.Sleep e = new JfrEvents.Sleep();
        if (e.isEnabled()) {
            e.taskId = task.id();
            e.taskName = task.name();
            e.requested = nanos(duration);
            e.begin();
            sleeps.put(task.id(), e);
        }
    }

    @Override
    public void afterSleep(TaskView task, Duration slept) {
        JfrEvents.Sleep e = sleeps.remove(task.id());
        if (e != null) {
            e.commit();
        }
    }

    @Override
    public void beforeIo(Duration timeout) {
        JfrEvents.IoWait e = new JfrEvents.IoWait();
        if (e.isEnabled()) {
            e.timeout = nanos(timeout);
            e.begin();
            io = e;
        } else {
            io = null;
        }
    }

    @Override
    public void afterIo(Duration timeout) {
        JfrEvents.IoWait e = io;
        io = null;
        if (e != null) {
            e.commit();
        }
    }

    @Override
    public void beforeCancel(TaskView task) {
        JfrEvents.Cancel e = new JfrEvents.Cancel();
        if (e.shouldCommit()) {
            e.taskId = task.id();
            e.taskName = task.name();
            e.commit();
        }
    }

    @Override
    public String toString() {
        return "JfrDebugger";
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
