package giambio.examples;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.debug.Debugger;
import giambio.debug.TaskView;
import giambio.debug.TraceDebugger;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The seed's "A closer look": a debugger of your own that prints what the loop does, plugged
 * into {@code Giambio.run} for the two-children program. Each hook is a no-op by default; this
 * one overrides them the way the seed's {@code Debugger} class does.
 *
 * {@snippet lang=sh :
 * ./mvnw -q -Pdemo verify -Ddemo.main=giambio.examples.SeedDebugger                  # this class
 * ./mvnw -q -Pdemo verify -Ddemo.main=giambio.examples.SeedDebugger -Ddemo.args=trace # the seed's trace
 * }
 */
public final class SeedDebugger implements Debugger {

    private final PrintStream out;

    /**
     * Creates the debugger.
     *
     * @param out where to print the trace
     */
    public SeedDebugger(PrintStream out) {
        this.out = java.util.Objects.requireNonNull(out, "out");
    }

    private static String seconds(Duration d) {
        return d.equals(FOREVER) ? "inf" : String.format(Locale.ROOT, "%.2f", d.toNanos() / 1e9);
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
        out.println(">> A task named '" + task.name() + "' was spawned");
    }

    @Override
    public void onTaskExit(TaskView task) {
        out.println("<< Task '" + task.name() + "' exited");
    }

    @Override
    public void beforeTaskStep(TaskView task) {
        out.println("-> About to run a step for '" + task.name() + "'");
    }

    @Override
    public void afterTaskStep(TaskView task) {
        out.println("<- Ran a step for '" + task.name() + "'");
    }

    @Override
    public void beforeSleep(TaskView task, Duration seconds) {
        out.println("# About to put '" + task.name() + "' to sleep for " + seconds(seconds) + " seconds");
    }

    @Override
    public void afterSleep(TaskView task, Duration seconds) {
        out.println("# Task '" + task.name() + "' slept for " + seconds(seconds) + " seconds");
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

    /**
     * Returns the debugger a run of the example uses.
     *
     * @param which {@code trace} for the built-in {@link TraceDebugger} (the seed's trace, line
     *              for line), anything else for this class
     * @param out   where to print
     * @return the debugger
     */
    static Debugger debugger(String which, PrintStream out) {
        return which.equals("trace") ? new TraceDebugger(out) : new SeedDebugger(out);
    }

    /**
     * Runs the seed's two-children program with this debugger (we pass an instance, not a
     * class).
     *
     * @param args {@code trace} to use the built-in {@link TraceDebugger} instead
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        args = Demo.nonBlank(args);
        RunOptions options = RunOptions.builder()
                .debugger(debugger(args.length > 0 ? args[0] : "own", System.out))
                .build();
        Giambio.run(options, () -> TwoChildren.main(System.out, Duration.ofSeconds(2)));
    }
}
