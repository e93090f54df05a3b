package giambio.api;

/**
 * How a task started with {@link TaskPool#start(StartBody)} says it is ready (trio's
 * {@code task_status}).
 *
 * <p>Until {@link #started(Object)} is called, the task runs under the caller of
 * {@code start}: its exception comes out of {@code start}, and cancelling the caller cancels
 * it. The call hands the task over to the pool and makes {@code start} return the value.
 * Loop-confined.
 *
 * @param <T> the type of the value reported
 */
public sealed interface TaskStatus<T> permits PoolImpl.Status {

    /**
     * Reports the task ready: {@code start} returns {@code value}, and the task now belongs
     * to the pool it was started in. Not a checkpoint.
     *
     * @param value what {@code start} returns (may be {@code null})
     * @throws IllegalStateException if called a second time (the message names the task)
     * @throws WrongThreadException  if called from a thread that runs no task of the loop
     */
    void started(T value);

    /**
     * Reports the task ready with no value: {@code start} returns {@code null}. The same as
     * {@code started(null)}.
     *
     * @throws IllegalStateException if called a second time
     * @throws WrongThreadException  if called from a thread that runs no task of the loop
     */
    default void started() {
        started(null);
    }
}
