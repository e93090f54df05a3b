package giambio.api;

/**
 * Thrown when a task waits for a resource that another task is already waiting for in the same way (trio's {@code BusyResourceError}): two tasks reading one socket at once, for example.
 */
public final class BusyResourceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what resource, and what happened to it
     */
    public BusyResourceException(String message) {
        super(message);
    }
}
