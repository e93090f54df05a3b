package giambio.api;

/**
 * Thrown when a resource can no longer be used because of something its other side did (trio's {@code BrokenResourceError}): sending on a channel whose receivers are all closed, or waiting for a lock whose owner finished while holding it.
 */
public final class BrokenResourceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what resource, and what happened to it
     */
    public BrokenResourceException(String message) {
        super(message);
    }
}
