package giambio.api.sync;

/**
 * The one implementation of {@link SendChannel}: an end over a {@link ChannelState}.
 *
 * @param <T> the type of the items
 */
final class MemorySendChannel<T> extends ChannelEnd<T> implements SendChannel<T> {

    MemorySendChannel(ChannelState<T> state) {
        super(state);
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
    String kind() {
        return "SendChannel";
    }
}
