package giambio.api.spi;

import giambio.debug.TaskView;
import java.nio.channels.SelectableChannel;

/**
 * The mechanism under one run of a giambio loop: tasks, a run queue, timers, I/O readiness
 * and parking with an abort callback.
 *
 * <h2>Rules every kernel keeps</h2>
 * <ul>
 *   <li>Exactly one task runs at a time, and a task loses the loop only inside {@link #park}
 *       or {@link #yieldNow}. Everything else in this interface is called by the running task
 *       and returns without switching.</li>
 *   <li>Order is deterministic: runnable tasks run in FIFO order (unless a shuffle seed is
 *       configured); timers with equal deadlines fire in registration order.</li>
 *   <li>Actions given to {@link #callAt}, {@link #watch}, {@link #whenIdle} and
 *       {@link #submit} run on the loop between task steps; they must not park.</li>
 *   <li>Only {@link #submit} may be called from a thread that is not running a task of this
 *       loop.</li>
 * </ul>
 *
 * <h2>Parking</h2>
 * {@link #park} suspends the current task until someone calls {@link #reschedule} on it with
 * an {@link Outcome}, which {@code park} returns. When cancellation wants the task back early
 * the API calls {@link #tryAbort}: the kernel runs the task's abort callback, and only if it
 * reports success reschedules the task with the given outcome.
 */
public interface Kernel {

    /**
     * Runs the loop: the root task runs {@code body} on the calling thread, and this method
     * returns when it returns. The API guarantees that every other task has finished by then.
     *
     * @param root the root task's view
     * @param body the root task's body; must not throw
     * @throws IllegalStateException if this kernel has already run
     */
    void run(TaskView root, Runnable body);

    /**
     * Creates a task and puts it at the back of the run queue.
     *
     * @param view the task's view (the API's task object)
     * @param body the task's body; must not throw
     * @return the kernel's handle on the task
     */
    KernelTask spawn(TaskView view, Runnable body);

    /**
     * Returns the running task.
     *
     * @return the task that holds the loop
     */
    KernelTask current();

    /**
     * Puts the current task at the back of the run queue and lets the others run. A kernel
     * may return at once, without a switch, when the result would be the same: no other task
     * is runnable, no submitted action waits, no timer is due and no I/O poll is due (the
     * kernels of {@code giambio.loop} do, unless a debugger watches; docs/design-notes.md,
     * S13).
     *
     * @throws IllegalStateException if the calling thread is not running a task of this loop
     */
    void yieldNow();

    /**
     * Suspends the current task until it is {@linkplain #reschedule rescheduled}.
     *
     * @param abort called by {@link #tryAbort} when cancellation wants the task back
     * @return the outcome the task was rescheduled with
     * @throws IllegalStateException if the calling thread is not running a task of this loop
     */
    Outcome park(Abort abort);

    /**
     * Makes a parked task runnable; it will return {@code outcome} from {@link #park}.
     *
     * @param task    a parked task of this loop
     * @param outcome what its {@code park} returns
     * @throws IllegalStateException    if the task is not parked (a bug in the caller); the
     *                                  message names the task
     * @throws IllegalArgumentException if the task belongs to another kernel
     */
    void reschedule(KernelTask task, Outcome outcome);

    /**
     * Tries to take a parked task back: runs its abort callback and, if that succeeds,
     * reschedules it with {@code outcome}.
     *
     * @param task    a task of this loop
     * @param outcome what its {@code park} returns if the abort succeeds
     * @return {@code true} if the task was parked and its abort callback succeeded
     * @throws IllegalArgumentException if the task belongs to another kernel
     */
    boolean tryAbort(KernelTask task, Outcome outcome);

    /**
     * Runs {@code action} on the loop when the loop clock reaches {@code deadline}.
     *
     * @param deadline the deadline in nanoseconds on the loop clock ({@link #nanoTime()})
     * @param action   what to run; it must not park
     * @return a handle that withdraws the timer
     */
    Registration callAt(long deadline, Runnable action);

    /**
     * Runs {@code action} once on the loop when {@code channel} is ready for {@code op}.
     *
     * <p>I/O is the one capability a kernel may leave out (for example a kernel for a
     * platform without selectors); such a kernel throws {@link java.io.IOException} saying so
     * from every call, and never accepts a watch it cannot honour.
     *
     * @param channel a non-blocking channel
     * @param op      one of {@link java.nio.channels.SelectionKey#OP_READ},
     *                {@code OP_WRITE}, {@code OP_ACCEPT} or {@code OP_CONNECT}
     * @param action  what to run when it is ready; it must not park
     * @return a handle that withdraws the watch
     * @throws IllegalStateException if another watch for the same channel and operation is
     *                               pending
     * @throws java.io.IOException   if the channel cannot be registered (for example, closed),
     *                               or the kernel has no I/O support
     */
    Registration watch(SelectableChannel channel, int op, Runnable action) throws java.io.IOException;

    /**
     * Withdraws every watch on {@code channel} (their actions never run) and releases the
     * kernel's resources for it. Call it before closing the channel.
     *
     * @param channel the channel
     */
    void forget(SelectableChannel channel);

    /**
     * Runs {@code action} on the loop as soon as no task is runnable, before the loop blocks
     * waiting for timers or I/O (and before a virtual clock jumps).
     *
     * @param action what to run; it must not park
     * @return a handle that withdraws the callback
     */
    Registration whenIdle(Runnable action);

    /**
     * Runs {@code action} on the loop soon; the only method callable from any thread. After
     * queueing the action and before waking the loop, a kernel calls its clock's
     * {@link giambio.api.LoopClock#busy()}, as it does after every blocking wait, so that a
     * shared virtual clock jumps only when every loop is idle.
     *
     * @param action what to run; it must not park
     * @throws java.util.concurrent.RejectedExecutionException if the loop has finished
     */
    void submit(Runnable action);

    /**
     * Reads the loop clock.
     *
     * @return nanoseconds on the loop clock
     */
    long nanoTime();

    /**
     * Counts what this kernel holds now: live and runnable tasks, pending timers, I/O watches
     * and idle callbacks. Callable from a task of the loop, or from any thread once
     * {@link #run} has returned (then a correct run leaves every count at zero).
     *
     * @return a snapshot of the kernel's bookkeeping
     */
    KernelStats stats();

    /**
     * The callback that decides whether a parked task can be taken back.
     */
    @FunctionalInterface
    interface Abort {
        /**
         * Undoes whatever the task is waiting for (removes it from a wait queue, withdraws a
         * timer), if it can.
         *
         * @return {@code true} if undone, so the kernel may reschedule the task now;
         *         {@code false} if the task must keep waiting until it is rescheduled normally
         */
        boolean tryAbort();
    }
}
