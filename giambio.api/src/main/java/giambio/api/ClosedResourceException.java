package giambio.api;

/**
 * Thrown when a resource is used after it was closed, by this task or by another one while this one was waiting on it (trio's {@code ClosedResourceError}).
 */
public final class ClosedResourceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what resource, and what happened to it
     */
    public ClosedResourceException(String message) {
        super(message);
    }
}
