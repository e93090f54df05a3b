package giambio.api.sync;

import giambio.api.ClosedResourceException;
import java.util.Iterator;
import java.util.Optional;

/**
 * The receiving end of a channel between tasks of one loop.
 *
 * <p>Get one from {@link MemoryChannel#open(int)}. Receive items one by one, or iterate:
 * {@snippet :
 * try (rx) {
 *     for (String line : rx) {             // each step is a checkpoint
 *         System.out.println(line);
 *     }                                    // ends once every sender closed and the buffer drained
 * }
 * }
 *
 * <h2>Rules</h2>
 * Waiting receivers are served in FIFO order: the next item goes to the task that has waited
 * longest. {@link #receive()} and each step of an iteration are checkpoints whether or not
 * they wait, and cancellable while waiting (a cancelled receive took nothing). Closing the
 * last receive end discards the buffer and breaks the senders. {@link #clone()} gives more
 * receive ends for several consumers.
 *
 * @param <T> the type of the items
 */
public sealed interface ReceiveChannel<T> extends AutoCloseable, Iterable<T> permits MemoryReceiveChannel {

    /**
     * Receives the next item, waiting until one is sent.
     *
     * @return the item, never null
     * @throws EndOfChannelException   if every send end is closed and the buffer is empty
     * @throws ClosedResourceException if this end is closed, before or while waiting
     * @throws giambio.api.Cancelled   if the calling task is cancelled before an item arrived
     * @throws IllegalStateException   if called outside any running loop before a loop used it
     * @throws WrongThreadException    if called from another loop, or from a thread that runs no task of its loop
     */
    T receive();

    /**
     * Receives the next item if one is there now. Not a checkpoint.
     *
     * @return the item, or empty if none is ready
     * @throws EndOfChannelException   if every send end is closed and the buffer is empty
     * @throws ClosedResourceException if this end is closed
     * @throws IllegalStateException   if called outside any running loop before a loop used it
     * @throws WrongThreadException    if called from another loop, or from a thread that runs no task of its loop
     */
    Optional<T> tryReceive();

    /**
     * Returns an iterator whose {@code hasNext()} receives (a checkpoint, which may wait) and
     * returns {@code false} at the end of the channel. Its methods throw what
     * {@link #receive()} throws, except {@link EndOfChannelException}.
     *
     * @return an iterator over the items still to come
     */
    @Override
    Iterator<T> iterator();

    /**
     * Returns a new receive end on the same channel; the channel's receive side closes only
     * when this end and every clone are closed. Not a checkpoint.
     *
     * @return a new open receive end
     * @throws ClosedResourceException if this end is closed
     * @throws IllegalStateException   if called outside any running loop before a loop used it
     * @throws WrongThreadException    if called from another loop, or from a thread that runs no task of its loop
     */
    ReceiveChannel<T> clone();

    /**
     * Closes this end; idempotent, not a checkpoint. Tasks blocked in {@link #receive} on this
     * end get {@link ClosedResourceException}. When the last receive end closes, the buffer is
     * discarded and senders get {@link giambio.api.BrokenResourceException}.
     *
     * @throws IllegalStateException if called outside any running loop before a loop used it
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    @Override
    void close();

    /**
     * Tells whether this end is closed.
     *
     * @return {@code true} once {@link #close()} was called on this end
     */
    boolean isClosed();

    /**
     * Returns a snapshot of the channel's state.
     *
     * @return buffer use, open ends and waiting tasks
     */
    MemoryChannel.Statistics statistics();
}
