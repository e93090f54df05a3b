package giambio.net;

/**
 * Serves one connection accepted by {@link Net#serveTcp(SocketListener, ConnectionHandler)}.
 * It runs in a task of its own; the stream is closed when it returns or throws.
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves {@code stream} until done.
     *
     * @param stream the connection; closed by {@code serveTcp} after this method ends
     * @throws Exception anything; what happens then depends on the {@link HandlerFailure}
     *                   policy given to {@code serveTcp}
     */
    void handle(SocketStream stream) throws Exception;
}
