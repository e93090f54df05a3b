package giambio.api.sync;

import giambio.api.BrokenResourceException;
import giambio.api.ClosedResourceException;
import java.util.Iterator;
import java.util.Optional;

/**
 * A thread-safe channel between loops (D7): the one way tasks of different loops of a
 * {@linkplain giambio.api.Giambio#runGroup(giambio.api.RunOptions, int, giambio.api.LoopBody)
 * group} (or a loop and plain threads) pass objects to each other.
 *
 * {@snippet :
 * CrossLoopChannel<String> ch = CrossLoopChannel.open(64);
 * Giambio.runGroup(2, index -> {
 *     if (index == 0) {
 *         try (CrossLoopChannel.Sender<String> tx = ch.sender()) {
 *             tx.send("hello from loop 0");
 *         }
 *     } else {
 *         try (CrossLoopChannel.Receiver<String> rx = ch.receiver()) {
 *             for (String s : rx) {
 *                 System.out.println(s);
 *             }
 *         }
 *     }
 * });
 * }
 *
 * <h2>Loops and threads</h2>
 * Every end may be used from any thread. From a task of a loop, {@code send} and
 * {@code receive} are checkpoints, exactly as on a {@link MemoryChannel}: they raise
 * {@link giambio.api.Cancelled} if the task is cancelled before the item moved, and let the
 * loop's other tasks run while they wait. From a thread that runs no loop they are plain
 * blocking calls, like {@link java.util.concurrent.BlockingQueue#put} and
 * {@link java.util.concurrent.BlockingQueue#take}, and throw {@link InterruptedException} when
 * the thread is interrupted (never from a task: there cancellation is the way out).
 *
 * <p>On an autojumping {@link giambio.api.VirtualClock}: a plain thread is never counted as
 * work the clock waits for. A {@link giambio.api.Threads#runInThread} worker is, except while
 * it blocks here: then it waits for a loop (perhaps for a task of its own loop that sleeps on
 * the clock first), so it does not hold the clock; the loop task that hands it an item, room
 * or a close makes it count again before that loop can go idle, so the clock does not jump
 * while the worker works on what it got.
 *
 * <h2>Capacity</h2>
 * The buffer holds at least one item (senders wait while it is full: back-pressure); there is
 * no rendezvous mode, since each hand-over between loops already costs a wake-up of the other
 * loop. {@link #UNBOUNDED} never makes a sender wait.
 *
 * <h2>Closing</h2>
 * As on a {@link MemoryChannel}: each end, and each clone, is closed on its own. When every
 * send end is closed, receivers drain the buffer, then get {@link EndOfChannelException}
 * (iteration stops). When every receive end is closed, the buffer is dropped and senders get
 * {@link BrokenResourceException}. Using an end after closing it, or closing it while a task
 * or thread waits on it, gives {@link ClosedResourceException}.
 *
 * <p>Implementation note: one lock guards the buffer; waking a task of another loop goes
 * through that loop's kernel (its thread-safe {@code submit}), so a hand-over to a waiting
 * loop costs one wake-up of that loop. Items sent in bursts into a roomy buffer mostly move
 * without any wake-up.
 *
 * @param <T> the type of the items
 */
public final class CrossLoopChannel<T> {

    /** The capacity of a channel whose senders never wait. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private final Sender<T> sender;
    private final Receiver<T> receiver;

    private CrossLoopChannel(CrossLoopState<T> state) {
        this.sender = new Sender<>(state);
        this.receiver = new Receiver<>(state);
    }

    /**
     * Opens a channel with room for {@code capacity} buffered items; allowed anywhere.
     *
     * @param <T>      the type of the items
     * @param capacity at least 1, or {@link #UNBOUNDED}
     * @return the channel's first pair of ends
     * @throws IllegalArgumentException if {@code capacity} is zero or negative
     */
    public static <T> CrossLoopChannel<T> open(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("CrossLoopChannel.open: the capacity must be at least 1 (or "
                    + "CrossLoopChannel.UNBOUNDED), not " + capacity + "; a cross-loop channel has no rendezvous mode");
        }
        return new CrossLoopChannel<>(new CrossLoopState<>(capacity));
    }

    /**
     * Returns the send end made with the channel.
     *
     * @return the first send end
     */
    public Sender<T> sender() {
        return sender;
    }

    /**
     * Returns the receive end made with the channel.
     *
     * @return the first receive end
     */
    public Receiver<T> receiver() {
        return receiver;
    }

    @Override
    public String toString() {
        return "CrossLoopChannel[" + sender.statistics() + "]";
    }

    /**
     * The send end of a {@link CrossLoopChannel}; thread-safe.
     *
     * @param <T> the type of the items
     */
    public static final class Sender<T> implements AutoCloseable {

        private final CrossLoopState<T> state;
        /** Set once by close, under the channel's lock; read anywhere. */
        volatile boolean closed;

        Sender(CrossLoopState<T> state) {
            this.state = state;
        }

        /**
         * Sends {@code item}, waiting while the buffer is full. From a task, a checkpoint.
         *
         * @param item the item
         * @throws InterruptedException    if called from a thread that runs no loop and it is
         *                                 interrupted while waiting (the item was not sent)
         * @throws BrokenResourceException if every receive end is closed
         * @throws ClosedResourceException if this end is closed, before or while waiting
         * @throws giambio.api.Cancelled   if the calling task is cancelled before the item was
         *                                 buffered; the item was then not sent
         * @throws NullPointerException    if {@code item} is null
         */
        public void send(T item) throws InterruptedException {
            state.send(this, item);
        }

        /**
         * Sends {@code item} if that needs no waiting. Not a checkpoint.
         *
         * @param item the item
         * @return {@code true} if sent, {@code false} if the buffer is full
         * @throws BrokenResourceException if every receive end is closed
         * @throws ClosedResourceException if this end is closed
         * @throws NullPointerException    if {@code item} is null
         */
        public boolean trySend(T item) {
            return state.trySend(this, item);
        }

        /**
         * Returns a new send end on the same channel; the send side closes only when this end
         * and every clone are closed.
         *
         * @return a new open send end
         * @throws ClosedResourceException if this end is closed
         */
        @Override
        public Sender<T> clone() {
            state.cloneSender(this);
            return new Sender<>(state);
        }

        /**
         * Closes this end; idempotent, not a checkpoint, allowed from any thread. Waiters on
         * this end get {@link ClosedResourceException}; when the last send end closes,
         * receivers drain the buffer and then get {@link EndOfChannelException}.
         */
        @Override
        public void close() {
            state.closeSender(this);
        }

        /**
         * Tells whether this end is closed.
         *
         * @return {@code true} once {@link #close()} was called on this end
         */
        public boolean isClosed() {
            return closed;
        }

        /**
         * Returns a snapshot of the channel's state; waiting counts include plain threads.
         *
         * @return buffer use, open ends and waiters
         */
        public MemoryChannel.Statistics statistics() {
            return state.statistics();
        }
    }

    /**
     * The receive end of a {@link CrossLoopChannel}; thread-safe. Iterating it receives until
     * the end of the channel.
     *
     * @param <T> the type of the items
     */
    public static final class Receiver<T> implements AutoCloseable, Iterable<T> {

        private final CrossLoopState<T> state;
        /** Set once by close, under the channel's lock; read anywhere. */
        volatile boolean closed;

        Receiver(CrossLoopState<T> state) {
            this.state = state;
        }

        /**
         * Receives the next item, waiting until there is one. From a task, a checkpoint.
         *
         * @return the item
         * @throws InterruptedException    if called from a thread that runs no loop and it is
         *                                 interrupted while waiting
         * @throws EndOfChannelException   if every send end is closed and the buffer is empty
         * @throws ClosedResourceException if this end is closed, before or while waiting
         * @throws giambio.api.Cancelled   if the calling task is cancelled before an item
         *                                 arrived; no item was then taken
         */
        public T receive() throws InterruptedException {
            return state.receive(this);
        }

        /**
         * Receives an item if one is buffered. Not a checkpoint.
         *
         * @return the item, or empty if the caller would have to wait
         * @throws EndOfChannelException   if every send end is closed and the buffer is empty
         * @throws ClosedResourceException if this end is closed
         */
        public Optional<T> tryReceive() {
            return Optional.ofNullable(state.tryReceive(this));
        }

        /**
         * Iterates until the end of the channel; {@code hasNext} receives (a checkpoint from
         * a task). From a plain thread, an interrupt while waiting ends the iteration with
         * {@link java.util.concurrent.CancellationException} and the thread's interrupt
         * status set.
         *
         * @return an iterator over the items still to come
         */
        @Override
        public Iterator<T> iterator() {
            return new ReceiveIterator<>(this::receive, "CrossLoopChannel.Receiver");
        }

        /**
         * Returns a new receive end on the same channel; the receive side closes only when
         * this end and every clone are closed.
         *
         * @return a new open receive end
         * @throws ClosedResourceException if this end is closed
         */
        @Override
        public Receiver<T> clone() {
            state.cloneReceiver(this);
            return new Receiver<>(state);
        }

        /**
         * Closes this end; idempotent, not a checkpoint, allowed from any thread. Waiters on
         * this end get {@link ClosedResourceException}; when the last receive end closes, the
         * buffer is dropped and senders get {@link BrokenResourceException}.
         */
        @Override
        public void close() {
            state.closeReceiver(this);
        }

        /**
         * Tells whether this end is closed.
         *
         * @return {@code true} once {@link #close()} was called on this end
         */
        public boolean isClosed() {
            return closed;
        }

        /**
         * Returns a snapshot of the channel's state; waiting counts include plain threads.
         *
         * @return buffer use, open ends and waiters
         */
        public MemoryChannel.Statistics statistics() {
            return state.statistics();
        }
    }
}
