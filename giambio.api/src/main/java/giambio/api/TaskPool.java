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
