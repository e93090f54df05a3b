package giambio.net;

/**
 * Serves one connection accepted by {@link Net#serveListeners} (and the {@code serveTcp}
 * helpers built on it). It runs in a task of its own; the stream is closed when it returns or
 * throws.
 *
 * @param <S> the kind of stream it serves
 */
@FunctionalInterface
public interface ConnectionHandler<S extends ByteStream> {

    /**
     * Serves {@code stream} until done.
     *
     * @param stream the connection; closed by {@code serveTcp} after this method ends
     * @throws Exception anything; what happens then depends on the {@link HandlerFailure}
     *                   policy given to {@code serveTcp}
     */
    void handle(S stream) throws Exception;
}
