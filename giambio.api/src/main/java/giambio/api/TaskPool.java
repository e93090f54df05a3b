package giambio.api;

import java.util.concurrent.Callable;

/**
 * A pool (trio's nursery) that runs tasks and waits for all of them.
 *
 * <p>A pool exists only inside {@link Giambio#createPool(PoolBody)}: the call returns when the
 * body and every task spawned into the pool have finished. If the body or a task throws, the
 * pool cancels everything else in it and, once all have finished, rethrows that first
 * exception object, with later failures attached through {@link Throwable#addSuppressed}.
 * {@link Cancelled} exceptions caused by that cancellation are consequences, not failures:
 * they are neither rethrown nor attached.
 *
 * <p>Any task of the loop may spawn into the pool while it is open; tasks may spawn into the
 * pool that runs them. Spawning from another thread fails with {@link WrongThreadException}.
 *
 * {@snippet file="giambio/examples/JavadocSnippets.java" region="pool"}
 *
 * <h2>Why a lambda and not try-with-resources</h2>
 * A Java {@code close()} cannot see or replace the exception of its block, and the pool must
 * do both: wait for its children when the body failed, then rethrow the right exception.
 */
public sealed interface TaskPool permits PoolImpl {

    /**
     * Starts a task that runs {@code body}; returns at once. Not a checkpoint.
     *
     * @param body the task's code
     * @return the task's handle
     * @throws IllegalStateException if the pool has closed
     */
    Task<Void> spawn(Action body);

    /**
     * Starts a task that runs {@code body} and keeps its result; returns at once.
     *
     * @param <T>  the result type
     * @param body the task's code
     * @return the task's handle
     * @throws IllegalStateException if the pool has closed
     */
    <T> Task<T> spawn(Callable<T> body);

    /**
     * Starts a named task that runs {@code body}; returns at once.
     *
     * @param name the task's name, shown by debuggers and dumps
     * @param body the task's code
     * @return the task's handle
     * @throws IllegalStateException if the pool has closed
     */
    Task<Void> spawn(String name, Action body);

    /**
     * Starts a named task that runs {@code body} and keeps its result; returns at once.
     *
     * @param <T>  the result type
     * @param name the task's name, shown by debuggers and dumps
     * @param body the task's code
     * @return the task's handle
     * @throws IllegalStateException if the pool has closed
     */
    <T> Task<T> spawn(String name, Callable<T> body);

    /**
     * Starts a task and waits until it reports itself ready (trio's {@code nursery.start}),
     * then returns the value it reported; the task goes on running in this pool. A
     * checkpoint.
     *
     * <p>The classic use is a server that must be listening before its clients start:
     * {@snippet :
     * Giambio.createPool(pool -> {
     *     List<SocketListener> listeners = pool.start(status -> Net.serveTcp(0, handler, status));
     *     SocketAddress where = listeners.get(0).localAddress();  // bound and accepting
     *     pool.spawn(() -> runClient(where));
     * });
     * }
     *
     * <h4>Until the task is ready</h4>
     * It runs under the caller, in a pool of the caller's own: an exception it throws before
     * calling {@link TaskStatus#started(Object)} comes out of this method (the same object)
     * and does not touch this pool; cancelling the caller cancels it; if it returns without
     * calling {@code started}, this method throws {@link IllegalStateException}. This pool
     * stays open while a start is pending, so the task always has a place to move to.
     *
     * <h4>Once it is ready</h4>
     * It belongs to this pool: its exception fails the pool, and cancelling the pool cancels
     * it, as for any spawned task. If the caller was cancelled at the moment the task said it
     * was ready, the task stays with the caller and ends cancelled (as in trio).
     *
     * @param <T>  the type of the value the task reports
     * @param body the task's code; it must call {@code status.started(value)} once
     * @return the value the task passed to {@code started}
     * @throws Exception              what the task threw before it was ready (the same object)
     * @throws IllegalStateException  if the pool has closed, or the task returned without
     *                                calling {@code started}
     * @throws Cancelled              if the caller is cancelled while waiting (the task is
     *                                cancelled and waited for first)
     * @throws WrongThreadException   if called from a thread that runs no task of the loop
     */
    <T> T start(StartBody<T> body) throws Exception;

    /**
     * Like {@link #start(StartBody)}, with a name for the task.
     *
     * @param <T>  the type of the value the task reports
     * @param name the task's name, shown by debuggers and dumps
     * @param body the task's code; it must call {@code status.started(value)} once
     * @return the value the task passed to {@code started}
     * @throws Exception              what the task threw before it was ready (the same object)
     * @throws IllegalStateException  if the pool has closed, or the task returned without
     *                                calling {@code started}
     * @throws Cancelled              if the caller is cancelled while waiting
     * @throws WrongThreadException   if called from a thread that runs no task of the loop
     */
    <T> T start(String name, StartBody<T> body) throws Exception;

    /**
     * Cancels the pool: its body and all its tasks (and theirs) get {@link Cancelled} at
     * their next checkpoint. The pool itself then returns normally (unless something failed).
     */
    void cancel();

    /**
     * Returns the pool's cancel scope, for deadlines and shielding.
     *
     * @return the scope that wraps the pool's body and tasks
     */
    CancelScope cancelScope();

    /**
     * Tells whether the pool has closed: its body and all its tasks have finished.
     *
     * @return {@code true} if no more tasks can be spawned
     */
    boolean isClosed();
}
