package giambio.api.sync;

import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import giambio.api.spi.Outcome;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Limits how many borrowers may use a resource at once (trio's {@code CapacityLimiter}):
 * like a {@link Semaphore}, but each token is lent to a borrower (by default the calling
 * task) who alone may return it, and the number of tokens can change at run time.
 *
 * {@snippet :
 * CapacityLimiter threads = new CapacityLimiter(4);
 * threads.acquire();
 * try {
 *     Threads.runInThread(() -> expensiveCall());   // at most 4 at once
 * } finally {
 *     threads.release();
 * }
 * }
 *
 * <h2>Rules</h2>
 * A borrower holds at most one token: borrowing again before returning is an error, which
 * catches leaks. Borrowers are compared by identity. Waiters are served in FIFO order.
 * {@link #setTotalTokens} wakes waiters at once when it adds tokens; when it removes some,
 * current borrowers keep theirs and new ones wait until the count is below the total.
 * {@link #acquire()} is a checkpoint whether or not it waits. Binds to the loop that first
 * uses it.
 */
public final class CapacityLimiter {

    /**
     * A snapshot of a limiter's state, for debugging.
     *
     * @param borrowedTokens tokens lent out
     * @param totalTokens    the current total
     * @param borrowers      who holds them, in no particular order
     * @param tasksWaiting   tasks waiting for a token
     */
    public record Statistics(int borrowedTokens, int totalTokens, List<Object> borrowers, int tasksWaiting) {
        /**
         * Copies the borrowers.
         *
         * @param borrowedTokens tokens lent out
         * @param totalTokens    the current total
         * @param borrowers      who holds them
         * @param tasksWaiting   tasks waiting for a token
         */
        public Statistics {
            borrowers = List.copyOf(borrowers);
        }
    }

    private final LoopBinding binding = new LoopBinding();
    /** At least 1. */
    private int total;
    /** Who holds a token, by identity; while tasks wait, its size is at least {@link #total}. */
    private final Set<Object> borrowers = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Waiting tasks; {@code value} is the borrower each waits for. */
    private final WaitQueue waiters = new WaitQueue();

    /**
     * Creates a limiter; allowed outside a loop.
     *
     * @param totalTokens how many borrowers may hold a token at once
     * @throws IllegalArgumentException if {@code totalTokens} is below 1
     */
    public CapacityLimiter(int totalTokens) {
        this.total = checkTotal(totalTokens);
    }

    /**
     * Borrows a token for the calling task, waiting in line if none is free. A checkpoint.
     *
     * @throws IllegalStateException if the task already holds a token of this limiter
     * @throws giambio.api.Cancelled if cancelled before getting a token (then it holds none)
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void acquire() {
        acquireOnBehalfOf(Giambio.currentTask());
    }

    /**
     * Borrows a token for {@code borrower}, waiting in line if none is free. A checkpoint.
     *
     * @param borrower who will hold the token (and must be named to return it)
     * @throws IllegalStateException if {@code borrower} already holds a token of this limiter,
     *                               or if called from another loop's task
     * @throws giambio.api.Cancelled if cancelled before getting a token (then it holds none)
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void acquireOnBehalfOf(Object borrower) {
        Objects.requireNonNull(borrower, "borrower");
        binding.check("CapacityLimiter.acquire", this);
        Lowlevel.checkpointIfCancelled();
        if (take(borrower, "CapacityLimiter.acquire")) {
            Lowlevel.cancelShieldedCheckpoint();
            return;
        }
        waiters.park(new Waiter(Lowlevel.currentKernelTask(), borrower, null));
    }

    /**
     * Borrows a token for the calling task if one is free; never waits. Not a checkpoint.
     *
     * @return {@code true} if the task now holds a token
     * @throws IllegalStateException if the task already holds a token of this limiter
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public boolean tryAcquire() {
        return tryAcquireOnBehalfOf(Giambio.currentTask());
    }

    /**
     * Borrows a token for {@code borrower} if one is free; never waits. Not a checkpoint.
     *
     * @param borrower who will hold the token
     * @return {@code true} if {@code borrower} now holds a token
     * @throws IllegalStateException if {@code borrower} already holds a token of this limiter
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public boolean tryAcquireOnBehalfOf(Object borrower) {
        Objects.requireNonNull(borrower, "borrower");
        binding.check("CapacityLimiter.tryAcquire", this);
        return take(borrower, "CapacityLimiter.tryAcquire");
    }

    /**
     * Returns the calling task's token. Not a checkpoint.
     *
     * @throws IllegalStateException if the task holds no token of this limiter
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void release() {
        releaseOnBehalfOf(Giambio.currentTask());
    }

    /**
     * Returns {@code borrower}'s token; the first waiter, if any, gets it. Not a checkpoint.
     *
     * @param borrower who holds the token
     * @throws IllegalStateException if {@code borrower} holds no token of this limiter
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void releaseOnBehalfOf(Object borrower) {
        Objects.requireNonNull(borrower, "borrower");
        Kernel kernel = binding.check("CapacityLimiter.release", this);
        if (!borrowers.remove(borrower)) {
            throw new IllegalStateException("CapacityLimiter.release: " + borrower
                    + " does not hold a token of this limiter");
        }
        wakeWaiters(kernel);
    }

    /**
     * Returns the total number of tokens.
     *
     * @return the total
     */
    public int totalTokens() {
        return total;
    }

    /**
     * Changes the total number of tokens; more tokens wake waiters at once. Not a checkpoint.
     *
     * @param totalTokens the new total
     * @throws IllegalArgumentException if {@code totalTokens} is below 1
     * @throws WrongThreadException     if called from another loop, or from a thread that runs no task of its loop
     */
    public void setTotalTokens(int totalTokens) {
        int checked = checkTotal(totalTokens);
        Kernel kernel = binding.check("CapacityLimiter.setTotalTokens", this);
        total = checked;
        wakeWaiters(kernel);
    }

    /**
     * Returns how many tokens are lent out.
     *
     * @return the number of borrowers
     */
    public int borrowedTokens() {
        return borrowers.size();
    }

    /**
     * Returns how many tokens are free now.
     *
     * @return the total minus the borrowed tokens, at least 0
     */
    public int availableTokens() {
        return Math.max(0, total - borrowers.size());
    }

    /**
     * Returns a snapshot of the limiter's state.
     *
     * @return tokens, borrowers and waiters
     */
    public Statistics statistics() {
        return new Statistics(borrowers.size(), total, List.copyOf(borrowers), waiters.size());
    }

    @Override
    public String toString() {
        return "CapacityLimiter[" + borrowers.size() + "/" + total + " borrowed, " + waiters.size() + " waiting]";
    }

    private boolean take(Object borrower, String what) {
        if (borrowers.contains(borrower)) {
            throw new IllegalStateException(what + ": " + borrower + " already holds a token of this limiter; "
                    + "a borrower holds at most one (release it first)");
        }
        if (borrowers.size() < total && waiters.isEmpty()) {
            borrowers.add(borrower);
            return true;
        }
        return false;
    }

    private void wakeWaiters(Kernel kernel) {
        while (borrowers.size() < total && !waiters.isEmpty()) {
            Waiter w = waiters.pollFirst();
            borrowers.add(w.value);
            kernel.reschedule(w.task, Outcome.NONE);
        }
    }

    private static int checkTotal(int totalTokens) {
        if (totalTokens < 1) {
            throw new IllegalArgumentException("CapacityLimiter: a capacity limiter needs at least 1 token, not " + totalTokens);
        }
        return totalTokens;
    }
}
