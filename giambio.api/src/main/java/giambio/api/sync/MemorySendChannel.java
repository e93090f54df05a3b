package giambio.api.sync;

/**
 * The one implementation of {@link SendChannel}: an end over a {@link ChannelState}.
 *
 * @param <T> the type of the items
 */
final class MemorySendChannel<T> implements SendChannel<T> {

    private final ChannelState<T> state;
    /** Set once by close; written and read on the channel's loop (see ChannelState). */
    boolean closed;

    MemorySendChannel(ChannelState<T> state) {
        this.state = state;
    }

    @Override
    public void send(T item) {
        state.send(this, item);
    }

    @Override
    public boolean trySend(T item) {
        return state.trySend(this, item);
    }

    @Override
    public SendChannel<T> clone() {
        state.cloneSender(this);
        return new MemorySendChannel<>(state);
    }

    @Override
    public void close() {
        state.closeSender(this);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public MemoryChannel.Statistics statistics() {
        return state.statistics();
    }

    @Override
    public String toString() {
        return "SendChannel[" + (closed ? "closed" : "open") + ", " + state.statistics() + "]";
    }
}
