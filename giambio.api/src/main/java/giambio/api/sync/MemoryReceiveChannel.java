package giambio.api.sync;

import java.util.Iterator;
import java.util.NoSuchElementException;
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
        return new Iterator<>() {
            /** The item received by hasNext and not yet returned by next; null if none. */
            private T pending;
            /** True once the channel ended. */
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (pending != null) {
                    return true;
                }
                if (ended) {
                    return false;
                }
                try {
                    pending = receive();
                    return true;
                } catch (EndOfChannelException end) {
                    ended = true;
                    return false;
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the channel has ended");
                }
                T item = pending;
                pending = null;
                return item;
            }
        };
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
