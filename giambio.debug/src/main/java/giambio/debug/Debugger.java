package giambio.debug;

import java.time.Duration;

/**
 * Hooks that observe what a giambio loop does; every hook is a no-op by default.
 *
 * <p>The loop calls the hooks of its active debuggers on the loop itself, one at a time, in
 * the order in which the events happen. A hook must be quick and must not call back into the
 * loop (no sleeping, spawning or waiting): it only observes. A hook that throws gets its
 * debugger removed from the loop; the failure is logged through {@link System.Logger} and the
 * loop goes on.
 *
 * <h2>Plugging a debugger</h2>
 * Pass an instance through the run options of {@code Giambio.run}, or declare it as a service
 * ({@code provides giambio.debug.Debugger with my.Tracer;} or a
 * {@code META-INF/services/giambio.debug.Debugger} entry) and switch it on with the system
 * property {@code giambio.debuggers}, a comma-separated list of {@link #name()}s or class
 * names. A service debugger is never switched on silently.
 *
 * {@snippet file="giambio/examples/JavadocSnippets.java" region="debugger-class"}
 * {@snippet file="giambio/examples/JavadocSnippets.java" region="debugger-run"}
 *
 * <p>docs/guide-extending.md shows the module-info, {@code META-INF/services} and OSGi
 * declarations of a service debugger, with the command lines that switch it on.
 *
 * <h2>Time</h2>
 * Durations are measured on the loop's clock, which may be a virtual clock in tests. A wait
 * without a deadline is reported as {@link #FOREVER}.
 */
public interface Debugger {

    /** The duration reported for a wait that has no deadline. */
    Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    /**
     * Returns the name under which this debugger can be switched on by the
     * {@code giambio.debuggers} system property; the class's simple name by default.
     *
     * @return the debugger's name
     */
    default String name() {
        return getClass().getSimpleName();
    }

    /** Called once when the loop starts, before the root task's first step. */
    default void onStart() {
    }

    /** Called once when the loop has finished, after the root task exited. */
    default void onExit() {
    }

    /**
     * Called when a task was spawned (not yet run).
     *
     * @param task the new task
     */
    default void onTaskSpawn(TaskView task) {
    }

    /**
     * Called when a task was made runnable again, or set to wake up after a delay.
     *
     * @param task  the task
     * @param delay how long until it runs: {@link Duration#ZERO} when it was put in the run
     *              queue, the sleep time when it went to sleep
     */
    default void onTaskSchedule(TaskView task, Duration delay) {
    }

    /**
     * Called when a task has finished, whatever its outcome.
     *
     * @param task the task, already in a terminal state
     */
    default void onTaskExit(TaskView task) {
    }

    /**
     * Called just before a task gets the loop to run one step (until its next switch).
     *
     * @param task the task about to run
     */
    default void beforeTaskStep(TaskView task) {
    }

    /**
     * Called just after a task gave the loop back at a checkpoint or by finishing.
     *
     * @param task the task that ran
     */
    default void afterTaskStep(TaskView task) {
    }

    /**
     * Called when a task is about to sleep.
     *
     * @param task     the task
     * @param duration how long it asked to sleep
     */
    default void beforeSleep(TaskView task, Duration duration) {
    }

    /**
     * Called when a task woke up from a sleep (also when the sleep was cancelled).
     *
     * @param task  the task
     * @param slept how long it actually slept on the loop's clock
     */
    default void afterSleep(TaskView task, Duration slept) {
    }

    /**
     * Called before the loop checks for I/O readiness (and waits for timers).
     *
     * @param timeout how long the loop may wait: {@link Duration#ZERO} for a poll,
     *                {@link #FOREVER} for no deadline
     */
    default void beforeIo(Duration timeout) {
    }

    /**
     * Called after the loop checked for I/O readiness.
     *
     * @param timeout the timeout that was given to {@link #beforeIo(Duration)}
     */
    default void afterIo(Duration timeout) {
    }

    /**
     * Called before a cancellation is delivered into a task.
     *
     * @param task the task about to receive {@code Cancelled}
     */
    default void beforeCancel(TaskView task) {
    }

    /**
     * Called after a cancellation was delivered into a task.
     *
     * @param task the task that received {@code Cancelled}
     */
    default void afterCancel(TaskView task) {
    }

    /**
     * Called when a task ends by throwing (including {@code Cancelled}).
     *
     * @param task  the task
     * @param error what it threw
     */
    default void onExceptionRaised(TaskView task, Throwable error) {
    }
}
