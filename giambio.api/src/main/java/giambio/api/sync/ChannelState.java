package giambio.api.sync;

import giambio.api.BrokenResourceException;
import giambio.api.ClosedResourceException;
import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import giambio.api.spi.Outcome;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The state shared by every end of one memory channel, and the channel's algorithm (after
 * trio's {@code MemoryChannelState}).
 *
 * <p>Implementation overview: a buffer and two wait queues. Invariants, true between
 * checkpoints: if receivers wait, the buffer is empty and no sender waits; if senders wait,
 * the buffer is full. A send hands its item straight to the first waiting receiver; a receive
 * takes the first waiting sender's item through the back of the buffer (so FIFO order holds)
 * and wakes it. Waiters remember the end they parked through, so closing one end wakes only
 * its own waiters. Loop-confined once bound.
 *
 * @param <T> the type of the items
 */
final class ChannelState<T> {

    /** Wake-up values other than an item (receivers) or NONE (senders). */
    private static final Object CLOSED = new Object();
    private static final Object BROKEN = new Object();
    private static final Object END = new Object();

    final LoopBinding binding = new LoopBinding();
    /** Maximum buffered items; {@link MemoryChannel#UNBOUNDED} for none. */
    final int capacity;
    /** Buffered items, oldest first; never more than capacity. */
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    /** Send ends not closed yet; starts at 1. */
    private int openSenders = 1;
    /** Receive ends not closed yet; starts at 1. */
    private int openReceivers = 1;
    /** Blocked senders: {@code value} is the item, {@code via} the end. */
    private final WaitQueue sendWaiters = new WaitQueue();
    /** Blocked receivers: {@code via} is the end. */
    private final WaitQueue receiveWaiters = new WaitQueue();

    ChannelState(int capacity) {
        this.capacity = capacity;
    }

    // ---- sending ------------------------------------------------------------------------------

    void send(MemorySendChannel<T> end, T item) {
        Objects.requireNonNull(item, "a channel cannot carry null items");
        Kernel kernel = binding.check("SendChannel.send", end);
        Lowlevel.checkpointIfCancelled();
        if (offer(kernel, end, item)) {
            Lowlevel.cancelShieldedCheckpoint();
            return;
        }
        Object woken = sendWaiters.parkNew(kernel.current(), item, end);
        if (woken == BROKEN) {
            throw broken();
        }
        if (woken == CLOSED) {
            throw closedWhileWaiting("send");
        }
    }

    boolean trySend(MemorySendChannel<T> end, T item) {
        Objects.requireNonNull(item, "a channel cannot carry null items");
        return offer(binding.check("SendChannel.trySend", end), end, item);
    }

    private boolean offer(Kernel kernel, MemorySendChannel<T> end, T item) {
        if (end.closed) {
            throw new ClosedResourceException("this send end is closed; it cannot send");
        }
        if (openReceivers == 0) {
            throw broken();
        }
        Waiter receiver = receiveWaiters.pollFirst();
        if (receiver != null) {
            WaitQueue.deliver(kernel, receiver, item);
            return true;
        }
        if (buffer.size() < capacity) {
            buffer.addLast(item);
            return true;
        }
        return false;
    }

    // ---- receiving ----------------------------------------------------------------------------

    T receive(MemoryReceiveChannel<T> end) {
        Kernel kernel = binding.check("ReceiveChannel.receive", end);
        Lowlevel.checkpointIfCancelled();
        T item = poll(kernel, end);
        if (item != null) {
            Lowlevel.cancelShieldedCheckpoint();
            return item;
        }
        Object woken = receiveWaiters.parkNew(kernel.current(), null, end);
        if (woken == END) {
            throw endOfChannel();
        }
        if (woken == CLOSED) {
            throw closedWhileWaiting("receive");
        }
        @SuppressWarnings("unchecked")
        T received = (T) woken;
        return received;
    }

    T tryReceive(MemoryReceiveChannel<T> end) {
        return poll(binding.check("ReceiveChannel.tryReceive", end), end);
    }

    /** Takes the next item if there is one; null if the caller would have to wait. */
    private T poll(Kernel kernel, MemoryReceiveChannel<T> end) {
        if (end.closed) {
            throw new ClosedResourceException("this receive end is closed; it cannot receive");
        }
        Waiter sender = sendWaiters.pollFirst();
        if (sender != null) {
            @SuppressWarnings("unchecked")
            T offered = (T) sender.value;
            buffer.addLast(offered);
            kernel.reschedule(sender.task, Outcome.NONE);
        }
        T item = buffer.pollFirst();
        if (item == null && openSenders == 0) {
            throw endOfChannel();
        }
        return item;
    }

    // ---- ends ---------------------------------------------------------------------------------

    /** Counts a new send end (clone of {@code from}). */
    void cloneSender(MemorySendChannel<T> from) {
        binding.check("SendChannel.clone", from);
        if (from.closed) {
            throw new ClosedResourceException("this send end is closed; it cannot be cloned");
        }
        openSenders++;
    }

    void cloneReceiver(MemoryReceiveChannel<T> from) {
        binding.check("ReceiveChannel.clone", from);
        if (from.closed) {
            throw new ClosedResourceException("this receive end is closed; it cannot be cloned");
        }
        openReceivers++;
    }

    void closeSender(MemorySendChannel<T> end) {
        Kernel kernel = binding.checkIfBound("SendChannel.close", end);
        if (end.closed) {
            return;
        }
        end.closed = true;
        if (kernel != null) {
            wakeOwn(kernel, sendWaiters, end);
        }
        if (--openSenders == 0 && kernel != null) {
            for (Waiter w : receiveWaiters.drain()) {
                kernel.reschedule(w.task, Outcome.success(END));
            }
        }
    }

    void closeReceiver(MemoryReceiveChannel<T> end) {
        Kernel kernel = binding.checkIfBound("ReceiveChannel.close", end);
        if (end.closed) {
            return;
        }
        end.closed = true;
        if (kernel != null) {
            wakeOwn(kernel, receiveWaiters, end);
        }
        if (--openReceivers == 0) {
            buffer.clear();
            if (kernel != null) {
                for (Waiter w : sendWaiters.drain()) {
                    kernel.reschedule(w.task, Outcome.success(BROKEN));
                }
            }
        }
    }

    /** Wakes with CLOSED the tasks that parked through {@code end}. */
    private static void wakeOwn(Kernel kernel, WaitQueue queue, Object end) {
        for (Waiter w : queue.snapshot()) {
            if (w.via == end) {
                queue.remove(w);
                kernel.reschedule(w.task, Outcome.success(CLOSED));
            }
        }
    }

    MemoryChannel.Statistics statistics() {
        return new MemoryChannel.Statistics(buffer.size(), capacity, openSenders, openReceivers,
                sendWaiters.size(), receiveWaiters.size());
    }

    private static BrokenResourceException broken() {
        return new BrokenResourceException("every receive end of this channel is closed: nobody can receive");
    }

    private static EndOfChannelException endOfChannel() {
        return new EndOfChannelException("every send end of this channel is closed and its buffer is empty");
    }

    private static ClosedResourceException closedWhileWaiting(String op) {
        return new ClosedResourceException("this channel end was closed while this task waited to " + op);
    }
}
