package giambio.api.sync;

import java.util.Iterator;
import java.util.Optional;

/**
 * The one implementation of {@link ReceiveChannel}: an end over a {@link ChannelState}.
 *
 * @param <T> the type of the items
 */
final class MemoryReceiveChannel<T> extends ChannelEnd<T> implements ReceiveChannel<T> {

    MemoryReceiveChannel(ChannelState<T> state) {
        super(state);
    }

    @Override
    public T receive() {
        return state.receive(this);
    }

    @Override
    public Optional<T> tryReceive() {
        return Optional.ofNullable(state.tryReceive(this));
    }

    @Override
    public Iterator<T> iterator() {
        return new ReceiveIterator<>(this::receive, "ReceiveChannel");
    }

    @Override
    public ReceiveChannel<T> clone() {
        state.cloneReceiver(this);
        return new MemoryReceiveChannel<>(state);
    }

    @Override
    public void close() {
        state.closeReceiver(this);
    }

    @Override
    String kind() {
        return "ReceiveChannel";
    }
}
