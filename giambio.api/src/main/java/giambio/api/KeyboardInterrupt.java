package giambio.api;

/**
 * Thrown by {@code Giambio.run} when the process got an interrupt signal (Ctrl+C, SIGINT)
 * while the loop ran (Python's {@code KeyboardInterrupt}).
 *
 * <p>The signal cancels the whole loop: every task gets {@link Cancelled} (with reason
 * {@link CancelReason#KEYBOARD_INTERRUPT}) at its next checkpoint, unwinds through its
 * {@code finally} blocks and closes its sockets, and once everything has finished, this
 * exception leaves {@code run}. Its cause is the {@link Cancelled} that ended the main task;
 * an exception a task threw while unwinding is attached as suppressed, never lost.
 *
 * {@snippet :
 * try {
 *     Giambio.run(() -> Net.serveTcp(1500, handler));
 * } catch (KeyboardInterrupt e) {
 *     log.info("Ctrl+C detected, exiting");
 * }
 * }
 *
 * <p>A second Ctrl+C while the loop unwinds goes to the JVM's own handler (which exits with
 * status 130), so a task stuck in cleanup cannot make the program unkillable. Turn the
 * handling off with {@link RunOptions.Builder#handleSigint(boolean)} or
 * {@code -Dgiambio.sigint=false}.
 */
public final class KeyboardInterrupt extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the detail message
     * @param cause   the {@link Cancelled} that ended the main task, or {@code null}
     */
    public KeyboardInterrupt(String message, Throwable cause) {
        super(message, cause);
    }
}
