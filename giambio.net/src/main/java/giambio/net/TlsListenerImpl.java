package giambio.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;

/** The one {@link TlsListener}: accepts from a transport listener, wraps in TLS. */
final class TlsListenerImpl implements TlsListener {

    private static final System.Logger LOG = System.getLogger("giambio.net");

    private final Listener<? extends ByteStream> transport;
    private final TlsConfig config;

    private TlsListenerImpl(Listener<? extends ByteStream> transport, TlsConfig config) {
        this.transport = transport;
        this.config = config;
    }

    static TlsListenerImpl wrap(Listener<? extends ByteStream> transport, TlsConfig config) {
        Objects.requireNonNull(transport, "transport");
        checkServerConfig("TlsListener.wrap", config);
        return new TlsListenerImpl(transport, config);
    }

    static void checkServerConfig(String what, TlsConfig config) {
        Objects.requireNonNull(config, what + ": config");
        if (!config.isServer()) {
            throw new IllegalArgumentException(what + " needs a server configuration (TlsConfig.server(...)), not "
                    + config);
        }
    }

    /** {@link #wrap} for a listener handed over to a serve helper: closed if that fails. */
    static TlsListenerImpl wrapOwned(SocketListener transport, TlsConfig config) throws IOException {
        Objects.requireNonNull(transport, "listener");
        try {
            checkServerConfig("Net.serveTls", config);
            return new TlsListenerImpl(transport, config);
        } catch (RuntimeException misuse) {
            try {
                transport.close();
            } catch (IOException e) {
                misuse.addSuppressed(e);
            }
            throw misuse;
        }
    }

    /**
     * {@link Net#openTlsStream(String, int, TlsConfig)}: TCP, then the handshake; the socket
     * is closed if anything fails, cancellation included.
     */
    static TlsStream connect(String host, int port, TlsConfig config) throws IOException {
        Objects.requireNonNull(config, "Net.openTlsStream: config");
        String name = TlsConfig.checkHostName("Net.openTlsStream", host);
        if (config.isServer()) {
            throw new IllegalArgumentException("Net.openTlsStream needs a client configuration (TlsConfig.client()), not "
                    + config);
        }
        Resource.requireLoop("Net.openTlsStream");
        SocketStream tcp = Net.openTcpStream(host, port);
        TlsStream tls;
        try {
            tls = TlsStreamImpl.client(tcp, name, config);
        } catch (Throwable t) {
            closeAfter(tcp, t);
            throw t;
        }
        try {
            tls.handshake();
            return tls;
        } catch (Throwable t) {
            closeAfter(tls, t);
            throw t;
        }
    }

    /**
     * {@code handler} after the handshake, for the {@code serveTls} helpers: the connection's
     * own task runs the handshake first, and a handshake the peer fails (it does not trust the
     * certificate, does not speak TLS, hangs up, times out) is logged and ends that connection
     * only; the handler never sees it. Cancellation still propagates.
     *
     * <p>Discussion: under the default {@link HandlerFailure#CRASH_SERVER} a port scanner or a
     * client with the wrong trust store would otherwise stop the whole server with its
     * {@code SSLHandshakeException}: a failure of the peer, not of the handler.
     *
     * @return the wrapped handler, or null for a null one (so the caller's check names it)
     */
    static ConnectionHandler<TlsStream> afterHandshake(ConnectionHandler<? super TlsStream> handler) {
        if (handler == null) {
            return null;
        }
        return tls -> {
            try {
                tls.handshake();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.INFO, () -> "TLS handshake over " + tls.transport() + " failed; closed that "
                        + "connection, the server goes on: " + e.getMessage());
                tls.close();
                return;
            }
            handler.handle(tls);
        };
    }

    private static void closeAfter(ByteStream stream, Throwable primary) {
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    @Override
    public TlsStream accept() throws IOException {
        ByteStream stream = transport.accept();
        try {
            return TlsStreamImpl.server(stream, config);
        } catch (Throwable t) {
            try {
                stream.close();
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
    }

    @Override
    public TlsConfig config() {
        return config;
    }

    @Override
    public Listener<? extends ByteStream> transport() {
        return transport;
    }

    @Override
    public SocketAddress localAddress() {
        return transport.localAddress();
    }

    @Override
    public boolean isOpen() {
        return transport.isOpen();
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }

    @Override
    public String toString() {
        return "TLS listener over " + transport;
    }
}
