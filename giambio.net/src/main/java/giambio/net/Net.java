package giambio.net;

import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.TaskStatus;
import giambio.api.ThreadCancelPolicy;
import giambio.api.Threads;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;

/**
 * Connecting and serving TCP in one call (trio's {@code open_tcp_stream} and
 * {@code serve_tcp}).
 *
 * {@snippet :
 * // An echo server on port 5000 of every interface:
 * Giambio.run(() -> Net.serveTcp(5000, stream -> {
 *     for (byte[] data = stream.receive(4096); data.length > 0; data = stream.receive(4096)) {
 *         stream.sendAll(data);
 *     }
 * }));
 *
 * // A client:
 * Giambio.run(() -> {
 *     try (SocketStream stream = Net.openTcpStream("localhost", 5000)) {
 *         stream.sendAll("ping".getBytes(StandardCharsets.US_ASCII));
 *         System.out.println(new String(stream.receive(4), StandardCharsets.US_ASCII));
 *     }
 * });
 * }
 *
 * <p>{@link #openTcpStream(String, int)} races the addresses of a host name by happy eyeballs
 * (RFC 8305); {@link #openUnixStream}, {@link #openUnixListener} and {@link #serveUnix} do
 * for Unix-domain sockets what the TCP calls do.
 */
public final class Net {

    private static final System.Logger LOG = System.getLogger("giambio.net");

    private Net() {
    }

    // ---- connecting ----------------------------------------------------------------------

    /**
     * Connects to {@code host}:{@code port} by happy eyeballs (RFC 8305) with the default
     * options: a 250 ms attempt delay and the system resolver. A checkpoint; cancellable. See
     * {@link #openTcpStream(String, int, ConnectOptions)}.
     *
     * @param host a host name or IP literal
     * @param port the port, 1 to 65535
     * @return the connected stream, which the caller must close
     * @throws IllegalArgumentException          if {@code port} is out of range
     * @throws java.net.UnknownHostException     if {@code host} cannot be resolved
     * @throws java.net.ConnectException         if every address failed: its message names each
     *                                           address and its error, and each attempt's
     *                                           exception is suppressed in it
     * @throws IOException                       if resolving fails otherwise
     * @throws Cancelled                         if the task is cancelled (no socket is left
     *                                           open)
     * @throws IllegalStateException             if not called from a task of a running loop
     */
    public static SocketStream openTcpStream(String host, int port) throws IOException {
        return openTcpStream(host, port, ConnectOptions.DEFAULT);
    }

    /**
     * Connects to {@code host}:{@code port} by happy eyeballs (RFC 8305, as trio's
     * {@code open_tcp_stream}). A checkpoint; cancellable.
     *
     * <p>IP literals are parsed in place; names are resolved with {@code options.resolver()}
     * on another thread ({@link Threads#runInThread(ThreadCancelPolicy, java.util.concurrent.Callable)}),
     * so a slow DNS lookup does not stall the loop; a cancellation abandons the lookup at once.
     * The addresses are ordered with the families interleaved (the first address's family
     * first). The first attempt starts at once; each next one starts when
     * {@code options.attemptDelay()} has passed on the loop's clock, or as soon as an attempt
     * fails. The first connection wins: the other attempts are cancelled and their sockets
     * closed before this returns.
     *
     * @param host    a host name or IP literal
     * @param port    the port, 1 to 65535
     * @param options the attempt delay and the resolver
     * @return the connected stream, which the caller must close
     * @throws IllegalArgumentException          if {@code port} is out of range
     * @throws java.net.UnknownHostException     if {@code host} cannot be resolved
     * @throws java.net.ConnectException         if every address failed: its message names each
     *                                           address and its error, and each attempt's
     *                                           exception is suppressed in it, in the order
     *                                           the attempts started
     * @throws IOException                       if resolving fails otherwise
     * @throws Cancelled                         if the task is cancelled (no socket is left
     *                                           open)
     * @throws IllegalStateException             if not called from a task of a running loop
     */
    public static SocketStream openTcpStream(String host, int port, ConnectOptions options) throws IOException {
        Objects.requireNonNull(host, "host");
        checkPort(port, 1);
        Objects.requireNonNull(options, "options");
        Resource.requireLoop("Net.openTcpStream");
        Lowlevel.checkpointIfCancelled();
        return HappyEyeballs.connect(host, port, options, HappyEyeballs.Trace.NONE);
    }

    /**
     * Connects to {@code address}. A checkpoint; cancellable.
     *
     * @param address an {@link InetSocketAddress}; an unresolved one is resolved as in
     *                {@link #openTcpStream(String, int)}
     * @return the connected stream, which the caller must close
     * @throws IllegalArgumentException if {@code address} is not an {@code InetSocketAddress}
     *                                  or has port 0
     * @throws IOException              if connecting fails ({@link java.net.ConnectException}
     *                                  if refused)
     * @throws Cancelled                if the task is cancelled (no socket is left open)
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static SocketStream openTcpStream(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("openTcpStream needs an InetSocketAddress, not "
                    + address.getClass().getName() + (address instanceof java.net.UnixDomainSocketAddress
                            ? " (for a Unix-domain socket use Net.openUnixStream)" : ""));
        }
        checkPort(inet.getPort(), 1);
        if (inet.isUnresolved()) {
            return openTcpStream(inet.getHostString(), inet.getPort());
        }
        Resource.requireLoop("Net.openTcpStream");
        Lowlevel.checkpointIfCancelled();
        return connect(inet);
    }

    /**
     * Connects one socket; the caller has checked for cancellation. Closes the channel if
     * anything goes wrong, cancellation included.
     */
    static SocketStream connect(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open(address.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        return Resource.adopt(channel, c -> {
            c.configureBlocking(false);
            boolean waited = false;
            if (!c.connect(address)) {
                do {
                    Lowlevel.waitReady(c, SelectionKey.OP_CONNECT);
                    waited = true;
                } while (!c.finishConnect());
            }
            SocketStream stream = SocketStreamImpl.adopt(c);
            if (!waited) {
                Lowlevel.cancelShieldedCheckpoint();
            }
            return stream;
        });
    }

    // ---- Unix-domain sockets (UnixSockets does the work) ----------------------------------

    /**
     * Connects to the Unix-domain stream socket at {@code path}. A checkpoint; cancellable.
     * The stream is a {@link SocketStream} like a TCP one, without the IP options
     * ({@code TCP_NODELAY} and the like are refused by name).
     *
     * @param path the socket file
     * @return the connected stream, which the caller must close
     * @throws java.nio.file.NoSuchFileException if there is no socket at {@code path}
     * @throws java.net.ConnectException         if nobody listens there (a stale socket file)
     * @throws IOException                       if connecting fails otherwise
     * @throws Cancelled                         if the task is cancelled (no socket is left
     *                                           open)
     * @throws IllegalStateException             if not called from a task of a running loop
     */
    public static SocketStream openUnixStream(java.nio.file.Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Resource.requireLoop("Net.openUnixStream");
        return UnixSockets.connect(path);
    }

    /**
     * Binds a Unix-domain listener at {@code path}: the same as
     * {@code SocketListener.bind(UnixDomainSocketAddress.of(path))}. The listener removes the
     * socket file when it closes; a stale socket file at {@code path} (no server behind it) is
     * replaced, anything else there is a {@link java.net.BindException}. Not a checkpoint;
     * allowed outside a loop.
     *
     * @param path where to create the socket file
     * @return the listener
     * @throws java.net.BindException if a live server or a file that is not a socket is at
     *                                {@code path}
     * @throws IOException            if binding fails otherwise (path too long, no such
     *                                directory, for example)
     */
    public static SocketListener openUnixListener(java.nio.file.Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return SocketListener.bind(java.net.UnixDomainSocketAddress.of(path));
    }

    /**
     * Listens on the Unix-domain socket {@code path} and serves each connection with
     * {@code handler} in a task of its own, forever; a handler's exception crashes the server
     * ({@link HandlerFailure#CRASH_SERVER}). The socket file is removed when the server stops.
     *
     * @param path    where to create the socket file
     * @param handler serves one connection
     * @throws java.net.BindException if a live server or a file that is not a socket is at
     *                                {@code path}
     * @throws IOException            if binding or accepting fails
     * @throws Exception              the first exception a handler threw
     * @throws Cancelled              when the server is cancelled, its way out
     * @throws IllegalStateException  if not called from a task of a running loop
     */
    public static void serveUnix(java.nio.file.Path path, ConnectionHandler<? super SocketStream> handler)
            throws Exception {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Resource.requireLoop("Net.serveUnix");
        serve("Net.serveUnix", List.of(openUnixListener(path)), handler, HandlerFailure.CRASH_SERVER, null);
    }

    /**
     * {@link #serveUnix(java.nio.file.Path, ConnectionHandler)} that reports the listener
     * through {@code status} once it accepts, for
     * {@link giambio.api.TaskPool#start(giambio.api.StartBody)}: clients may connect as soon as
     * {@code start} returns.
     *
     * @param path    where to create the socket file
     * @param handler serves one connection
     * @param status  told the bound listener once it accepts
     * @throws java.net.BindException if a live server or a file that is not a socket is at
     *                                {@code path}
     * @throws IOException            if binding or accepting fails
     * @throws Exception              the first exception a handler threw
     * @throws Cancelled              when the server is cancelled, its way out
     * @throws IllegalStateException  if not called from a task of a running loop
     */
    public static void serveUnix(java.nio.file.Path path, ConnectionHandler<? super SocketStream> handler,
            TaskStatus<? super List<SocketListener>> status) throws Exception {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(status, "status");
        Resource.requireLoop("Net.serveUnix");
        serve("Net.serveUnix", List.of(openUnixListener(path)), handler, HandlerFailure.CRASH_SERVER, status);
    }

    // ---- serving -------------------------------------------------------------------------

    /**
     * Listens on {@code port} of every interface and serves each connection with
     * {@code handler} in a task of its own, forever; a handler's exception crashes the server
     * ({@link HandlerFailure#CRASH_SERVER}).
     *
     * @param port    the port, 0 to 65535 (0 picks a free one, which only the variant taking a
     *                {@link SocketListener} lets you learn)
     * @param handler serves one connection
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws IOException              if binding or accepting fails
     * @throws Exception                the first exception a handler threw
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void serveTcp(int port, ConnectionHandler<? super SocketStream> handler) throws Exception {
        checkPort(port, 0);
        Objects.requireNonNull(handler, "handler");
        Resource.requireLoop("Net.serveTcp");
        serveTcp(new InetSocketAddress(port), handler);
    }

    /**
     * Listens on {@code address} and serves each connection with {@code handler}, forever;
     * a handler's exception crashes the server.
     *
     * @param address where to listen
     * @param handler serves one connection
     * @throws IOException           if binding or accepting fails
     * @throws Exception             the first exception a handler threw
     * @throws Cancelled             when the server is cancelled, its way out
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void serveTcp(SocketAddress address, ConnectionHandler<? super SocketStream> handler)
            throws Exception {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        Resource.requireLoop("Net.serveTcp");
        serveTcp(SocketListener.bind(address), handler);
    }

    /**
     * Serves each connection of {@code listener} with {@code handler}, forever; a handler's
     * exception crashes the server. Bind the listener first to learn its address (port 0).
     *
     * {@snippet :
     * SocketListener listener = SocketListener.bind(new InetSocketAddress("127.0.0.1", 0));
     * System.out.println("serving on " + listener.localAddress());
     * Net.serveTcp(listener, stream -> stream.sendAll("bye\n".getBytes(StandardCharsets.US_ASCII)));
     * }
     *
     * @param listener the listener; {@code serveTcp} owns it and closes it when it returns
     * @param handler  serves one connection
     * @throws IOException           if accepting fails
     * @throws Exception             the first exception a handler threw
     * @throws Cancelled             when the server is cancelled, its way out
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void serveTcp(SocketListener listener, ConnectionHandler<? super SocketStream> handler)
            throws Exception {
        serveTcp(listener, handler, HandlerFailure.CRASH_SERVER);
    }

    /**
     * Serves each connection of {@code listener} with {@code handler} in a task of its own,
     * forever, with a choice of what a handler's exception does.
     *
     * @param listener  the listener; {@code serveTcp} owns it and closes it when it returns
     * @param handler   serves one connection
     * @param onFailure what a handler's {@link Exception} does
     * @throws IOException           if accepting fails
     * @throws Exception             the first exception a handler threw, with
     *                               {@link HandlerFailure#CRASH_SERVER}
     * @throws Cancelled             when the server is cancelled, its way out
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void serveTcp(SocketListener listener, ConnectionHandler<? super SocketStream> handler,
            HandlerFailure onFailure) throws Exception {
        Objects.requireNonNull(listener, "listener");
        serve("Net.serveTcp", List.of(listener), handler, onFailure, null);
    }

    /**
     * Listens on {@code port} of every interface, reports the bound listener through
     * {@code status}, and serves each connection with {@code handler} forever (trio's
     * {@code serve_tcp} under {@code nursery.start}): run it with
     * {@link giambio.api.TaskPool#start(giambio.api.StartBody)} to learn where it listens once it
     * is accepting.
     *
     * {@snippet :
     * Giambio.createPool(pool -> {
     *     List<SocketListener> listeners = pool.start(status -> Net.serveTcp(0, handler, status));
     *     SocketAddress address = listeners.get(0).localAddress();   // the port 0 picked
     *     pool.spawn(() -> client(address));
     * });
     * }
     *
     * @param port    the port, 0 to 65535 (0 picks a free one)
     * @param handler serves one connection
     * @param status  told the bound listeners once they accept
     * @throws IllegalArgumentException if {@code port} is out of range
     * @throws IOException              if binding or accepting fails
     * @throws Exception                the first exception a handler threw
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void serveTcp(int port, ConnectionHandler<? super SocketStream> handler,
            TaskStatus<? super List<SocketListener>> status) throws Exception {
        checkPort(port, 0);
        serveTcp(new InetSocketAddress(port), handler, HandlerFailure.CRASH_SERVER, status);
    }

    /**
     * Listens on {@code address}, reports the bound listener through {@code status}, and
     * serves each connection with {@code handler} forever, with a choice of failure policy.
     *
     * @param address   where to listen
     * @param handler   serves one connection
     * @param onFailure what a handler's {@link Exception} does
     * @param status    told the bound listeners once they accept
     * @throws IOException           if binding or accepting fails
     * @throws Exception             the first exception a handler threw, with
     *                               {@link HandlerFailure#CRASH_SERVER}
     * @throws Cancelled             when the server is cancelled, its way out
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void serveTcp(SocketAddress address, ConnectionHandler<? super SocketStream> handler,
            HandlerFailure onFailure, TaskStatus<? super List<SocketListener>> status) throws Exception {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(status, "status");
        Resource.requireLoop("Net.serveTcp");
        serve("Net.serveTcp", List.of(SocketListener.bind(address)), handler, onFailure, status);
    }

    /**
     * Listens on {@code address} and serves each connection with {@code handler} on a group of
     * {@code loops} loops, one per core (D7), forever; a handler's exception crashes the
     * server. Call it from a plain thread (such as {@code main}) or from a task. The
     * connections are spread with {@code SO_REUSEPORT} on Linux, by an accepting loop
     * elsewhere; {@link MultiLoopServer} has the details and more options.
     *
     * {@snippet :
     * Net.serveTcp(Runtime.getRuntime().availableProcessors(), new InetSocketAddress(8080), stream -> {
     *     for (byte[] b; (b = stream.receive(65536)).length > 0; ) {
     *         stream.sendAll(b);
     *     }
     * });
     * }
     *
     * @param loops   how many loops serve
     * @param address where to listen
     * @param handler serves one connection, in a task of its own on one of the loops
     * @throws IllegalArgumentException if {@code loops} is zero or negative, or {@code address}
     *                                  is not an {@link InetSocketAddress}
     * @throws IOException              if binding or accepting fails
     * @throws Exception                the first exception a handler threw (the same object)
     * @throws InterruptedException     if called from a plain thread that was interrupted
     * @throws Cancelled                if called from a task that was cancelled
     */
    public static void serveTcp(int loops, SocketAddress address, ConnectionHandler<? super SocketStream> handler)
            throws Exception {
        Objects.requireNonNull(handler, "Net.serveTcp: handler");
        MultiLoopServer.bind("Net.serveTcp", address, loops, MultiLoopServer.Spread.platformDefault()).serve(handler);
    }

    /**
     * {@link #serveListeners(List, ConnectionHandler, HandlerFailure)} that reports the
     * listeners through {@code status} once they accept, for
     * {@link giambio.api.TaskPool#start(giambio.api.StartBody)}.
     *
     * @param <S>       the kind of stream the listeners accept
     * @param <L>       the kind of listener
     * @param listeners the listeners, at least one; owned and closed when this returns
     * @param handler   serves one connection
     * @param onFailure what a handler's {@link Exception} does
     * @param status    told the listeners once they accept
     * @throws IllegalArgumentException if {@code listeners} is empty
     * @throws IOException              if accepting fails
     * @throws Exception                the first exception a handler threw, with
     *                                  {@link HandlerFailure#CRASH_SERVER}
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static <S extends ByteStream, L extends Listener<? extends S>> void serveListeners(List<L> listeners,
            ConnectionHandler<? super S> handler, HandlerFailure onFailure, TaskStatus<? super List<L>> status)
            throws Exception {
        Objects.requireNonNull(status, "status");
        serve("Net.serveListeners", listeners, handler, onFailure, status);
    }

    /**
     * Serves every connection of every listener in {@code listeners} with {@code handler}, in
     * a task of its own, until cancelled or crashed (trio's {@code serve_listeners}); the one
     * serving loop under every {@code serve*} helper, whatever the kind of stream.
     *
     * <h4>How it works</h4>
     * One task per listener accepts in a loop and spawns a task per connection into one pool.
     * Each stream is closed when its handler ends, however it ends. When the server stops
     * (cancelled, or crashed by a handler), the pool cancels every handler, waits for them,
     * and every listener is closed.
     *
     * @param <S>       the kind of stream the listeners accept
     * @param listeners the listeners, at least one; {@code serveListeners} owns them and closes
     *                  them when it returns
     * @param handler   serves one connection
     * @param onFailure what a handler's {@link Exception} does
     * @throws IllegalArgumentException if {@code listeners} is empty
     * @throws IOException              if accepting fails
     * @throws Exception                the first exception a handler threw, with
     *                                  {@link HandlerFailure#CRASH_SERVER}
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static <S extends ByteStream> void serveListeners(List<? extends Listener<? extends S>> listeners,
            ConnectionHandler<? super S> handler, HandlerFailure onFailure) throws Exception {
        serve("Net.serveListeners", listeners, handler, onFailure, null);
    }

    // ---- TLS ------------------------------------------------------------------------------

    /**
     * Connects to {@code host}:{@code port} over TCP ({@link #openTcpStream(String, int)}) and
     * runs a TLS handshake as a client that trusts what the JVM trusts, checks that the
     * server's certificate is for {@code host}, and sends {@code host} as SNI. A checkpoint;
     * cancellable.
     *
     * {@snippet :
     * try (TlsStream tls = Net.openTlsStream("example.org", 443)) {
     *     tls.sendAll("GET / HTTP/1.0\r\nHost: example.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
     * }
     * }
     *
     * @param host a host name or IP literal
     * @param port the port, 1 to 65535
     * @return the stream, handshake done, which the caller must close
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails (untrusted
     *                                             certificate, wrong host name, timeout)
     * @throws IOException                         if connecting fails
     * @throws Cancelled                           if the task is cancelled (no socket is left
     *                                             open)
     * @throws IllegalArgumentException            if {@code port} is out of range or
     *                                             {@code host} is blank
     * @throws IllegalStateException               if not called from a task of a running loop
     */
    public static TlsStream openTlsStream(String host, int port) throws IOException {
        return openTlsStream(host, port, TlsConfig.client());
    }

    /**
     * Connects to {@code host}:{@code port} over TCP and runs a TLS handshake with
     * {@code config} (trust, ALPN, protocols; see {@link TlsConfig}). A checkpoint;
     * cancellable.
     *
     * {@snippet :
     * TlsConfig config = TlsConfig.client(trustStore).withApplicationProtocols("h2", "http/1.1");
     * try (TlsStream tls = Net.openTlsStream("internal.example", 8443, config)) {
     *     System.out.println("speaking " + tls.applicationProtocol().orElse("no ALPN"));
     * }
     * }
     *
     * @param host   the server's name (verified and sent as SNI) or IP literal
     * @param port   the port, 1 to 65535
     * @param config a client configuration
     * @return the stream, handshake done, which the caller must close
     * @throws javax.net.ssl.SSLHandshakeException if the handshake fails
     * @throws IOException                         if connecting fails
     * @throws Cancelled                           if the task is cancelled (no socket is left
     *                                             open)
     * @throws IllegalArgumentException            if {@code config} is a server configuration,
     *                                             {@code port} is out of range or
     *                                             {@code host} is blank
     * @throws IllegalStateException               if not called from a task of a running loop
     */
    public static TlsStream openTlsStream(String host, int port, TlsConfig config) throws IOException {
        return TlsListenerImpl.connect(host, port, config);
    }

    /**
     * Listens on {@code port} of every interface and serves each connection over TLS with
     * {@code handler}, forever; a handler's exception crashes the server. Each connection's
     * handshake runs in its own task, before the handler: a connection whose handshake fails
     * (the client does not trust the certificate, does not speak TLS, hangs up or times out)
     * is logged and closed, and the server goes on.
     *
     * {@snippet :
     * KeyStore keys = KeyStore.getInstance(new File("server.p12"), password);
     * Net.serveTls(4433, TlsConfig.server(keys, password), tls -> {
     *     for (byte[] d = tls.receive(16384); d.length > 0; d = tls.receive(16384)) {
     *         tls.sendAll(d);
     *     }
     * });
     * }
     *
     * @param port    the port, 0 to 65535
     * @param config  a server configuration
     * @param handler serves one connection
     * @throws IllegalArgumentException if {@code port} is out of range or {@code config} is a
     *                                  client configuration
     * @throws IOException              if binding or accepting fails
     * @throws Exception                the first exception a handler threw
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void serveTls(int port, TlsConfig config, ConnectionHandler<? super TlsStream> handler)
            throws Exception {
        checkPort(port, 0);
        TlsListenerImpl.checkServerConfig("Net.serveTls", config);
        Objects.requireNonNull(handler, "handler");
        Resource.requireLoop("Net.serveTls");
        serveTls(SocketListener.bind(new InetSocketAddress(port)), config, handler, HandlerFailure.CRASH_SERVER);
    }

    /**
     * Serves each connection of {@code listener} over TLS with {@code handler}, forever; a
     * handler's exception crashes the server.
     *
     * @param listener the listener; {@code serveTls} owns it and closes it when it returns
     * @param config   a server configuration
     * @param handler  serves one connection
     * @throws IllegalArgumentException if {@code config} is a client configuration
     * @throws IOException              if accepting fails
     * @throws Exception                the first exception a handler threw
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void serveTls(SocketListener listener, TlsConfig config, ConnectionHandler<? super TlsStream> handler)
            throws Exception {
        serveTls(listener, config, handler, HandlerFailure.CRASH_SERVER);
    }

    /**
     * Serves each connection of {@code listener} over TLS with {@code handler} in a task of
     * its own, forever, with a choice of what a handler's exception does: a
     * {@link TlsListener} served by {@link #serveListeners}, so the failure policy is the one
     * of every server.
     *
     * @param listener  the listener; {@code serveTls} owns it and closes it when it returns
     * @param config    a server configuration
     * @param handler   serves one connection
     * @param onFailure what a handler's {@link Exception} does
     * @throws IllegalArgumentException if {@code config} is a client configuration
     * @throws IOException              if accepting fails
     * @throws Exception                the first exception a handler threw, with
     *                                  {@link HandlerFailure#CRASH_SERVER}
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void serveTls(SocketListener listener, TlsConfig config, ConnectionHandler<? super TlsStream> handler,
            HandlerFailure onFailure) throws Exception {
        serve("Net.serveTls", List.of(TlsListenerImpl.wrapOwned(listener, config)), TlsListenerImpl.afterHandshake(handler),
                onFailure, null);
    }

    /**
     * Listens on {@code address}, reports the TLS listener through {@code status} once it
     * accepts, and serves each connection over TLS with {@code handler} forever: run it with
     * {@link giambio.api.TaskPool#start(giambio.api.StartBody)} to learn the port.
     *
     * {@snippet :
     * List<TlsListener> listeners = pool.start(status -> Net.serveTls(new InetSocketAddress("127.0.0.1", 0),
     *         config, handler, HandlerFailure.CRASH_SERVER, status));
     * SocketAddress where = listeners.get(0).localAddress();
     * }
     *
     * @param address   where to listen
     * @param config    a server configuration
     * @param handler   serves one connection
     * @param onFailure what a handler's {@link Exception} does
     * @param status    told the listener once it accepts
     * @throws IllegalArgumentException if {@code config} is a client configuration
     * @throws IOException              if binding or accepting fails
     * @throws Exception                the first exception a handler threw, with
     *                                  {@link HandlerFailure#CRASH_SERVER}
     * @throws Cancelled                when the server is cancelled, its way out
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static void serveTls(SocketAddress address, TlsConfig config, ConnectionHandler<? super TlsStream> handler,
            HandlerFailure onFailure, TaskStatus<? super List<TlsListener>> status) throws Exception {
        Objects.requireNonNull(address, "address");
        TlsListenerImpl.checkServerConfig("Net.serveTls", config);
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(status, "status");
        Resource.requireLoop("Net.serveTls");
        serve("Net.serveTls", List.of(TlsListenerImpl.wrapOwned(SocketListener.bind(address), config)),
                TlsListenerImpl.afterHandshake(handler),
                onFailure, status);
    }

    /**
     * {@link #serveListeners}, with the name of the call the user made for messages. The
     * listeners are closed however this ends, misuse included: the caller handed them over.
     */
    private static <S extends ByteStream, L extends Listener<? extends S>> void serve(String what, List<L> listeners,
            ConnectionHandler<? super S> handler, HandlerFailure onFailure, TaskStatus<? super List<L>> status)
            throws Exception {
        Objects.requireNonNull(listeners, what + ": listeners");
        for (L l : listeners) {
            Objects.requireNonNull(l, what + ": a listener in the list is null");
        }
        List<L> owned = List.copyOf(listeners);
        try {
            Objects.requireNonNull(handler, what + ": handler");
            Objects.requireNonNull(onFailure, what + ": onFailure");
            if (owned.isEmpty()) {
                throw new IllegalArgumentException(what + " needs at least one listener");
            }
            Resource.requireLoop(what);
        } catch (RuntimeException misuse) {
            try {
                closeAll(owned);
            } catch (IOException e) {
                misuse.addSuppressed(e);
            }
            throw misuse;
        }
        try {
            Giambio.createPool(pool -> {
                for (L listener : owned) {
                    pool.spawn("accept " + listener.localAddress(), () -> acceptLoop(pool, listener, handler, onFailure));
                }
                if (status != null) {
                    status.started(owned);
                }
            });
        } finally {
            closeAll(owned);
        }
    }

    /** The accept loop and per-connection policy live in {@link Serving} (bursts, exhaustion, resets). */
    private static <S extends ByteStream> void acceptLoop(giambio.api.TaskPool pool, Listener<? extends S> listener,
            ConnectionHandler<? super S> handler, HandlerFailure onFailure) throws Exception {
        Serving.acceptLoop(pool, listener, handler, onFailure);
    }

    /** Closes every listener; the first failure is thrown with the others suppressed. */
    private static void closeAll(List<? extends Listener<?>> listeners) throws IOException {
        IOException first = null;
        for (Listener<?> l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void checkPort(int port, int min) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException("port must be in " + min + "..65535, not " + port);
        }
    }
}
