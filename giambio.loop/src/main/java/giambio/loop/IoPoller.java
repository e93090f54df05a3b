package giambio.loop;

import giambio.api.spi.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * I/O readiness for a kernel: one {@link Selector}, one-shot watches per channel and
 * operation. Loop-confined, except {@link #wakeup()}.
 *
 * <p>Discussion: keys are never cancelled between operations, only interest bits change; a
 * cancelled key cannot be re-registered until the next select, which would make a
 * read-after-read fail. Keys are cancelled only by {@link #forget}, just before the channel
 * is closed.
 */
final class IoPoller implements AutoCloseable {

    /** The watches of one channel, by operation; attached to its selection key. */
    private static final class Watches {
        /** Index = numberOfTrailingZeros(op): OP_READ 0, OP_WRITE 2, OP_CONNECT 3, OP_ACCEPT 4. */
        final Watch[] byOp = new Watch[5];
    }

    /** One pending watch; {@code pending} is false once fired or cancelled. */
    private final class Watch implements Registration {
        final SelectionKey key;
        final int op;
        final Runnable action;
        boolean pending = true;

        Watch(SelectionKey key, int op, Runnable action) {
            this.key = key;
            this.op = op;
            this.action = action;
        }

        @Override
        public boolean cancel() {
            if (!pending) {
                return false;
            }
            pending = false;
            active--;
            Watches w = (Watches) key.attachment();
            w.byOp[Integer.numberOfTrailingZeros(op)] = null;
            if (key.isValid()) {
                key.interestOps(key.interestOps() & ~op);
            }
            return true;
        }
    }

    private final Selector selector;
    /**
     * The actions made ready by the last {@link #select}; reused by every call (the poll runs
     * between task batches, so it must not allocate). Valid until the next select.
     */
    private final List<Runnable> ready = new ArrayList<>();
    /** Collects one selected key into {@link #ready}; built once. */
    private final java.util.function.Consumer<SelectionKey> onKey = key -> collect(key, ready);
    /** Number of pending watches. */
    private int active;

    IoPoller() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the loop's selector", e);
        }
    }

    int active() {
        return active;
    }

    Registration watch(SelectableChannel channel, int op, Runnable action) throws IOException {
        if (op != SelectionKey.OP_READ && op != SelectionKey.OP_WRITE && op != SelectionKey.OP_ACCEPT
                && op != SelectionKey.OP_CONNECT) {
            throw new IllegalArgumentException("watch one operation: OP_READ, OP_WRITE, OP_ACCEPT or OP_CONNECT, not " + op);
        }
        if ((channel.validOps() & op) == 0) {
            throw new IllegalArgumentException(channel + " does not support operation " + op);
        }
        SelectionKey key = channel.keyFor(selector);
        if (key == null || !key.isValid()) {
            if (!channel.isOpen()) {
                throw new ClosedChannelException();
            }
            if (channel.isBlocking()) {
                channel.configureBlocking(false);
            }
            key = channel.register(selector, 0, new Watches());
        }
        Watches w = (Watches) key.attachment();
        int slot = Integer.numberOfTrailingZeros(op);
        if (w.byOp[slot] != null) {
            throw new IllegalStateException("another task is already waiting for the same operation on " + channel);
        }
        Watch watch = new Watch(key, op, action);
        w.byOp[slot] = watch;
        key.interestOps(key.interestOps() | op);
        active++;
        return watch;
    }

    void forget(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            return;
        }
        Watches w = (Watches) key.attachment();
        for (int i = 0; i < w.byOp.length; i++) {
            Watch watch = w.byOp[i];
            if (watch != null) {
                watch.pending = false;
                w.byOp[i] = null;
                active--;
            }
        }
        key.cancel();
    }

    /**
     * Waits for readiness and collects the ready watches' actions.
     *
     * @param timeoutNanos 0 to poll, Long.MAX_VALUE to wait without timeout
     * @return the actions to run, in no particular order; the same list is reused by the next call
     */
    List<Runnable> select(long timeoutNanos) {
        ready.clear();
        try {
            if (timeoutNanos == 0) {
                selector.selectNow(onKey);
            } else if (timeoutNanos == Long.MAX_VALUE) {
                selector.select(onKey);
            } else {
                long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
                selector.select(onKey, millis);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the loop's selector failed", e);
        }
        return ready;
    }

    private void collect(SelectionKey key, List<Runnable> ready) {
        if (!key.isValid()) {
            return;
        }
        Watches w = (Watches) key.attachment();
        int readyOps = key.readyOps();
        int interest = key.interestOps();
        for (int i = 0; i < w.byOp.length; i++) {
            Watch watch = w.byOp[i];
            if (watch != null && (readyOps & watch.op) != 0) {
                watch.pending = false;
                w.byOp[i] = null;
                active--;
                interest &= ~watch.op;
                ready.add(watch.action);
            }
        }
        key.interestOps(interest);
    }

    /** Makes a blocked or the next {@link #select} return at once; any thread. */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the loop's selector", e);
        }
    }
}
