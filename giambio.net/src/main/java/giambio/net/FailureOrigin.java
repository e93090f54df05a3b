package giambio.net;

/**
 * A stream that can tell whether an exception came from its own connection (the peer reset
 * it, the pipe broke) rather than from the code using it. {@link Net#serveListeners} asks it
 * to decide what a handler's exception means: a connection's own failure ends that connection
 * only; anything else follows the {@link HandlerFailure} policy.
 *
 * <p>Design principles: the answer is by <em>identity</em>, never by type or message. The
 * stream remembers the exception objects its channel raised; a handler's exception is the
 * connection's failure only if it is one of them or has one of them in its cause chain (a
 * handler that wraps the reset in an {@code UncheckedIOException} still counts). An
 * {@code IOException} the handler makes itself, even with the same message, is the handler's.
 * A stream layered over another (TLS) implements this by asking the stream below and adding
 * its own protocol failures.
 */
interface FailureOrigin {

    /**
     * Tells whether {@code t}, or an exception in its cause chain, is one this stream's
     * connection raised.
     *
     * @param t a handler's exception
     * @return true if the connection itself failed with it
     */
    boolean raisedByTheConnection(Throwable t);
}
