package giambio.debug;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A debugger that warns when one task holds the loop too long: a step (from one checkpoint
 * to the next) that runs longer than a threshold blocks every other task.
 *
 * {@snippet :
 * var detector = new SlowStepDetector(Duration.ofMillis(50));
 * Giambio.run(RunOptions.builder().debugger(detector).build(), main);
 * }
 * logs, through {@link System.Logger} {@code giambio.debug} at {@code WARNING}:
 * {@snippet lang=text :
 * giambio task 'worker' (#3) has held the loop for 62 ms (threshold 50 ms) without reaching a checkpoint; it is at:
 *     at my.App.crunch(App.java:40)
 *     at my.App.worker(App.java:31)
 * }
 *
 * <h2>How it works</h2>
 * A watchdog thread (a daemon platform thread, started by {@link #onStart()} and stopped by
 * {@link #onExit()}) looks at the running step every quarter of the threshold. The first time
 * a step is older than the threshold, it samples the task's stack with
 * {@link TaskView#stackTrace()} while the step is still running, so the stack shows where the
 * task spends its time (rather than where it finally yields), and reports it once per step.
 * A step that never ends is reported too. Steps are timed on the wall clock
 * ({@link System#nanoTime()}), whatever clock the loop uses.
 *
 * <h2>Stacks</h2>
 * Under the default kernel every task is a virtual thread, and its stack is sampled without
 * stopping the loop for more than a moment. Under a kernel that cannot give a task's stack
 * the report comes with an empty stack.
 *
 * <h2>Reports</h2>
 * The sink given to {@link #SlowStepDetector(Duration, Consumer)} is called on the watchdog
 * thread, not on the loop; it must not call into the loop. A sink that throws is logged and
 * the watchdog goes on. A detector watches one loop at a time.
 */
public final class SlowStepDetector implements Debugger {

    /**
     * One step that held the loop longer than the threshold.
     *
     * @param taskId   the task's id
     * @param taskName the task's name
     * @param heldFor  how long the step had been running when it was sampled
     * @param stack    the task's stack at that moment, innermost frame first; empty when the
     *                 kernel cannot tell
     */
    public record SlowStep(long taskId, String taskName, Duration heldFor, List<StackTraceElement> stack) {

        /**
         * Checks and copies the components.
         *
         * @param taskId   the task's id
         * @param taskName the task's name
         * @param heldFor  how long the step had been running
         * @param stack    the task's stack
         * @throws NullPointerException if an argument is null
         */
        public SlowStep {
            Objects.requireNonNull(taskName, "taskName");
            Objects.requireNonNull(heldFor, "heldFor");
            stack = List.copyOf(stack);
        }

        /**
         * Describes the step in the form the default sink logs.
         *
         * @param threshold the threshold that was exceeded
         * @return a multi-line message
         */
        public String describe(Duration threshold) {
            StringBuilder b = new StringBuilder().append("giambio task '").append(taskName).append("' (#").append(taskId)
                    .append(") has held the loop for ").append(heldFor.toMillis()).append(" ms (threshold ")
                    .append(threshold.toMillis()).append(" ms) without reaching a checkpoint; ");
            if (stack.isEmpty()) {
                return b.append("its stack is unavailable under this kernel").toString();
            }
            b.append("it is at:");
            for (StackTraceElement f : stack) {
                b.append(System.lineSeparator()).append("    at ").append(f);
            }
            return b.toString();
        }
    }

    /** The running step; replaced as a whole so the watchdog reads it in one go. */
    private record Step(TaskView task, long startNanos) {
    }

    private static final System.Logger LOG = System.getLogger("giambio.debug");

    private final Duration threshold;
    private final long thresholdNanos;
    private final Consumer<SlowStep> sink;
    /** The step now running, or null between steps; written on the loop, read by the watchdog. */
    private volatile Step current;
    /** The watchdog, or null when no loop is being watched. */
    private volatile Thread watchdog;

    /**
     * Creates a detector that logs slow steps at {@code WARNING} to the
     * {@link System.Logger} named {@code giambio.debug}.
     *
     * @param threshold how long a step may hold the loop
     * @throws IllegalArgumentException if {@code threshold} is not positive
     * @throws NullPointerException     if {@code threshold} is null
     */
    public SlowStepDetector(Duration threshold) {
        this(threshold, step -> LOG.log(System.Logger.Level.WARNING, step.describe(threshold)));
    }

    /**
     * Creates a detector that hands slow steps to {@code sink}, on the watchdog thread.
     *
     * @param threshold how long a step may hold the loop
     * @param sink      what to do with each slow step
     * @throws IllegalArgumentException if {@code threshold} is not positive
     * @throws NullPointerException     if an argument is null
     */
    public SlowStepDetector(Duration threshold, Consumer<SlowStep> sink) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the slow-step threshold must be positive, not " + threshold);
        }
        Objects.requireNonNull(sink, "sink");
        this.threshold = threshold;
        this.thresholdNanos = threshold.toNanos();
        this.sink = sink;
    }

    /**
     * Returns the threshold.
     *
     * @return how long a step may hold the loop before it is reported
     */
    public Duration threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return "slow-steps";
    }

    /**
     * Starts the watchdog.
     *
     * @throws IllegalStateException if this detector already watches a loop (the loop then
     *                               removes it and logs this)
     */
    @Override
    public synchronized void onStart() {
        if (watchdog != null) {
            throw new IllegalStateException("this SlowStepDetector already watches a running loop; "
                    + "give each loop its own detector");
        }
        Thread t = Thread.ofPlatform().daemon().name("giambio-slow-step-watchdog").unstarted(this::watch);
        watchdog = t;
        t.start();
    }

    @Override
    public synchronized void onExit() {
        Thread t = watchdog;
        watchdog = null;
        current = null;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void beforeTaskStep(TaskView task) {
        current = new Step(task, System.nanoTime());
    }

    @Override
    public void afterTaskStep(TaskView task) {
        current = null;
    }

    private void watch() {
        Thread me = Thread.currentThread();
        long period = Math.max(1_000_000L, thresholdNanos / 4);
        Step reported = null;
        while (watchdog == me) {
            LockSupport.parkNanos(this, period);
            Step step = current;
            if (step == null || step == reported) {
                continue;
            }
            long held = System.nanoTime() - step.startNanos();
            if (held <= thresholdNanos) {
                continue;
            }
            List<StackTraceElement> stack = step.task().stackTrace();
            if (current != step) {
                continue; // the step ended while sampling: the stack may be of a later step
            }
            reported = step;
            try {
                sink.accept(new SlowStep(step.task().id(), step.task().name(), Duration.ofNanos(held), stack));
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "the sink of a giambio SlowStepDetector threw", t);
            }
        }
    }

    @Override
    public String toString() {
        return "SlowStepDetector[threshold " + threshold.toMillis() + " ms]";
    }
}
