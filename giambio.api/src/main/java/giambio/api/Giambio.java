package giambio.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The entry points of giambio: run a loop, sleep, read the clock, open task pools and
 * timeouts.
 *
 * <p>{@link #run(Callable)} starts a loop on the calling thread with {@code main} as its root
 * task and returns when it has finished. Every other method here must be called from a task
 * of a running loop and fails with {@link IllegalStateException} elsewhere.
 *
 * {@snippet :
 * public static void main(String[] args) throws Exception {
 *     Giambio.run(() -> {
 *         Giambio.createPool(pool -> {
 *             pool.spawn("child", () -> {
 *                 System.out.println("[child] Child spawned! Sleeping for 2 seconds");
 *                 Giambio.sleep(Duration.ofSeconds(2));
 *                 System.out.println("[child] Had a nice nap!");
 *             });
 *             System.out.println("[main] Children spawned, awaiting completion");
 *         });
 *     });
 * }
 * }
 *
 * <h2>Checkpoints</h2>
 * Tasks switch only at checkpoints: every method here that waits ({@code sleep},
 * {@code checkpoint}, leaving {@code createPool}) and every wait of a giambio primitive.
 * Each checkpoint also throws {@link Cancelled} if the task is inside a cancelled scope.
 */
public final class Giambio {

    private Giambio() {
    }

    // ---- running -------------------------------------------------------------------------

    /**
     * Runs a loop with {@code main} as its root task, on the calling thread, and returns
     * {@code main}'s result once it and everything it started have finished.
     *
     * {@snippet file="giambio/examples/JavadocSnippets.java" region="run"}
     *
     * @param <T>  the result type
     * @param main the root task
     * @return what {@code main} returned
     * @throws Exception                the exception {@code main} threw: the same object
     * @throws IllegalStateException    if called from a task of a running loop, or if no
     *                                  kernel can be found
     * @throws java.util.concurrent.CancellationException if the root task was cancelled
     *                                  through its own {@link Task#cancel()}
     */
    public static <T> T run(Callable<T> main) throws Exception {
        return run(RunOptions.defaults(), main);
    }

    /**
     * Runs a loop with {@code main} as its root task, on the calling thread.
     *
     * @param main the root task
     * @throws Exception             the exception {@code main} threw: the same object
     * @throws IllegalStateException if called from a task of a running loop, or if no
     *                               kernel can be found
     */
    public static void run(Action main) throws Exception {
        run(RunOptions.defaults(), main);
    }

    /**
     * Runs a loop with options (kernel, clock, debuggers, scheduling order).
     *
     * @param <T>     the result type
     * @param options the options
     * @param main    the root task
     * @return what {@code main} returned
     * @throws Exception             the exception {@code main} threw: the same object
     * @throws IllegalStateException if called from a task of a running loop, or if the
     *                               requested kernel is missing or unavailable
     */
    public static <T> T run(RunOptions options, Callable<T> main) throws Exception {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(main, "main");
        return Loop.run(options, main);
    }

    /**
     * Runs a loop with options (kernel, clock, debuggers, scheduling order).
     *
     * @param options the options
     * @param main    the root task
     * @throws Exception             the exception {@code main} threw: the same object
     * @throws IllegalStateException if called from a task of a running loop, or if the
     *                               requested kernel is missing or unavailable
     */
    public static void run(RunOptions options, Action main) throws Exception {
        Objects.requireNonNull(main, "main");
        run(options, () -> {
            main.run();
            return null;
        });
    }

    // ---- many loops (D7) ---------------------------------------------------------------------

    /**
     * Runs a group of loops, one per available processor; see
     * {@link #runGroup(RunOptions, int, LoopBody)}.
     *
     * @param body the root task of every loop
     * @throws Exception             the first failure of any loop: the same object
     * @throws IllegalStateException if no kernel can be found
     */
    public static void runGroup(LoopBody body) throws Exception {
        runGroup(RunOptions.defaults(), Runtime.getRuntime().availableProcessors(), body);
    }

    /**
     * Runs a group of {@code loops} loops with the default options; see
     * {@link #runGroup(RunOptions, int, LoopBody)}.
     *
     * @param loops how many loops
     * @param body  the root task of every loop
     * @throws Exception                the first failure of any loop: the same object
     * @throws IllegalArgumentException if {@code loops} is zero or negative
     * @throws IllegalStateException    if no kernel can be found
     */
    public static void runGroup(int loops, LoopBody body) throws Exception {
        runGroup(RunOptions.defaults(), loops, body);
    }

    /**
     * Runs a structured group of {@code loops} loops, each on its own platform thread with its
     * own kernel, and returns when every loop has finished (D7). Every loop runs {@code body}
     * as its root task, with its index (also {@link #loopIndex()}); inside a loop everything
     * is single-threaded as usual. A group uses as many cores as it has loops: on the
     * continuation kernel each loop runs on its platform thread whatever the JDK's
     * virtual-thread scheduler is doing; the baton kernel's tasks are virtual threads, so a
     * baton group is as parallel as that scheduler allows (docs/kernels.md).
     *
     * {@snippet :
     * Giambio.runGroup(4, index -> {
     *     System.out.println("loop " + index + " of " + Giambio.loopCount());
     *     Giambio.sleep(Duration.ofSeconds(1));
     * });
     * }
     *
     * <h4>Structure</h4>
     * The group is a task pool across threads: the first failure in any loop cancels every
     * other loop (through each kernel's thread-safe {@code submit}), and once all have
     * finished it is rethrown from here as the same object, later failures attached with
     * {@code addSuppressed}. A loop that ends because the group cancelled it adds nothing.
     * Called from a task, the call is a checkpoint: cancelling the task cancels every loop
     * and {@link Cancelled} leaves once they have all finished. Called from a plain thread,
     * interrupting it cancels every loop and {@link InterruptedException} leaves once they
     * have all finished.
     *
     * <h4>Options</h4>
     * {@code options} apply to every loop: the kernel choice, the clock (a
     * {@link VirtualClock} is shared: with autojump it jumps only when every loop of the
     * group is idle, so a loop's sleep never ends under another loop's running work; it
     * never goes back), the debuggers (called from every loop's thread, so they must be thread-safe),
     * the shuffle seed (every loop uses the same seed) and SIGINT handling (Ctrl+C cancels
     * every loop; then {@link KeyboardInterrupt} leaves).
     *
     * <h4>Crossing loops</h4>
     * Loops share nothing loop-confined: a lock, event, memory channel, task or socket belongs
     * to the loop that first used it and refuses others with {@link WrongThreadException}.
     * Loops talk through {@link giambio.api.sync.CrossLoopChannel} (thread-safe), and hand
     * sockets over as plain NIO channels.
     *
     * @param options the options of every loop
     * @param loops   how many loops (the default overloads use
     *                {@link Runtime#availableProcessors()})
     * @param body    the root task of every loop
     * @throws Exception                the first failure of any loop: the same object
     * @throws Cancelled                if called from a task that was cancelled meanwhile
     * @throws InterruptedException     if called from a plain thread that was interrupted
     * @throws IllegalArgumentException if {@code loops} is zero or negative
     * @throws IllegalStateException    if no kernel can be found
     */
    public static void runGroup(RunOptions options, int loops, LoopBody body) throws Exception {
        Objects.requireNonNull(options, "Giambio.runGroup: options");
        Objects.requireNonNull(body, "Giambio.runGroup: body");
        if (loops <= 0) {
            throw new IllegalArgumentException("Giambio.runGroup: a group needs at least one loop, not " + loops);
        }
        Kernels.select(options.kernel()); // fail here, on the caller, if no kernel fits
        LoopGroup group = new LoopGroup(options, loops, body);
        if (Loop.currentOrNull() == null) {
            group.runBlocking();
            return;
        }
        // Discussion: from a task, the joining thread is a worker; cancelling the task
        // interrupts it, which cancels the group, and the task waits until every loop is done.
        Threads.runInThread(ThreadCancelPolicy.INTERRUPT, () -> {
            // the worker only waits for the loops: it must not hold back a virtual clock the
            // calling loop shares with the group (it does no work after the group ends either)
            ThreadJob.current().lend(true);
            group.runBlocking();
            return null;
        });
    }

    /**
     * Returns the index of the calling task's loop in its group: 0 to
     * {@link #loopCount()} minus 1; 0 for a loop of {@link #run}.
     *
     * @return the loop's index
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static int loopIndex() {
        return Loop.current("Giambio.loopIndex").groupIndex;
    }

    /**
     * Returns how many loops the calling task's group has; 1 for a loop of {@link #run}.
     *
     * @return the group's size
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static int loopCount() {
        LoopGroup group = Loop.current("Giambio.loopCount").group;
        return group == null ? 1 : group.size();
    }

    // ---- diagnostics -----------------------------------------------------------------------

    /**
     * Describes the tree of tasks and pools of the calling task's loop, from the root task
     * down: each task's id, name and state, the pools it has open with their live children,
     * and for every task that waits its stack (where in its code it waits).
     *
     * {@snippet lang=text :
     * giambio tasks at 1.000 s on the loop clock (kernel 'baton', 3 tasks):
     * task #1 'main' RUNNING (this task called dumpTasks)
     *   pool: 2 tasks
     *     task #2 'child' WAITING
     *         at giambio.api.Loop.park(Loop.java:190)
     *         at giambio.api.Giambio.sleep(Giambio.java:120)
     *         at my.App.child(App.java:12)
     * }
     *
     * <h4>Stacks</h4>
     * Stacks come from the task's own thread, so they are shown under the default kernel,
     * which runs every task on a virtual thread; under a kernel that does not, the dump says
     * that stacks are unavailable. The loop's own frames are cut off. For a JVM-wide view,
     * {@code jcmd <pid> Thread.dump_to_file} shows the same virtual threads.
     *
     * <h4>Groups</h4>
     * In a loop of a {@linkplain #runGroup(RunOptions, int, LoopBody) group}, the dump shows
     * every loop of the group, each under a {@code == loop i} line; every other loop dumps
     * itself on its own thread, and one busy between checkpoints for over a second is marked
     * as such instead.
     *
     * <p>This is not a checkpoint: it does not switch tasks.
     *
     * @return the dump, one line per task, pool and stack frame
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static String dumpTasks() {
        Loop loop = Loop.current("Giambio.dumpTasks");
        TaskImpl<?> caller = loop.currentTask();
        // Discussion: called from a kernel action (a thread-safe submit), no task is running;
        // then no task is "the caller" and every live task gets its stack.
        TaskImpl<?> callerTask = caller.state() == giambio.debug.TaskState.RUNNING ? caller : null;
        return loop.group == null ? TaskDump.dump(loop, callerTask) : loop.group.dump(loop, callerTask);
    }

    // ---- time ----------------------------------------------------------------------------

    /**
     * Suspends the calling task for {@code duration}; other tasks run meanwhile. A zero
     * duration is a plain {@link #checkpoint()}.
     *
     * @param duration how long to sleep
     * @throws Cancelled                if the task is cancelled before or while sleeping
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void sleep(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Giambio.sleep: the duration must not be negative: " + duration);
        }
        Loop loop = Loop.current("Giambio.sleep");
        TaskImpl<?> task = loop.currentTask();
        if (duration.isZero()) {
            loop.checkpoint(task);
            return;
        }
        loop.sleepUntil(task, Loop.plusNanos(loop.kernel.nanoTime(), duration), duration);
    }

    /**
     * Suspends the calling task until the loop clock reads {@code deadline}.
     *
     * @param deadline seconds on the loop clock ({@link #clock()}); a past deadline is a plain
     *                 checkpoint
     * @throws Cancelled                if the task is cancelled before or while sleeping
     * @throws IllegalArgumentException if {@code deadline} is NaN
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void sleepUntil(double deadline) {
        if (Double.isNaN(deadline)) {
            throw new IllegalArgumentException("Giambio.sleepUntil: the deadline must not be NaN");
        }
        Loop loop = Loop.current("Giambio.sleepUntil");
        TaskImpl<?> task = loop.currentTask();
        long at = Loop.toNanos(deadline);
        long now = loop.kernel.nanoTime();
        if (at <= now) {
            loop.checkpoint(task);
            return;
        }
        loop.sleepUntil(task, at, Duration.ofNanos(at == Long.MAX_VALUE ? Long.MAX_VALUE : at - now));
    }

    /**
     * Suspends the calling task until it is cancelled.
     *
     * @throws Cancelled             always, eventually
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void sleepForever() {
        Loop loop = Loop.current("Giambio.sleepForever");
        TaskImpl<?> task = loop.currentTask();
        try {
            loop.park(task, () -> true);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new GiambioInternalError("sleepForever woke with an unexpected outcome", e);
        }
        throw new GiambioInternalError("sleepForever woke without being cancelled");
    }

    /**
     * Reads the loop's monotonic clock.
     *
     * @return seconds since the loop started (on a {@link VirtualClock}, its virtual time)
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static double clock() {
        return Loop.current("Giambio.clock").kernel.nanoTime() / 1e9;
    }

    /**
     * A checkpoint: lets other runnable tasks run, and throws {@link Cancelled} if the task
     * is inside a cancelled scope. Equivalent to {@code sleep(Duration.ZERO)}.
     *
     * @throws Cancelled             if the calling task is cancelled
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void checkpoint() {
        Loop loop = Loop.current("Giambio.checkpoint");
        loop.checkpoint(loop.currentTask());
    }

    /**
     * Returns the calling task.
     *
     * @return the task that calls this method
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static Task<?> currentTask() {
        return Loop.current("Giambio.currentTask").currentTask();
    }

    /**
     * Waits until every other task of the loop is blocked (parked) and nothing is runnable:
     * the point where the loop would otherwise wait for time or I/O. For tests: "let
     * everything settle". Runs before a {@link VirtualClock} autojumps. If several tasks
     * wait here, they are woken one at a time, in the order they started waiting.
     *
     * @throws Cancelled             if the calling task is cancelled while waiting
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void waitAllTasksBlocked() {
        Loop loop = Loop.current("Giambio.waitAllTasksBlocked");
        TaskImpl<?> task = loop.currentTask();
        var ktask = task.ktask;
        giambio.api.spi.Registration idle = loop.kernel.whenIdle(
                () -> loop.kernel.reschedule(ktask, giambio.api.spi.Outcome.NONE));
        try {
            loop.park(task, idle::cancel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new GiambioInternalError("waitAllTasksBlocked woke with an unexpected outcome", e);
        }
    }

    // ---- structure -----------------------------------------------------------------------

    /**
     * Opens a task pool, runs {@code body} with it and waits until the body and every task
     * spawned into the pool have finished. If any of them fails, the rest are cancelled and
     * that first exception is rethrown (the same object), other failures suppressed in it.
     *
     * @param body spawns tasks into the pool
     * @throws Exception             the first failure of the body or a task
     * @throws Cancelled             if an enclosing scope was cancelled meanwhile
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void createPool(PoolBody body) throws Exception {
        Objects.requireNonNull(body, "body");
        Loop loop = Loop.current("Giambio.createPool");
        new PoolImpl(loop, loop.currentTask()).run(body);
    }

    // ---- timeouts ------------------------------------------------------------------------

    /**
     * Runs {@code body}, cancelling it if it runs longer than {@code timeout}, in which case
     * {@link TooSlowException} is thrown (trio's {@code fail_after}).
     *
     * @param <T>     the result type
     * @param timeout how long the body may run
     * @param body    the code
     * @return the body's result
     * @throws TooSlowException         if the timeout cancelled the body
     * @throws Exception                whatever else the body throws
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static <T> T withTimeout(Duration timeout, Callable<T> body) throws Exception {
        CancelScopeImpl scope = timeoutScope(timeout, "Giambio.withTimeout");
        return failing(scope, body, "Giambio.withTimeout", "did not finish within " + timeout);
    }

    /**
     * Runs {@code body}, cancelling it if it runs longer than {@code timeout}, in which case
     * {@link TooSlowException} is thrown.
     *
     * @param timeout how long the body may run
     * @param body    the code
     * @throws TooSlowException         if the timeout cancelled the body
     * @throws Exception                whatever else the body throws
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void withTimeout(Duration timeout, Action body) throws Exception {
        Objects.requireNonNull(body, "body");
        withTimeout(timeout, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body}, cancelling it if it still runs when the loop clock reaches
     * {@code deadline}, in which case {@link TooSlowException} is thrown (trio's
     * {@code fail_at}).
     *
     * @param <T>      the result type
     * @param deadline seconds on the loop clock
     * @param body     the code
     * @return the body's result
     * @throws TooSlowException         if the deadline cancelled the body
     * @throws Exception                whatever else the body throws
     * @throws IllegalArgumentException if {@code deadline} is NaN or negative infinity
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static <T> T withDeadline(double deadline, Callable<T> body) throws Exception {
        CancelScopeImpl scope = deadlineScope(deadline, "Giambio.withDeadline");
        return failing(scope, body, "Giambio.withDeadline",
                "did not finish by the deadline " + Loop.formatSeconds(deadline));
    }

    /**
     * Runs {@code body}, cancelling it if it runs longer than {@code timeout}, and then
     * moves on (trio's {@code move_on_after}).
     *
     * @param <T>     the result type
     * @param timeout how long the body may run
     * @param body    the code
     * @return the body's result, or empty if the timeout cut it short (or the body returned
     *         {@code null})
     * @throws Exception                whatever the body throws
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static <T> Optional<T> skipAfter(Duration timeout, Callable<T> body) throws Exception {
        CancelScopeImpl scope = timeoutScope(timeout, "Giambio.skipAfter");
        return Optional.ofNullable(enter(scope, body, "Giambio.skipAfter"));
    }

    /**
     * Runs {@code body}, cancelling it if it runs longer than {@code timeout}, and then
     * moves on.
     *
     * @param timeout how long the body may run
     * @param body    the code
     * @return {@code true} if the body completed, {@code false} if the timeout cut it short
     * @throws Exception                whatever the body throws
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static boolean skipAfter(Duration timeout, Action body) throws Exception {
        Objects.requireNonNull(body, "body");
        CancelScopeImpl scope = timeoutScope(timeout, "Giambio.skipAfter");
        enter(scope, () -> {
            body.run();
            return null;
        }, "Giambio.skipAfter");
        return !scope.cancelledCaught();
    }

    /**
     * Runs {@code body}, cancelling it if it still runs when the loop clock reaches
     * {@code deadline}, and then moves on (trio's {@code move_on_at}).
     *
     * @param <T>      the result type
     * @param deadline seconds on the loop clock
     * @param body     the code
     * @return the body's result, or empty if the deadline cut it short (or the body returned
     *         {@code null})
     * @throws Exception                whatever the body throws
     * @throws IllegalArgumentException if {@code deadline} is NaN or negative infinity
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static <T> Optional<T> skipAt(double deadline, Callable<T> body) throws Exception {
        CancelScopeImpl scope = deadlineScope(deadline, "Giambio.skipAt");
        return Optional.ofNullable(enter(scope, body, "Giambio.skipAt"));
    }

    /**
     * Returns the deadline that applies to the calling task now: the earliest deadline of
     * the cancel scopes around it, up to the first shielded one.
     *
     * @return seconds on the loop clock, {@link Double#POSITIVE_INFINITY} if none
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static double currentEffectiveDeadline() {
        Loop loop = Loop.current("Giambio.currentEffectiveDeadline");
        double min = Double.POSITIVE_INFINITY;
        for (CancelScopeImpl s = loop.currentTask().cancelScope; s != null; s = s.shield() ? null : s.parent) {
            if (s.cancelCalled()) {
                return Double.NEGATIVE_INFINITY;
            }
            min = Math.min(min, s.deadline());
        }
        return min;
    }

    private static CancelScopeImpl timeoutScope(Duration timeout, String what) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + ": timeout must not be negative: " + timeout);
        }
        CancelScopeImpl scope = new CancelScopeImpl();
        scope.setTimeout(timeout);
        return scope;
    }

    private static CancelScopeImpl deadlineScope(double deadline, String what) {
        if (Double.isNaN(deadline) || deadline == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException(what + ": deadline must be a time on the loop clock, not " + deadline);
        }
        CancelScopeImpl scope = new CancelScopeImpl();
        scope.setDeadline(deadline);
        return scope;
    }

    private static <T> T enter(CancelScopeImpl scope, Callable<T> body, String what) throws Exception {
        Objects.requireNonNull(body, "body");
        Loop loop = Loop.current(what);
        return scope.enterCall(loop.currentTask(), body);
    }

    private static <T> T failing(CancelScopeImpl scope, Callable<T> body, String what, String tooSlow)
            throws Exception {
        T value = enter(scope, body, what);
        if (scope.cancelledCaught()) {
            throw new TooSlowException("the body " + tooSlow);
        }
        return value;
    }
}
