package giambio.net;

import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A bidirectional byte stream for giambio tasks (trio's {@code HalfCloseableStream}): the
 * common shape of a TCP or Unix-domain {@link SocketStream} and of streams layered over one,
 * so that servers and protocols can be written once for all of them.
 *
 * <h2>What it deliberately leaves out</h2>
 * Addresses, socket options and the transport's identity: a stream may run over a socket, over
 * another stream (TLS over TCP) or over memory. Types that have them ({@link SocketStream})
 * add them.
 *
 * <h2>Contract every implementation keeps</h2>
 * <ul>
 *   <li>Every operation except {@link #close()} and {@link #isOpen()} is a checkpoint: it
 *       raises {@link Cancelled} if the task is cancelled and yields even when it completes
 *       at once.</li>
 *   <li>{@code receive} returns at least one byte, or end of stream; a cancelled receive
 *       consumed no data that a later receive cannot see.</li>
 *   <li>{@code sendAll} sends everything before returning; a cancelled {@code sendAll} may
 *       have sent part of its data, after which the stream is good only for closing.</li>
 *   <li>One task at a time may receive and one may send; a second gets
 *       {@link BusyResourceException}.</li>
 *   <li>{@link #close()} is idempotent and not a checkpoint; tasks waiting on the stream wake
 *       with {@link ClosedResourceException}, and so does every later operation.</li>
 * </ul>
 */
public interface ByteStream extends AutoCloseable {

    /**
     * Receives at most {@code max} bytes: waits until at least one byte is available or the
     * peer has finished sending.
     *
     * @param max the most bytes to return; at least 1
     * @return 1 to {@code max} bytes, or an empty array once the peer has sent end of stream
     * @throws IllegalArgumentException if {@code max < 1}
     * @throws BusyResourceException    if another task is receiving on this stream
     * @throws ClosedResourceException  if the stream is closed, before or during the wait
     * @throws Cancelled                if the task is cancelled
     * @throws IOException              if the transport fails
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
     * @throws Cancelled                if the task is cancelled
     * @throws IOException              if the transport fails
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    int receive(ByteBuffer dst) throws IOException;

    /**
     * Sends all of {@code data}, waiting for buffer space as often as needed.
     *
     * @param data the bytes to send
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws ClosedResourceException if the stream is closed, or its sending side was shut
     *                                 down by {@link #sendEof()}
     * @throws Cancelled               if the task is cancelled (part of the data may have been
     *                                 sent)
     * @throws IOException             if the transport fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void sendAll(byte[] data) throws IOException;

    /**
     * Sends all remaining bytes of {@code data}; on return {@code data} has none remaining.
     *
     * @param data the bytes to send, from its position to its limit
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws ClosedResourceException if the stream is closed, or its sending side was shut
     *                                 down by {@link #sendEof()}
     * @throws Cancelled               if the task is cancelled (part of the data may have been
     *                                 sent)
     * @throws IOException             if the transport fails
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
     * @throws Cancelled               if the task is cancelled
     * @throws IOException             if the shutdown fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void sendEof() throws IOException;

    /**
     * Tells whether the stream is open.
     *
     * @return {@code false} once {@link #close()} was called or the transport was closed
     */
    boolean isOpen();

    /**
     * Closes the stream; tasks waiting on it wake with {@link ClosedResourceException}.
     * Idempotent; not a checkpoint.
     *
     * @throws WrongThreadException if called from a task of another loop
     * @throws IOException          if closing the transport fails (the stream is closed
     *                              anyway)
     */
    @Override
    void close() throws IOException;
}
