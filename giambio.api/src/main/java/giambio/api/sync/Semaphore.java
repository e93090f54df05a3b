package giambio.api.sync;

import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import giambio.api.spi.Outcome;
import java.util.OptionalInt;

/**
 * A counting semaphore for tasks, optionally bounded (trio's {@code Semaphore}).
 *
 * {@snippet :
 * Semaphore slots = new Semaphore(3);        // at most 3 tasks inside at once
 * slots.acquire();
 * try {
 *     download();
 * } finally {
 *     slots.release();
 * }
 * }
 *
 * <h2>Rules</h2>
 * Waiters are served in FIFO order: {@link #release()} hands its unit straight to the first
 * waiter, so the value stays 0 while anyone waits. Unlike a {@link Lock}, a semaphore has no
 * owner: any task may release. With a maximum, a release that would push the value above it
 * fails: it reveals a release without an acquire. {@link #acquire()} is a checkpoint whether
 * or not it waits. Binds to the loop that first uses it (see {@link Lock}).
 */
public final class Semaphore {

    /**
     * A snapshot of a semaphore's state, for debugging.
     *
     * @param value        units available now
     * @param maxValue     the upper bound, if any
     * @param tasksWaiting how many tasks wait in {@link #acquire()}
     */
    public record Statistics(int value, OptionalInt maxValue, int tasksWaiting) {
    }

    private final LoopBinding binding = new LoopBinding();
    /** Units available; 0 whenever {@link #waiters} is non-empty; never above {@link #max}. */
    private int value;
    /** Upper bound on {@link #value}, or -1 for none. */
    private final int max;
    private final WaitQueue waiters = new WaitQueue();

    /**
     * Creates an unbounded semaphore; allowed outside a loop.
     *
     * @param initialValue units available at first
     * @throws IllegalArgumentException if {@code initialValue} is negative
     */
    public Semaphore(int initialValue) {
        if (initialValue < 0) {
            throw new IllegalArgumentException("a semaphore's initial value must not be negative: " + initialValue);
        }
        this.value = initialValue;
        this.max = -1;
    }

    /**
     * Creates a semaphore whose value may never exceed {@code maxValue}.
     *
     * @param initialValue units available at first
     * @param maxValue     the upper bound
     * @throws IllegalArgumentException if {@code initialValue} is negative or above
     *                                  {@code maxValue}
     */
    public Semaphore(int initialValue, int maxValue) {
        if (initialValue < 0) {
            throw new IllegalArgumentException("a semaphore's initial value must not be negative: " + initialValue);
        }
        if (initialValue > maxValue) {
            throw new IllegalArgumentException("a semaphore's initial value " + initialValue
                    + " must not exceed its maximum " + maxValue);
        }
        this.value = initialValue;
        this.max = maxValue;
    }

    /**
     * Takes a unit, waiting in line while none is available. A checkpoint.
     *
     * @throws giambio.api.Cancelled if the calling task is cancelled before it gets a unit
     * @throws IllegalStateException if called outside any running loop before a loop used it
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void acquire() {
        binding.check("Semaphore.acquire", this);
        Lowlevel.checkpointIfCancelled();
        if (value > 0) {
            value--;
            Lowlevel.cancelShieldedCheckpoint();
            return;
        }
        waiters.park(new Waiter(Lowlevel.currentKernelTask(), null, null));
    }

    /**
     * Takes a unit if one is available; never waits. Not a checkpoint.
     *
     * @return {@code true} if a unit was taken
     * @throws IllegalStateException if called outside any running loop before a loop used it
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public boolean tryAcquire() {
        binding.check("Semaphore.tryAcquire", this);
        if (value > 0) {
            value--;
            return true;
        }
        return false;
    }

    /**
     * Returns a unit: to the first waiter if any, else to the semaphore. Not a checkpoint.
     *
     * @throws IllegalStateException if the semaphore is bounded and already at its maximum
     *                               (released more often than acquired), or if called from
     *                               another loop's task, or if the value would overflow
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void release() {
        Kernel kernel = binding.check("Semaphore.release", this);
        Waiter next = waiters.pollFirst();
        if (next != null) {
            kernel.reschedule(next.task, Outcome.NONE);
            return;
        }
        if (max >= 0 && value >= max) {
            throw new IllegalStateException("Semaphore.release: the semaphore is already at its maximum value " + max
                    + ": it was released more often than acquired");
        }
        if (value == Integer.MAX_VALUE) {
            throw new IllegalStateException("Semaphore.release: the value would overflow Integer.MAX_VALUE");
        }
        value++;
    }

    /**
     * Returns the number of units available now.
     *
     * @return the current value
     */
    public int value() {
        return value;
    }

    /**
     * Returns the upper bound.
     *
     * @return the maximum value, or empty if unbounded
     */
    public OptionalInt maxValue() {
        return max < 0 ? OptionalInt.empty() : OptionalInt.of(max);
    }

    /**
     * Returns a snapshot of the semaphore's state.
     *
     * @return value, bound and waiters
     */
    public Statistics statistics() {
        return new Statistics(value, maxValue(), waiters.size());
    }

    @Override
    public String toString() {
        return "Semaphore[value=" + value + (max >= 0 ? ", max=" + max : "") + ", " + waiters.size() + " waiting]";
    }
}
