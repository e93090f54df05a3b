package giambio.debug;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A debugger that prints what the loop does in the seed's trace format, one line per event.
 *
 * <p>For the seed's two-children example it prints:
 * {@snippet lang=text :
 * ## Started running
 * -> About to run a step for 'main'
 * >> A task named 'child' was spawned
 * <- Ran a step for 'main'
 * -> About to run a step for 'child'
 * <- Ran a step for 'child'
 * # About to put 'child' to sleep for 2.00 seconds
 * # Task 'child' slept for 2.00 seconds
 * -> About to run a step for 'child'
 * << Task 'child' exited
 * -> About to run a step for 'main'
 * << Task 'main' exited
 * ## Finished running
 * }
 *
 * <h2>Switching it on</h2>
 * {@snippet :
 * Giambio.run(RunOptions.builder().debugger(new TraceDebugger()).build(), main);
 * }
 * or, without touching the code, {@code -Dgiambio.debuggers=trace} (it is a
 * {@link java.util.ServiceLoader} service named {@value #NAME}).
 *
 * <h2>What is printed, and where it differs from the seed on purpose</h2>
 * <ul>
 * <li>The root task's spawn is not printed: the seed starts with its first step.</li>
 * <li>A task's last step is reported by its exit line only ({@code << Task 'x' exited}),
 *     not by a {@code <- Ran a step} line, as in the seed.</li>
 * <li>Schedule events ({@code >> A task named 'x' was scheduled to run in 0.00 seconds}) are
 *     not printed unless asked for with {@link #TraceDebugger(PrintStream, boolean)}: the loop
 *     reports one for every spawn, wake-up and sleep, which the seed's trace leaves out.</li>
 * <li>A task registers its sleep while it still holds the loop; the sleep line is printed
 *     right after that step's {@code <- Ran a step} line, where the seed's loop reports it.</li>
 * <li>I/O lines appear where this loop really checks for I/O: when a channel is watched, or
 *     while it waits for a timer on the system clock ({@code !! About to check for I/O for up
 *     to 2.00 seconds}). The seed's loop also makes a zero-timeout check after every sleep;
 *     this loop skips it when nothing is watched, and with a virtual clock it jumps instead
 *     of waiting, so no I/O line appears.</li>
 * <li>A wait with no deadline prints its timeout as {@code inf}, as Python formats it.</li>
 * </ul>
 * Times are seconds on the loop's clock, with two decimals.
 *
 * <p>Instances are meant for one loop at a time: they remember which task is stepping.
 */
@ServiceProvider(value = Debugger.class, resolution = "optional")
public final class TraceDebugger implements Debugger {

    /** The name that switches this debugger on through {@code giambio.debuggers}. */
    public static final String NAME = "trace";

    private final PrintStream out;
    private final boolean schedules;
    /** The task whose step is running (between before and after step); null between steps. */
    private TaskView stepping;
    /** A sleep line of {@link #stepping}, printed after its step line; null if none. */
    private String pendingSleep;

    /** Creates a tracer that prints to {@link System#out}, without schedule events. */
    public TraceDebugger() {
        this(System.out, false);
    }

    /**
     * Creates a tracer that prints to {@code out}, without schedule events.
     *
     * @param out where to print
     * @throws NullPointerException if {@code out} is null
     */
    public TraceDebugger(PrintStream out) {
        this(out, false);
    }

    /**
     * Creates a tracer that prints to {@code out}.
     *
     * @param out       where to print
     * @param schedules whether to print a line for every schedule event as well
     * @throws NullPointerException if {@code out} is null
     */
    public TraceDebugger(PrintStream out, boolean schedules) {
        this.out = Objects.requireNonNull(out, "out");
        this.schedules = schedules;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onStart() {
        out.println("## Started running");
    }

    @Override
    public void onExit() {
        out.println("## Finished running");
    }

    @Override
    public void onTaskSpawn(TaskView task) {
        if (task.parent().isPresent()) {
            out.println(">> A task named '" + task.name() + "' was spawned");
        }
    }

    @Override
    public void onTaskSchedule(TaskView task, Duration delay) {
        if (schedules) {
            out.println(">> A task named '" + task.name() + "' was scheduled to run in " + seconds(delay)
                    + " seconds");
        }
    }

    @Override
    public void onTaskExit(TaskView task) {
        out.println("<< Task '" + task.name() + "' exited");
    }

    @Override
    public void beforeTaskStep(TaskView task) {
        stepping = task;
        out.println("-> About to run a step for '" + task.name() + "'");
    }

    @Override
    public void afterTaskStep(TaskView task) {
        if (!task.state().isDone()) {
            out.println("<- Ran a step for '" + task.name() + "'");
        }
        stepping = null;
        flushSleep();
    }

    @Override
    public void beforeSleep(TaskView task, Duration duration) {
        String line = "# About to put '" + task.name() + "' to sleep for " + seconds(duration) + " seconds";
        if (stepping != null && stepping.id() == task.id()) {
            flushSleep();
            pendingSleep = line;
        } else {
            out.println(line);
        }
    }

    @Override
    public void afterSleep(TaskView task, Duration slept) {
        flushSleep();
        out.println("# Task '" + task.name() + "' slept for " + seconds(slept) + " seconds");
    }

    @Override
    public void beforeIo(Duration timeout) {
        out.println("!! About to check for I/O for up to " + seconds(timeout) + " seconds");
    }

    @Override
    public void afterIo(Duration timeout) {
        out.println("!! Done I/O check (timeout " + seconds(timeout) + " seconds)");
    }

    @Override
    public void beforeCancel(TaskView task) {
        out.println("// About to cancel '" + task.name() + "'");
    }

    @Override
    public void afterCancel(TaskView task) {
        out.println("// Cancelled '" + task.name() + "'");
    }

    @Override
    public String toString() {
        return "TraceDebugger[" + (schedules ? "with schedules" : "seed format") + "]";
    }

    private void flushSleep() {
        if (pendingSleep != null) {
            out.println(pendingSleep);
            pendingSleep = null;
        }
    }

    /** Seconds with two decimals; {@code inf} for {@link Debugger#FOREVER}. */
    static String seconds(Duration d) {
        if (d.equals(FOREVER)) {
            return "inf";
        }
        return String.format(Locale.ROOT, "%.2f", d.getSeconds() + d.getNano() / 1e9);
    }
}
