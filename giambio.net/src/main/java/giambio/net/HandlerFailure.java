package giambio.net;

/**
 * What {@link Net#serveListeners} does when a
 * {@link ConnectionHandler} throws an {@link Exception}.
 *
 * <p>Whatever the policy, an {@link java.io.IOException} that the connection's own stream
 * raised (the peer reset it, the pipe broke; also when the handler wraps it, as the cause of
 * its own exception) ends that connection only: the stream is closed, the failure is logged
 * at DEBUG (logger {@code giambio.net}), and the server goes on. A client that hangs up rudely
 * is not a bug of the server. The policy decides about every other exception: the ones the
 * handler raises itself. {@link giambio.api.Cancelled} and other {@link Error}s always
 * propagate: they are never a single connection's business.
 */
public enum HandlerFailure {

    /**
     * The handler's exception crashes the server (trio's {@code serve_tcp}): the other
     * connections and the accept loop are cancelled, and {@code serveTcp} throws that same
     * exception object. Exceptions are never lost. This is the default. (A connection's own
     * I/O failure is not the handler's exception; see the class comment.)
     */
    CRASH_SERVER,

    /**
     * The exception is logged (logger {@code giambio.net}, level WARNING, with the peer's
     * address), only that connection is closed, and the server goes on.
     */
    LOG_AND_CONTINUE
}
