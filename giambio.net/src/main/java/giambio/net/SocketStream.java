package giambio.net;

import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connected TCP socket for giambio tasks: {@link #receive(int)} and {@link #sendAll(byte[])}
 * suspend only the calling task (the seed's {@code AsyncSocket}).
 *
 * <p>Get one from {@link Net#openTcpStream(String, int)}, {@link SocketListener#accept()}, or
 * {@link #wrap(SocketChannel)} for a channel connected elsewhere.
 *
 * {@snippet :
 * try (SocketStream stream = Net.openTcpStream("localhost", 5000)) {
 *     stream.sendAll("hello\n".getBytes(StandardCharsets.UTF_8));
 *     byte[] reply = stream.receive(1024);      // 1 to 1024 bytes, or empty at end of stream
 * }
 * }
 *
 * <h2>Checkpoints and cancellation</h2>
 * Every operation except {@link #close()} is a checkpoint: it raises {@link Cancelled} if the
 * task is cancelled, and yields to other tasks even when it completes at once. A cancelled
 * {@code receive} consumed no data. A cancelled {@code sendAll} may have sent part of its
 * data, and nobody can tell how much: the stream is then good only for closing.
 *
 * <h2>One receiver, one sender</h2>
 * At most one task may receive and one task may send at a time (they may be different tasks,
 * and may run at once). A second task that tries gets {@link BusyResourceException}: two
 * readers of one byte stream would each get an unpredictable part of it.
 *
 * <h2>Closing</h2>
 * {@link #close()} is idempotent and not a checkpoint, so it is safe in {@code finally} and
 * try-with-resources. Tasks waiting on the stream at that moment wake with
 * {@link ClosedResourceException}; every later operation throws it too.
 *
 * <h2>Loop confinement</h2>
 * A stream belongs to the loop that first uses it; tasks of another loop get
 * {@link WrongThreadException}. It is not thread-safe.
 *
 * <p>The stream sets {@code TCP_NODELAY} (as trio does): small writes leave at once. Errors of
 * the connection itself (reset by the peer, for example) are {@link IOException}s. For TLS, wrap
 * the stream in a {@link TlsStream} (or use {@link Net#openTlsStream(String, int)}).
 */
public sealed interface SocketStream extends ByteStream permits SocketStreamImpl {

    /**
     * Wraps a connected NIO channel; the stream owns it from now on. The channel is switched
     * to non-blocking mode and gets {@code TCP_NODELAY}. Not a checkpoint; allowed outside a
     * loop.
     *
     * @param channel a connected socket channel
     * @return the stream
     * @throws IllegalArgumentException if the channel is not connected
     * @throws ClosedResourceException  if the channel is closed
     * @throws IOException              if the channel cannot be configured
     */
    static SocketStream wrap(SocketChannel channel) throws IOException {
        return SocketStreamImpl.wrap(channel);
    }

    /**
     * Receives at most {@code max} bytes: waits until at least one byte is available or the
     * peer has finished sending.
     *
     * @param max the most bytes to return; at least 1 (a buffer of at most 256 KiB is used,
     *            so a larger {@code max} returns at most that much)
     * @return 1 to {@code max} bytes, or an empty array once the peer has sent end of stream
     * @throws IllegalArgumentException if {@code max < 1}
     * @throws BusyResourceException    if another task is receiving on this stream
     * @throws ClosedResourceException  if the stream is closed, before or during the wait
     * @throws Cancelled                if the task is cancelled (no data is consumed then)
     * @throws IOException              if the connection fails
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    byte[] receive(int max) throws IOException;

    /**
     * Receives into {@code dst}: waits until at least one byte is available or the peer has
     * finished sending, then reads at most {@code dst.remaining()} bytes.
     *
     * @param dst where to put the bytes; it must have room for at least one
     * @return the number of bytes read (at least 1), or -1 at end of stream
     * @throws IllegalArgumentException if {@code dst} has no room
     * @throws BusyResourceException    if another task is receiving on this stream
     * @throws ClosedResourceException  if the stream is closed, before or during the wait
     * @throws Cancelled                if the task is cancelled (no data is consumed then)
     * @throws IOException              if the connection fails
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    int receive(ByteBuffer dst) throws IOException;

    /**
     * Sends all of {@code data}, waiting for buffer space as often as needed.
     *
     * @param data the bytes to send
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws ClosedResourceException if the stream is closed (before or during the call), or
     *                                 its sending side was shut down by {@link #sendEof()}
     * @throws Cancelled               if the task is cancelled (part of the data may have been
     *                                 sent)
     * @throws IOException             if the connection fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void sendAll(byte[] data) throws IOException;

    /**
     * Sends all remaining bytes of {@code data}; on return {@code data} has no bytes remaining.
     *
     * @param data the bytes to send, from its position to its limit
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws ClosedResourceException if the stream is closed (before or during the call), or
     *                                 its sending side was shut down by {@link #sendEof()}
     * @throws Cancelled               if the task is cancelled (part of the data may have been
     *                                 sent: {@code data}'s position tells how much)
     * @throws IOException             if the connection fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void sendAll(ByteBuffer data) throws IOException;

    /**
     * Shuts down the sending side: the peer reads end of stream once it has read everything
     * sent before. Receiving still works. Calling it again does nothing (but is still a
     * checkpoint).
     *
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws ClosedResourceException if the stream is closed
     * @throws Cancelled               if the task is cancelled (the side is then not shut down)
     * @throws IOException             if the shutdown fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void sendEof() throws IOException;

    /**
     * Returns the address of the peer.
     *
     * @return the remote address, fixed when the stream was made (still known after close)
     */
    SocketAddress remoteAddress();

    /**
     * Returns the address of this end.
     *
     * @return the local address, fixed when the stream was made (still known after close)
     */
    SocketAddress localAddress();

    /**
     * Sets a socket option (see {@link java.net.StandardSocketOptions}); not a checkpoint.
     *
     * @param <T>    the option's value type
     * @param option the option
     * @param value  its value
     * @return this stream
     * @throws ClosedResourceException       if the stream is closed
     * @throws UnsupportedOperationException if TCP sockets do not support {@code option}
     * @throws IOException                   if setting it fails
     */
    <T> SocketStream setOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Reads a socket option; not a checkpoint.
     *
     * @param <T>    the option's value type
     * @param option the option
     * @return its value
     * @throws ClosedResourceException       if the stream is closed
     * @throws UnsupportedOperationException if TCP sockets do not support {@code option}
     * @throws IOException                   if reading it fails
     */
    <T> T getOption(SocketOption<T> option) throws IOException;

    /**
     * Tells whether the stream is open.
     *
     * @return {@code false} once {@link #close()} was called or the channel was closed
     */
    boolean isOpen();

    /**
     * Closes the stream. Tasks waiting on it wake with {@link ClosedResourceException}.
     * Idempotent; not a checkpoint. Outside any loop (after {@code Giambio.run} returned, for
     * example) it just closes the channel.
     *
     * @throws WrongThreadException if called from a task of another loop
     * @throws IOException          if closing the channel fails (the stream is closed anyway)
     */
    @Override
    void close() throws IOException;
}
