package giambio.api;

/**
 * A broken invariant inside giambio or inside a kernel: a bug, never the user's fault.
 *
 * <p>The message ends with a request to report it. Kernel implementations throw it too.
 */
public final class GiambioInternalError extends Error {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what invariant broke
     */
    public GiambioInternalError(String message) {
        super(message + " (this is a bug in giambio or its kernel: please report it with the stack trace)");
    }

    /**
     * Creates the error with a cause.
     *
     * @param message what invariant broke
     * @param cause   the exception that revealed it
     */
    public GiambioInternalError(String message, Throwable cause) {
        super(message + " (this is a bug in giambio or its kernel: please report it with the stack trace)", cause);
    }
}
