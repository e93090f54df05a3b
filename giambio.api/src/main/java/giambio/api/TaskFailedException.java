package giambio.api;

/**
 * Thrown by {@link Task#join()} when the joined task failed; the cause is the task's own
 * exception, the same object its pool rethrows.
 */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
