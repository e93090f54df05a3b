package giambio.api;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A thread-safe handle through which other threads run code in a loop (trio's
 * {@code from_thread.run}).
 *
 * <p>A portal is opened on a {@link TaskPool}; each call from a thread spawns a task into
 * that pool, which runs the code like any other task (it may sleep, use primitives, spawn).
 * The calling thread blocks until the task finishes and gets its result or exception.
 *
 * {@snippet :
 * MemoryChannel<String> ch = MemoryChannel.open(10);
 * Giambio.createPool(pool -> {
 *     Portal portal = Portal.open(pool);
 *     pool.spawn(() -> Threads.runInThread(() -> {
 *         for (String line : legacyBlockingSource()) {
 *             portal.run(() -> ch.sender().send(line));   // back-pressure reaches the thread
 *         }
 *         portal.run(() -> ch.sender().close());
 *         return null;
 *     }));
 *     for (String line : ch.receiver()) {
 *         System.out.println(line);
 *     }
 * });
 * }
 *
 * <h2>Lifetime</h2>
 * The portal works while its pool is open. Once the pool has closed (its body and all its
 * tasks finished) or the loop has ended, calls fail at once with
 * {@link ClosedResourceException} instead of hanging. A pool waits for tasks started
 * through the portal, but not for threads that have not called yet: keep the pool open
 * (for example with a task that waits on an {@link giambio.api.sync.Event}) while threads
 * may still call.
 *
 * <h2>Errors and cancellation</h2>
 * The task's exception goes to the caller, not to the pool: a failed call does not cancel
 * the pool. If the pool is cancelled while the call runs, the caller gets a
 * {@link java.util.concurrent.CancellationException} whose cause is the {@link Cancelled}.
 */
public sealed interface Portal permits PortalImpl {

    /**
     * Opens a portal into {@code pool}.
     *
     * @param pool an open pool of the calling task's loop
     * @return a portal that spawns calls into {@code pool}
     * @throws IllegalStateException if not called from a task of the pool's loop, or if the
     *                               pool has closed
     */
    static Portal open(TaskPool pool) {
        Objects.requireNonNull(pool, "pool");
        return PortalImpl.open((PoolImpl) pool);
    }

    /**
     * Runs {@code body} as a task in the loop and waits for it; for threads outside the
     * loop.
     *
     * @param <T>  the result type
     * @param body the code to run in the loop
     * @return what {@code body} returned
     * @throws Exception                 what {@code body} threw (the same object)
     * @throws java.util.concurrent.CancellationException if the pool cancelled the call
     * @throws ClosedResourceException   if the pool has closed or the loop has ended
     * @throws InterruptedException      if the calling thread is interrupted while waiting
     *                                   (the task goes on)
     * @throws IllegalStateException     if called from a task of a giambio loop, which would
     *                                   deadlock: call the code directly, or use {@link #submit}
     */
    <T> T call(Callable<T> body) throws Exception;

    /**
     * Runs {@code body} as a task in the loop and waits for it; for threads outside the
     * loop.
     *
     * @param body the code to run in the loop
     * @throws Exception                 what {@code body} threw (the same object)
     * @throws java.util.concurrent.CancellationException if the pool cancelled the call
     * @throws ClosedResourceException   if the pool has closed or the loop has ended
     * @throws InterruptedException      if the calling thread is interrupted while waiting
     * @throws IllegalStateException     if called from a task of a giambio loop
     */
    void run(Action body) throws Exception;

    /**
     * Starts {@code body} as a task in the loop and returns at once; callable from any
     * thread, the loop's own included.
     *
     * @param <T>  the result type
     * @param body the code to run in the loop
     * @return a future completed with the body's result or exception; exceptionally with
     *         {@link ClosedResourceException} if the pool has closed or the loop has ended
     */
    <T> CompletableFuture<T> submit(Callable<T> body);
}
