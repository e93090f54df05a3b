package giambio.net;

import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A UDP socket for giambio tasks: {@link #sendTo} and {@link #receiveFrom(int)} suspend only
 * the calling task.
 *
 * {@snippet :
 * try (UdpSocket udp = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *     Datagram d = udp.receiveFrom(2048);
 *     udp.sendTo(d.data(), d.sender());            // echo it back
 * }
 * }
 *
 * <h2>Rules</h2>
 * Both operations are cancellable checkpoints. One task at a time may receive and one may
 * send ({@link BusyResourceException} otherwise). {@link #close()} is idempotent, not a
 * checkpoint, and wakes waiting tasks with {@link ClosedResourceException}. A socket belongs
 * to the loop that first uses it. Connected UDP sockets and multicast are not covered here:
 * {@link #wrap(DatagramChannel)} a channel you configured yourself for those.
 */
public sealed interface UdpSocket extends AutoCloseable permits UdpSocketImpl {

    /**
     * Opens a UDP socket bound to {@code address}. Not a checkpoint; allowed outside a loop.
     *
     * @param address where to bind: an {@link java.net.InetSocketAddress}; port 0 picks a
     *                free port
     * @return the socket
     * @throws IOException if binding fails
     */
    static UdpSocket bind(SocketAddress address) throws IOException {
        return UdpSocketImpl.bind(address);
    }

    /**
     * Wraps a datagram channel; the socket owns it from now on and switches it to
     * non-blocking mode. Not a checkpoint.
     *
     * @param channel an open datagram channel
     * @return the socket
     * @throws ClosedResourceException if the channel is closed
     * @throws IOException             if the channel cannot be configured
     */
    static UdpSocket wrap(DatagramChannel channel) throws IOException {
        return UdpSocketImpl.wrap(channel);
    }

    /**
     * Sends {@code data} as one datagram to {@code target}, waiting for buffer space if
     * needed.
     *
     * @param data   the datagram's bytes
     * @param target where to send it
     * @throws BusyResourceException   if another task is sending on this socket
     * @throws ClosedResourceException if the socket is closed, before or during the wait
     * @throws Cancelled               if the task is cancelled (nothing was sent then)
     * @throws IOException             if sending fails (datagram too long, for example)
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void sendTo(byte[] data, SocketAddress target) throws IOException;

    /**
     * Sends the remaining bytes of {@code data} as one datagram to {@code target}.
     *
     * @param data   the datagram's bytes, from position to limit
     * @param target where to send it
     * @throws BusyResourceException   if another task is sending on this socket
     * @throws ClosedResourceException if the socket is closed, before or during the wait
     * @throws Cancelled               if the task is cancelled (nothing was sent then)
     * @throws IOException             if sending fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void sendTo(ByteBuffer data, SocketAddress target) throws IOException;

    /**
     * Waits for a datagram and returns it with its sender.
     *
     * @param max the most bytes to keep, 1 to 65536; as with {@code recvfrom}, the rest of a
     *            longer datagram is discarded
     * @return the datagram
     * @throws IllegalArgumentException if {@code max} is out of range
     * @throws BusyResourceException    if another task is receiving on this socket
     * @throws ClosedResourceException  if the socket is closed, before or during the wait
     * @throws Cancelled                if the task is cancelled (no datagram is consumed then)
     * @throws IOException              if receiving fails
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    Datagram receiveFrom(int max) throws IOException;

    /**
     * Returns the address the socket is bound to.
     *
     * @return the local address, with the real port if 0 was asked for; null for a wrapped
     *         channel that is not bound yet (its first {@code sendTo} binds it)
     */
    SocketAddress localAddress();

    /**
     * Tells whether the socket is open.
     *
     * @return {@code false} once closed
     */
    boolean isOpen();

    /**
     * Closes the socket; waiting tasks wake with {@link ClosedResourceException}. Idempotent;
     * not a checkpoint.
     *
     * @throws WrongThreadException if called from a task of another loop
     * @throws IOException          if closing the channel fails (the socket is closed anyway)
     */
    @Override
    void close() throws IOException;
}
