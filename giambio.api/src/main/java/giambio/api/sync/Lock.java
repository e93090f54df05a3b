package giambio.api.sync;

import giambio.api.Action;
import giambio.api.BrokenResourceException;
import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.Task;
import giambio.api.spi.Kernel;
import giambio.api.spi.Outcome;
import giambio.api.spi.Registration;
import giambio.debug.TaskView;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A mutual-exclusion lock for tasks: fair, owned, not reentrant (trio's {@code Lock}).
 *
 * {@snippet :
 * Lock lock = new Lock();
 * lock.withLock(() -> {
 *     balance = read();
 *     Giambio.sleep(Duration.ofMillis(10));  // other tasks run, but none enters here
 *     write(balance + 1);
 * });
 * }
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Fair.</b> Waiters get the lock in the order they started waiting. On
 *       {@link #release()} ownership passes straight to the first waiter: a task that calls
 *       {@link #acquire()} meanwhile queues behind it (no barging).</li>
 *   <li><b>Owned.</b> Only the owner may release; acquiring a lock one already holds is an
 *       error, not a deadlock.</li>
 *   <li><b>Broken by a dead owner.</b> If the owner finishes while holding the lock, every
 *       current and future waiter gets {@link BrokenResourceException}: the data the lock
 *       guards may be half-updated.</li>
 *   <li><b>Checkpoints.</b> {@link #acquire()} is a checkpoint whether or not it waits and
 *       is cancellable while waiting; {@link #tryAcquire()} and {@link #release()} are not
 *       checkpoints.</li>
 *   <li><b>One loop.</b> A lock may be created anywhere; it binds to the loop that first
 *       uses it. Use from a task of another loop, or from a thread that runs no task of that loop,
 *       fails with {@link WrongThreadException} (S26).</li>
 * </ul>
 * Never hold a JDK lock or monitor across a checkpoint instead: the waiting task would block
 * the whole loop.
 */
public final class Lock {

    /**
     * A snapshot of a lock's state, for debugging.
     *
     * @param locked       whether some task holds the lock
     * @param owner        the task that holds it, if any
     * @param tasksWaiting how many tasks wait in {@link #acquire()}
     */
    public record Statistics(boolean locked, Optional<TaskView> owner, int tasksWaiting) {
        /**
         * Checks the components.
         *
         * @param locked       whether some task holds the lock
         * @param owner        the task that holds it, if any
         * @param tasksWaiting how many tasks wait
         * @throws NullPointerException if {@code owner} is null
         */
        public Statistics {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** A waiter is woken with this when the owner died holding the lock. */
    private static final Object BROKEN = new Object();

    private final LoopBinding binding = new LoopBinding();
    /** The owning task, or null when free. Non-null whenever {@link #waiters} is non-empty. */
    private Task<?> owner;
    /** Tasks waiting to acquire, in order; each is woken owning the lock (or with BROKEN). */
    private final WaitQueue waiters = new WaitQueue();
    /** Watches the owner's exit while tasks wait; null when nobody waits or the lock is free. */
    private Registration ownerWatch;
    /** The task that finished while holding the lock, or null; once set, the lock stays broken. */
    private Task<?> brokenBy;

    /**
     * Creates a free lock; allowed outside a loop.
     */
    public Lock() {
    }

    /**
     * Acquires the lock, waiting in line while another task holds it. A checkpoint.
     *
     * @throws giambio.api.Cancelled   if the calling task is cancelled before it gets the lock
     *                                 (it then does not hold it)
     * @throws IllegalStateException   if the calling task already holds the lock (not
     *                                 reentrant), or if called from another loop's task
     * @throws BrokenResourceException if the owner finished while holding the lock
     * @throws WrongThreadException    if called from another loop, or from a thread that runs no task of its loop
     */
    public void acquire() {
        binding.check("Lock.acquire", this);
        Lowlevel.checkpointIfCancelled();
        Task<?> me = Giambio.currentTask();
        if (tryTake(me, "Lock.acquire")) {
            Lowlevel.cancelShieldedCheckpoint();
            return;
        }
        if (ownerWatch == null) {
            Task<?> watched = owner;
            ownerWatch = Lowlevel.whenTaskExits(watched, () -> ownerExited(watched));
        }
        Object woken = waiters.park(new Waiter(Lowlevel.currentKernelTask(), me, null));
        if (woken == BROKEN) {
            throw broken();
        }
    }

    /**
     * Acquires the lock if it is free and nobody waits for it; never waits. Not a checkpoint.
     *
     * @return {@code true} if the calling task now holds the lock
     * @throws IllegalStateException   if the calling task already holds the lock, or if called
     *                                 from another loop's task
     * @throws BrokenResourceException if the owner finished while holding the lock
     * @throws WrongThreadException    if called from another loop, or from a thread that runs no task of its loop
     */
    public boolean tryAcquire() {
        binding.check("Lock.tryAcquire", this);
        return tryTake(Giambio.currentTask(), "Lock.tryAcquire");
    }

    /**
     * Releases the lock; if tasks wait, the first of them becomes the owner. Not a checkpoint.
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void release() {
        Kernel kernel = binding.check("Lock.release", this);
        Task<?> me = Giambio.currentTask();
        if (owner != me) {
            throw new IllegalStateException("Lock.release: task '" + me.name() + "' does not hold this lock; "
                    + (owner == null ? "it is not held by any task" : "it is held by task '" + owner.name() + "'"));
        }
        if (ownerWatch != null) {
            ownerWatch.cancel();
            ownerWatch = null;
        }
        Waiter next = waiters.pollFirst();
        if (next == null) {
            owner = null;
            return;
        }
        Task<?> heir = (Task<?>) next.value;
        owner = heir;
        if (!waiters.isEmpty()) {
            ownerWatch = Lowlevel.whenTaskExits(heir, () -> ownerExited(heir));
        }
        kernel.reschedule(next.task, Outcome.NONE);
    }

    /**
     * Runs {@code body} holding the lock, and releases it however the body ends.
     *
     * @param body the code to run
     * @throws Exception               whatever the body throws
     * @throws giambio.api.Cancelled   if cancelled while waiting for the lock
     * @throws BrokenResourceException if the owner finished while holding the lock
     */
    public void withLock(Action body) throws Exception {
        Objects.requireNonNull(body, "body");
        acquire();
        try {
            body.run();
        } finally {
            release();
        }
    }

    /**
     * Runs {@code body} holding the lock, releases it however the body ends, and returns the
     * body's result.
     *
     * @param <T>  the result type
     * @param body the code to run
     * @return what the body returned
     * @throws Exception               whatever the body throws
     * @throws giambio.api.Cancelled   if cancelled while waiting for the lock
     * @throws BrokenResourceException if the owner finished while holding the lock
     */
    public <T> T withLock(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        acquire();
        try {
            return body.call();
        } finally {
            release();
        }
    }

    /**
     * Tells whether some task holds the lock.
     *
     * @return {@code true} if the lock is held
     */
    public boolean isLocked() {
        return owner != null;
    }

    /**
     * Returns a snapshot of the lock's state.
     *
     * @return owner and waiters
     */
    public Statistics statistics() {
        return new Statistics(owner != null, Optional.<TaskView>ofNullable(owner), waiters.size());
    }

    @Override
    public String toString() {
        return "Lock[" + (brokenBy != null ? "broken by task '" + brokenBy.name() + "'"
                : owner == null ? "free" : "held by task '" + owner.name() + "', " + waiters.size() + " waiting") + "]";
    }

    /** The owning task or null; for {@link Condition}. */
    Task<?> ownerTask() {
        return owner;
    }

    /** Takes the lock for {@code me} if free and nobody waits; checks misuse. */
    private boolean tryTake(Task<?> me, String what) {
        if (brokenBy != null) {
            throw broken();
        }
        if (owner == me) {
            throw new IllegalStateException(what + ": task '" + me.name() + "' already holds this lock; "
                    + "giambio locks are not reentrant");
        }
        if (owner == null) {
            owner = me;
            return true;
        }
        if (owner.isDone()) {
            ownerExited(owner);
            throw broken();
        }
        return false;
    }

    /** The owner finished holding the lock: break it and wake every waiter. */
    private void ownerExited(Task<?> task) {
        if (owner != task || brokenBy != null) {
            return;
        }
        brokenBy = task;
        ownerWatch = null;
        Kernel kernel = Lowlevel.kernel();
        for (Waiter w : waiters.drain()) {
            kernel.reschedule(w.task, Outcome.success(BROKEN));
        }
    }

    private BrokenResourceException broken() {
        return new BrokenResourceException("this lock is broken: its owner, task '" + brokenBy.name()
                + "', finished while holding it, so the state it guards may be inconsistent");
    }
}
