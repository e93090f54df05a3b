package giambio.api;

/**
 * The body of a task started with {@link TaskPool#start(StartBody)}: it does its set-up, then
 * reports itself ready through {@link TaskStatus#started(Object)}, then goes on running.
 *
 * @param <T> the type of the value the task reports when it is ready
 * @see TaskPool#start(String, StartBody)
 */
@FunctionalInterface
public interface StartBody<T> {

    /**
     * Runs the task.
     *
     * @param status call {@link TaskStatus#started(Object)} on it exactly once, when ready
     * @throws Exception whatever the task throws: before it is ready, it comes out of
     *                   {@code start}; after, it fails the pool like any task's exception
     */
    void run(TaskStatus<T> status) throws Exception;
}
