package giambio.api.sync;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.Task;
import giambio.api.spi.Kernel;
import giambio.api.spi.Outcome;
import java.util.Objects;

/**
 * A condition variable: tasks holding a {@link Lock} wait until another task signals them
 * (trio's {@code Condition}; named after {@link java.util.concurrent.locks.Condition}).
 *
 * {@snippet :
 * Condition nonEmpty = new Condition();
 * // consumer
 * nonEmpty.lock().withLock(() -> {
 *     while (queue.isEmpty()) {
 *         nonEmpty.await();                 // releases the lock while waiting
 *     }
 *     return queue.poll();
 * });
 * // producer
 * nonEmpty.lock().withLock(() -> {
 *     queue.add(item);
 *     nonEmpty.signal();
 * });
 * }
 *
 * <h2>Rules</h2>
 * {@link #await()} requires the calling task to hold the lock; it releases the lock, waits
 * for a signal and re-acquires the lock before returning, also when it is cancelled: the
 * {@link Cancelled} propagates only once the task holds the lock again (so a
 * {@code withLock} around it releases correctly). Waiters are signalled in FIFO order. As
 * with every condition variable, re-check the predicate in a loop: another task may run
 * between the signal and the return. {@link #signal()} and {@link #signalAll()} need the lock
 * too. Binds to the loop that first uses it.
 */
public final class Condition {

    private final Lock lock;
    private final LoopBinding binding = new LoopBinding();
    /** Tasks in {@link #await()} that were not signalled yet. */
    private final WaitQueue waiters = new WaitQueue();

    /**
     * Creates a condition with a new lock of its own; allowed outside a loop.
     */
    public Condition() {
        this(new Lock());
    }

    /**
     * Creates a condition bound to {@code lock}; allowed outside a loop.
     *
     * @param lock the lock that guards the condition's state
     */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * Returns the condition's lock.
     *
     * @return the lock
     */
    public Lock lock() {
        return lock;
    }

    /**
     * Releases the lock, waits for a signal, and re-acquires the lock. A checkpoint.
     *
     * @throws Cancelled                          if the task is cancelled while waiting; it
     *                                            holds the lock again when this is thrown
     * @throws IllegalStateException              if the calling task does not hold the lock,
     *                                            or if called outside any running loop
     * @throws giambio.api.BrokenResourceException if re-acquiring finds the lock broken
     * @throws WrongThreadException               if called from another loop, or from a thread that runs no task of its loop
     */
    public void await() {
        binding.check("Condition.await", this);
        requireOwner("Condition.await");
        Lowlevel.checkpointIfCancelled();
        Waiter me = new Waiter(Lowlevel.currentKernelTask(), null, null);
        lock.release();
        Cancelled cancelled = null;
        try {
            waiters.park(me);
        } catch (Cancelled c) {
            cancelled = c;
        }
        reacquireShielded();
        if (cancelled != null) {
            throw cancelled;
        }
    }

    /**
     * Wakes the task that has waited longest, if any. Not a checkpoint.
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void signal() {
        Kernel kernel = binding.check("Condition.signal", this);
        requireOwner("Condition.signal");
        Waiter w = waiters.pollFirst();
        if (w != null) {
            kernel.reschedule(w.task, Outcome.NONE);
        }
    }

    /**
     * Wakes every waiting task. Not a checkpoint.
     *
     * @throws IllegalStateException if the calling task does not hold the lock
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void signalAll() {
        Kernel kernel = binding.check("Condition.signalAll", this);
        requireOwner("Condition.signalAll");
        for (Waiter w : waiters.drain()) {
            kernel.reschedule(w.task, Outcome.NONE);
        }
    }

    /**
     * Returns the number of tasks waiting for a signal.
     *
     * @return the number of tasks in {@link #await()} not yet signalled
     */
    public int tasksWaiting() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "Condition[" + waiters.size() + " waiting, " + lock + "]";
    }

    private void requireOwner(String what) {
        Task<?> me = Giambio.currentTask();
        if (lock.ownerTask() != me) {
            throw new IllegalStateException(what + ": task '" + me.name() + "' must hold the condition's lock");
        }
    }

    /** Re-acquires the lock, ignoring cancellation (it is re-raised at the next checkpoint). */
    private void reacquireShielded() {
        CancelScope shield = CancelScope.create();
        shield.setShield(true);
        try {
            shield.run(lock::acquire);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected checked exception while re-acquiring a lock", e);
        }
    }
}
