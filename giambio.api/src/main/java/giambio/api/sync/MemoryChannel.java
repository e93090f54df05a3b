package giambio.api.sync;

/**
 * An in-memory channel between tasks of one loop: a pair of ends, one to send and one to
 * receive (trio's {@code open_memory_channel}).
 *
 * {@snippet :
 * MemoryChannel<String> ch = MemoryChannel.open(0);   // rendezvous
 * Giambio.createPool(pool -> {
 *     pool.spawn(() -> {
 *         try (SendChannel<String> tx = ch.sender()) {
 *             tx.send("hello");
 *             tx.send("world");
 *         }
 *     });
 *     try (ReceiveChannel<String> rx = ch.receiver()) {
 *         for (String s : rx) {
 *             System.out.println(s);
 *         }
 *     }
 * });
 * }
 *
 * <h2>Capacity</h2>
 * The capacity is how many items may wait in the buffer: {@code 0} makes every send wait for
 * a receiver (a rendezvous), {@code N} lets senders run up to N items ahead, and
 * {@link #UNBOUNDED} never makes a sender wait. Prefer a small bound: it gives back-pressure.
 *
 * <h2>Closing</h2>
 * Each end, and each {@linkplain SendChannel#clone() clone}, is closed on its own. When every
 * send end is closed, receivers first drain the buffer, then get
 * {@link EndOfChannelException} (iteration stops). When every receive end is closed, the
 * buffer is dropped and senders get {@link giambio.api.BrokenResourceException}. Using an end
 * after closing it gives {@link giambio.api.ClosedResourceException}.
 *
 * <p>A channel may be opened outside a loop and binds to the loop that first uses it.
 *
 * @param <T> the type of the items
 */
public final class MemoryChannel<T> {

    /** The capacity of a channel whose senders never wait. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    /**
     * A snapshot of a channel's state, for debugging.
     *
     * @param buffered            items in the buffer now
     * @param capacity            the buffer's capacity ({@link #UNBOUNDED} for none)
     * @param openSendChannels    send ends not yet closed
     * @param openReceiveChannels receive ends not yet closed
     * @param tasksWaitingSend    tasks blocked in {@code send}
     * @param tasksWaitingReceive tasks blocked in {@code receive}
     */
    public record Statistics(int buffered, int capacity, int openSendChannels, int openReceiveChannels,
                             int tasksWaitingSend, int tasksWaitingReceive) {
    }

    private final SendChannel<T> sender;
    private final ReceiveChannel<T> receiver;

    private MemoryChannel(ChannelState<T> state) {
        this.sender = new MemorySendChannel<>(state);
        this.receiver = new MemoryReceiveChannel<>(state);
    }

    /**
     * Opens a channel with room for {@code capacity} buffered items; allowed outside a loop.
     *
     * @param <T>      the type of the items
     * @param capacity 0 for a rendezvous, N for a bounded buffer, {@link #UNBOUNDED} for none
     * @return the channel's first pair of ends
     * @throws IllegalArgumentException if {@code capacity} is negative
     */
    public static <T> MemoryChannel<T> open(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("MemoryChannel.open: a channel's capacity must be 0 (rendezvous), positive, "
                    + "or MemoryChannel.UNBOUNDED, not " + capacity);
        }
        return new MemoryChannel<>(new ChannelState<>(capacity));
    }

    /**
     * Opens a channel whose senders never wait; same as {@code open(UNBOUNDED)}.
     *
     * @param <T> the type of the items
     * @return the channel's first pair of ends
     */
    public static <T> MemoryChannel<T> unbounded() {
        return open(UNBOUNDED);
    }

    /**
     * Returns the send end made with the channel.
     *
     * @return the first send end
     */
    public SendChannel<T> sender() {
        return sender;
    }

    /**
     * Returns the receive end made with the channel.
     *
     * @return the first receive end
     */
    public ReceiveChannel<T> receiver() {
        return receiver;
    }

    @Override
    public String toString() {
        return "MemoryChannel[" + sender.statistics() + "]";
    }
}
