package giambio.api;

import java.util.concurrent.TimeoutException;

/**
 * Thrown by {@link Giambio#withTimeout} and {@link Giambio#withDeadline} when the body did
 * not finish before the deadline (trio's {@code TooSlowError}). It is a JDK
 * {@link TimeoutException}, so code that handles those handles this too.
 */
public final class TooSlowException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    TooSlowException(String message) {
        super(message);
    }
}
