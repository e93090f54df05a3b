package giambio.api.sync;

/**
 * Thrown by a receive on a channel whose every send end is closed and whose buffer is empty:
 * the normal end of a stream of items (trio's {@code EndOfChannel}).
 *
 * <p>It is unchecked so that receiving code stays plain; for-each iteration over a
 * {@link ReceiveChannel} stops there instead of throwing.
 */
public final class EndOfChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which channel ended
     */
    public EndOfChannelException(String message) {
        super(message);
    }
}
