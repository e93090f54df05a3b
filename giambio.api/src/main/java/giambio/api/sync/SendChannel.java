package giambio.api.sync;

import giambio.api.BrokenResourceException;
import giambio.api.ClosedResourceException;

/**
 * The sending end of a channel between tasks of one loop.
 *
 * <p>Get one from {@link MemoryChannel#open(int)}. An end can be {@linkplain #clone()
 * cloned} so that several producers each own (and close) one; the receivers see the end of
 * the channel once every clone is closed.
 *
 * <h2>Rules</h2>
 * {@link #send} is a checkpoint whether or not it waits and is cancellable while waiting (a
 * cancelled send delivered nothing). {@link #trySend}, {@link #close} and {@link #clone} are
 * not checkpoints. Items must not be {@code null}. Deliberately left out: timeouts (wrap the
 * call in {@link giambio.api.Giambio#withTimeout}) and select-style waits on several channels
 * (spawn one task per channel).
 *
 * @param <T> the type of the items
 */
public sealed interface SendChannel<T> extends AutoCloseable permits MemorySendChannel {

    /**
     * Sends {@code item}, waiting while the buffer is full (for a rendezvous channel: until a
     * receiver takes it). A waiting receiver gets it first.
     *
     * @param item the item
     * @throws BrokenResourceException  if every receive end is closed (then nobody would ever
     *                                  receive it)
     * @throws ClosedResourceException  if this end is closed, before or while waiting
     * @throws giambio.api.Cancelled    if the calling task is cancelled before the item was
     *                                  taken; the item was then not sent
     * @throws NullPointerException     if {@code item} is null
     * @throws IllegalStateException    if called outside any running loop before a loop used it
     * @throws WrongThreadException     if called from another loop, or from a thread that runs no task of its loop
     */
    void send(T item);

    /**
     * Sends {@code item} if that needs no waiting. Not a checkpoint.
     *
     * @param item the item
     * @return {@code true} if sent, {@code false} if the buffer is full
     * @throws BrokenResourceException if every receive end is closed
     * @throws ClosedResourceException if this end is closed
     * @throws NullPointerException    if {@code item} is null
     * @throws IllegalStateException   if called outside any running loop before a loop used it
     * @throws WrongThreadException    if called from another loop, or from a thread that runs no task of its loop
     */
    boolean trySend(T item);

    /**
     * Returns a new send end on the same channel; the channel's send side closes only when
     * this end and every clone are closed. Not a checkpoint.
     *
     * @return a new open send end
     * @throws ClosedResourceException if this end is closed
     * @throws IllegalStateException   if called outside any running loop before a loop used it
     * @throws WrongThreadException    if called from another loop, or from a thread that runs no task of its loop
     */
    SendChannel<T> clone();

    /**
     * Closes this end; idempotent, not a checkpoint. Tasks blocked in {@link #send} on this
     * end get {@link ClosedResourceException}. When the last send end closes, receivers drain
     * the buffer and then get {@link EndOfChannelException}.
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
