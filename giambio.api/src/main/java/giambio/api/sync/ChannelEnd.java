package giambio.api.sync;

/**
 * What a send end and a receive end of a memory channel share: the channel's state, whether
 * this end is closed, and its description.
 *
 * @param <T> the type of the items
 */
abstract sealed class ChannelEnd<T> permits MemorySendChannel, MemoryReceiveChannel {

    /** The state shared by every end of the channel; never null. */
    final ChannelState<T> state;
    /** Set once by close, never reset; written and read on the channel's loop (see ChannelState). */
    boolean closed;

    ChannelEnd(ChannelState<T> state) {
        this.state = state;
    }

    /**
     * Tells whether this end is closed.
     *
     * @return {@code true} once this end was closed
     */
    public final boolean isClosed() {
        return closed;
    }

    /**
     * Returns a snapshot of the channel's state.
     *
     * @return the statistics of the whole channel
     */
    public final MemoryChannel.Statistics statistics() {
        return state.statistics();
    }

    /** The public type of this end, for {@link #toString()}: "SendChannel" or "ReceiveChannel". */
    abstract String kind();

    @Override
    public final String toString() {
        return kind() + "[" + (closed ? "closed" : "open") + ", " + state.statistics() + "]";
    }
}
