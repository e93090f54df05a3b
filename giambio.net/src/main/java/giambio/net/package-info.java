/**
 * Async sockets for giambio tasks: TCP streams ({@link giambio.net.SocketStream}),
 * listeners ({@link giambio.net.SocketListener}), UDP sockets ({@link giambio.net.UdpSocket}),
 * and {@link giambio.net.Net#openTcpStream(String, int) openTcpStream} /
 * {@link giambio.net.Net#serveTcp(SocketListener, ConnectionHandler) serveTcp} (any {@link giambio.net.Listener} with {@link giambio.net.Net#serveListeners serveListeners}).
 *
 * <p>Every operation that can wait is a checkpoint: it suspends only the calling task, yields
 * even when it completes at once, and is cancellable. A cancelled or failed operation leaks no
 * file descriptor. Misuse is reported, never ignored: two tasks receiving (or sending) on one
 * socket get {@link giambio.api.BusyResourceException}; a closed socket gives
 * {@link giambio.api.ClosedResourceException}, including to tasks that were waiting on it
 * when it was closed.
 *
 * <p>A server and a client in one pool: the server task reports where it listens through
 * {@link giambio.api.TaskPool#start(giambio.api.StartBody) pool.start}, the client connects,
 * sends, half-closes and reads the echo back, then the pool is cancelled to stop the server.
 *
 * {@snippet file="giambio/examples/JavadocSnippets.java" region="echo"}
 *
 * <p>Sockets are built on the kernel's I/O readiness ({@link giambio.api.Lowlevel}) over NIO
 * channels, so any {@code SocketChannel}, {@code ServerSocketChannel} or
 * {@code DatagramChannel} can be wrapped. TLS runs over any stream: {@link giambio.net.TlsStream},
 * {@link giambio.net.TlsListener}, {@link giambio.net.Net#openTlsStream(String, int) openTlsStream}
 * and {@code serveTls}, configured by {@link giambio.net.TlsConfig}.
 */
package giambio.net;
