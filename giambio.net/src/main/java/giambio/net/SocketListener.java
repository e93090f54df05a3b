package giambio.net;

import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * A listening TCP socket for giambio tasks: {@link #accept()} suspends only the calling task.
 *
 * {@snippet :
 * try (SocketListener listener = SocketListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *     System.out.println("listening on " + listener.localAddress());   // port 0: any free port
 *     Giambio.createPool(pool -> {
 *         while (true) {
 *             SocketStream client = listener.accept();
 *             pool.spawn(() -> {
 *                 try (client) { client.sendAll("hi\n".getBytes(StandardCharsets.US_ASCII)); }
 *             });
 *         }
 *     });
 * }
 * }
 *
 * <p>{@link Net#serveTcp(SocketListener, ConnectionHandler)} runs that loop for you.
 *
 * <h2>Rules</h2>
 * {@link #accept()} is a cancellable checkpoint; one task at a time may accept
 * ({@link BusyResourceException} otherwise). {@link #close()} is idempotent, not a
 * checkpoint, and wakes a task waiting in {@code accept} with
 * {@link ClosedResourceException}. A listener belongs to the loop that first uses it.
 */
public sealed interface SocketListener extends Listener<SocketStream> permits SocketListenerImpl {

    /**
     * Binds a listening socket to {@code address} with the system's maximum backlog
     * ({@code /proc/sys/net/core/somaxconn} on Linux, 65535 elsewhere, capped by the system),
     * so that a burst of connects is queued rather than reset. Not a checkpoint; allowed
     * outside a loop.
     *
     * @param address where to listen; port 0 picks a free port ({@link #localAddress()} tells
     *                which)
     * @return the listener
     * @throws IOException if binding fails (address in use, for example)
     */
    static SocketListener bind(SocketAddress address) throws IOException {
        return SocketListenerImpl.bind(address, 0, "SocketListener.bind");
    }

    /**
     * Binds a listening socket to {@code address}.
     *
     * @param address where to listen; port 0 picks a free port
     * @param backlog the most pending connections the system queues; 0 for the system's
     *                maximum (as {@link #bind(SocketAddress)})
     * @return the listener
     * @throws IllegalArgumentException if {@code backlog} is negative
     * @throws IOException              if binding fails (address in use, for example)
     */
    static SocketListener bind(SocketAddress address, int backlog) throws IOException {
        return SocketListenerImpl.bind(address, backlog, "SocketListener.bind");
    }

    /**
     * Wraps a bound NIO server channel; the listener owns it from now on, and switches it to
     * non-blocking mode. Not a checkpoint.
     *
     * @param channel a bound server socket channel
     * @return the listener
     * @throws IllegalArgumentException if the channel is not bound
     * @throws ClosedResourceException  if the channel is closed
     * @throws IOException              if the channel cannot be configured
     */
    static SocketListener wrap(ServerSocketChannel channel) throws IOException {
        return SocketListenerImpl.wrap(channel);
    }

    /**
     * Waits for a connection and returns it; its {@link SocketStream#remoteAddress()} is the
     * client's address.
     *
     * @return the new connection, which the caller must close
     * @throws BusyResourceException   if another task is accepting on this listener
     * @throws ClosedResourceException if the listener is closed, before or during the wait
     * @throws Cancelled               if the task is cancelled (no connection is lost then:
     *                                 it stays queued for the next accept)
     * @throws IOException             if accepting fails (too many open files, for example)
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    @Override
    SocketStream accept() throws IOException;

    /**
     * Returns the address the listener is bound to, with the real port if 0 was asked for.
     *
     * @return the local address
     */
    SocketAddress localAddress();

    /**
     * Tells whether the listener is open.
     *
     * @return {@code false} once closed
     */
    boolean isOpen();

    /**
     * Closes the listener; a task waiting in {@link #accept()} wakes with
     * {@link ClosedResourceException}. Idempotent; not a checkpoint.
     *
     * @throws WrongThreadException if called from a task of another loop
     * @throws IOException          if closing the channel fails (the listener is closed anyway)
     */
    @Override
    void close() throws IOException;
}
