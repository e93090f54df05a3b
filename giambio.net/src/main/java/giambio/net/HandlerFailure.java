package giambio.net;

/**
 * What {@link Net#serveListeners} does when a
 * {@link ConnectionHandler} throws an {@link Exception}.
 *
 * <p>{@link giambio.api.Cancelled} and other {@link Error}s always propagate: they are never
 * a single connection's business.
 */
public enum HandlerFailure {

    /**
     * The exception crashes the server (trio's {@code serve_tcp}): the other connections and
     * the accept loop are cancelled, and {@code serveTcp} throws that same exception object.
     * Exceptions are never lost. This is the default.
     */
    CRASH_SERVER,

    /**
     * The exception is logged (logger {@code giambio.net}, level WARNING, with the peer's
     * address), only that connection is closed, and the server goes on.
     */
    LOG_AND_CONTINUE
}
