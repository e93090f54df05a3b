package giambio.net;

import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * A listener whose connections are TLS server streams (trio's {@code SSLListener}): it
 * accepts from another listener (usually a {@link SocketListener}) and wraps each connection
 * in a {@link TlsStream}. {@link Net#serveTls} serves one.
 *
 * {@snippet :
 * TlsListener listener = TlsListener.wrap(SocketListener.bind(new InetSocketAddress(4433)),
 *         TlsConfig.server(keyStore, password));
 * Net.serveListeners(List.of(listener), tls -> tls.sendAll(greeting), HandlerFailure.CRASH_SERVER);
 * }
 *
 * <p>{@link #accept()} does not run the handshake: it happens on the connection's first use,
 * in the task that serves it, so a slow or silent client holds up only its own task, never
 * the accept loop (and the configuration's handshake timeout bounds it).
 */
public sealed interface TlsListener extends Listener<TlsStream> permits TlsListenerImpl {

    /**
     * Wraps {@code transport}; the TLS listener owns it from now on and closes it when
     * closed. Not a checkpoint.
     *
     * @param transport the listener of the underlying connections
     * @param config    a server configuration
     * @return the listener
     * @throws IllegalArgumentException if {@code config} is a client configuration
     */
    static TlsListener wrap(Listener<? extends ByteStream> transport, TlsConfig config) {
        return TlsListenerImpl.wrap(transport, config);
    }

    /**
     * Waits for a connection and returns it as the server side of a TLS stream; the handshake
     * has not run yet.
     *
     * @return the new connection, which the caller must close
     * @throws BusyResourceException   if another task is accepting on this listener
     * @throws ClosedResourceException if the listener is closed, before or during the wait
     * @throws Cancelled               if the task is cancelled (no connection is lost then)
     * @throws IOException             if accepting fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    @Override
    TlsStream accept() throws IOException;

    /**
     * Returns the configuration each connection gets.
     *
     * @return the server configuration
     */
    TlsConfig config();

    /**
     * Returns the listener the connections come from.
     *
     * @return the transport listener
     */
    Listener<? extends ByteStream> transport();

    /**
     * Returns the transport listener's address.
     *
     * @return the local address
     */
    @Override
    SocketAddress localAddress();
}
