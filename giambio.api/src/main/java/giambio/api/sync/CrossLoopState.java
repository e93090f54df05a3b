package giambio.api.sync;

import giambio.api.BrokenResourceException;
import giambio.api.ClosedResourceException;
import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state shared by every end of one {@link CrossLoopChannel}, and its algorithm.
 *
 * <p>Implementation overview: a buffer under one lock, and two kinds of waiters per side:
 * tasks of any loop (parked through the kernel SPI, queued FIFO in {@code sendWaiters} /
 * {@code receiveWaiters}) and plain threads (waiting on a {@link Condition} of the lock). A
 * change that lets one waiter proceed (an item added, an item taken) wakes one waiter of the
 * other side, a task first; a close wakes everybody. A woken waiter does not get an item
 * handed to it: it retries under the lock. Invariant: a waiter that left its queue always
 * retries, so a wake-up is never lost (a task whose abort fails because it was already woken
 * retries instead of raising {@code Cancelled}; the cancellation arrives at its next
 * checkpoint, and no item is dropped).
 *
 * <p>Discussion: waking a task of another loop goes through that kernel's thread-safe
 * {@code submit} (the only SPI call allowed from a foreign thread); a task of the calling
 * loop is rescheduled directly. Wake-ups run after the lock is released.
 *
 * @param <T> the type of the items
 */
final class CrossLoopState<T> {

    /** A task parked on one side of the channel. */
    private static final class TaskWaiter {
        final Kernel kernel;
        final KernelTask task;

        TaskWaiter(Kernel kernel, KernelTask task) {
            this.kernel = kernel;
            this.task = task;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Plain threads waiting to send; signalled one per item taken. */
    private final Condition notFull = lock.newCondition();
    /** Plain threads waiting to receive; signalled one per item added. */
    private final Condition notEmpty = lock.newCondition();
    /** Maximum buffered items, at least 1; {@link CrossLoopChannel#UNBOUNDED} for none. */
    final int capacity;
    /** Buffered items, oldest first; never more than capacity. Guarded by lock. */
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    /** Send and receive ends not closed yet; each starts at 1. Guarded by lock. */
    private int openSenders = 1;
    private int openReceivers = 1;
    /** Parked tasks, FIFO. Guarded by lock. */
    private final ArrayDeque<TaskWaiter> sendWaiters = new ArrayDeque<>();
    private final ArrayDeque<TaskWaiter> receiveWaiters = new ArrayDeque<>();
    /** Plain threads in await on notFull / notEmpty. Guarded by lock. */
    private int threadSenders;
    private int threadReceivers;

    CrossLoopState(int capacity) {
        this.capacity = capacity;
    }

    // ---- sending ------------------------------------------------------------------------------

    void send(CrossLoopChannel.Sender<T> end, T item) throws InterruptedException {
        Objects.requireNonNull(item, "CrossLoopChannel.Sender.send: a channel cannot carry null items");
        Kernel kernel = Lowlevel.kernelOrNull();
        if (kernel == null) {
            sendBlocking(end, item);
            return;
        }
        Lowlevel.checkpointIfCancelled();
        while (true) {
            TaskWaiter waiter;
            TaskWaiter wake = null;
            lock.lock();
            try {
                if (offerLocked(end, item)) {
                    wake = wakeOneReceiverLocked();
                    waiter = null;
                } else {
                    waiter = new TaskWaiter(kernel, Lowlevel.currentKernelTask());
                    sendWaiters.addLast(waiter);
                }
            } finally {
                lock.unlock();
            }
            if (waiter == null) {
                wake(wake, kernel);
                Lowlevel.cancelShieldedCheckpoint();
                return;
            }
            parkUntilWoken(sendWaiters, waiter);
        }
    }

    private void sendBlocking(CrossLoopChannel.Sender<T> end, T item) throws InterruptedException {
        TaskWaiter wake;
        lock.lockInterruptibly();
        try {
            while (!offerLocked(end, item)) {
                threadSenders++;
                try {
                    notFull.await();
                } finally {
                    threadSenders--;
                }
            }
            wake = wakeOneReceiverLocked();
        } finally {
            lock.unlock();
        }
        wake(wake, null);
    }

    boolean trySend(CrossLoopChannel.Sender<T> end, T item) {
        Objects.requireNonNull(item, "CrossLoopChannel.Sender.trySend: a channel cannot carry null items");
        TaskWaiter wake;
        lock.lock();
        try {
            if (!offerLocked(end, item)) {
                return false;
            }
            wake = wakeOneReceiverLocked();
        } finally {
            lock.unlock();
        }
        wake(wake, Lowlevel.kernelOrNull());
        return true;
    }

    private boolean offerLocked(CrossLoopChannel.Sender<T> end, T item) {
        if (end.closed) {
            throw new ClosedResourceException("CrossLoopChannel.Sender.send: this send end is closed; it cannot send");
        }
        if (openReceivers == 0) {
            throw new BrokenResourceException("CrossLoopChannel.Sender.send: every receive end of this channel is "
                    + "closed: nobody can receive");
        }
        if (buffer.size() < capacity) {
            buffer.addLast(item);
            return true;
        }
        return false;
    }

    /** Picks the waiter to wake after an item was added: a task (returned), else a thread. */
    private TaskWaiter wakeOneReceiverLocked() {
        TaskWaiter w = receiveWaiters.pollFirst();
        if (w == null && threadReceivers > 0) {
            notEmpty.signal();
        }
        return w;
    }

    // ---- receiving ----------------------------------------------------------------------------

    T receive(CrossLoopChannel.Receiver<T> end) throws InterruptedException {
        Kernel kernel = Lowlevel.kernelOrNull();
        if (kernel == null) {
            return receiveBlocking(end);
        }
        Lowlevel.checkpointIfCancelled();
        while (true) {
            T item;
            TaskWaiter waiter = null;
            TaskWaiter wake = null;
            lock.lock();
            try {
                item = pollLocked(end);
                if (item != null) {
                    wake = wakeOneSenderLocked();
                } else {
                    waiter = new TaskWaiter(kernel, Lowlevel.currentKernelTask());
                    receiveWaiters.addLast(waiter);
                }
            } finally {
                lock.unlock();
            }
            if (item != null) {
                wake(wake, kernel);
                Lowlevel.cancelShieldedCheckpoint();
                return item;
            }
            parkUntilWoken(receiveWaiters, waiter);
        }
    }

    private T receiveBlocking(CrossLoopChannel.Receiver<T> end) throws InterruptedException {
        T item;
        TaskWaiter wake;
        lock.lockInterruptibly();
        try {
            while ((item = pollLocked(end)) == null) {
                threadReceivers++;
                try {
                    notEmpty.await();
                } finally {
                    threadReceivers--;
                }
            }
            wake = wakeOneSenderLocked();
        } finally {
            lock.unlock();
        }
        wake(wake, null);
        return item;
    }

    T tryReceive(CrossLoopChannel.Receiver<T> end) {
        T item;
        TaskWaiter wake;
        lock.lock();
        try {
            item = pollLocked(end);
            if (item == null) {
                return null;
            }
            wake = wakeOneSenderLocked();
        } finally {
            lock.unlock();
        }
        wake(wake, Lowlevel.kernelOrNull());
        return item;
    }

    /** Takes the next item; null if the caller must wait; throws at the end of the channel. */
    private T pollLocked(CrossLoopChannel.Receiver<T> end) {
        if (end.closed) {
            throw new ClosedResourceException("CrossLoopChannel.Receiver.receive: this receive end is closed; it cannot "
                    + "receive");
        }
        T item = buffer.pollFirst();
        if (item == null && openSenders == 0) {
            throw new EndOfChannelException("every send end of this channel is closed and its buffer is empty");
        }
        return item;
    }

    private TaskWaiter wakeOneSenderLocked() {
        TaskWaiter w = sendWaiters.pollFirst();
        if (w == null && threadSenders > 0) {
            notFull.signal();
        }
        return w;
    }

    // ---- parking and waking -------------------------------------------------------------------

    /**
     * Parks the calling task until a wake-up; the abort succeeds only while the waiter is still
     * queued (then no wake-up was spent on it).
     */
    private void parkUntilWoken(ArrayDeque<TaskWaiter> queue, TaskWaiter waiter) {
        Lowlevel.park(() -> {
            lock.lock();
            try {
                return queue.remove(waiter);
            } finally {
                lock.unlock();
            }
        });
    }

    /** Wakes a parked task: directly if it belongs to {@code here}, else through submit. */
    private static void wake(TaskWaiter w, Kernel here) {
        if (w == null) {
            return;
        }
        if (w.kernel == here) {
            w.kernel.reschedule(w.task, Outcome.NONE);
            return;
        }
        try {
            w.kernel.submit(() -> w.kernel.reschedule(w.task, Outcome.NONE));
        } catch (RejectedExecutionException impossible) {
            // a loop cannot finish while one of its tasks is parked here
            throw new giambio.api.GiambioInternalError("a task parked on a CrossLoopChannel outlived its loop",
                    impossible);
        }
    }

    private static void wakeAll(List<TaskWaiter> waiters, Kernel here) {
        for (TaskWaiter w : waiters) {
            wake(w, here);
        }
    }

    // ---- ends ---------------------------------------------------------------------------------

    void cloneSender(CrossLoopChannel.Sender<T> from) {
        lock.lock();
        try {
            if (from.closed) {
                throw new ClosedResourceException("CrossLoopChannel.Sender.clone: this send end is closed; it cannot be "
                        + "cloned");
            }
            openSenders++;
        } finally {
            lock.unlock();
        }
    }

    void cloneReceiver(CrossLoopChannel.Receiver<T> from) {
        lock.lock();
        try {
            if (from.closed) {
                throw new ClosedResourceException("CrossLoopChannel.Receiver.clone: this receive end is closed; it "
                        + "cannot be cloned");
            }
            openReceivers++;
        } finally {
            lock.unlock();
        }
    }

    void closeSender(CrossLoopChannel.Sender<T> end) {
        List<TaskWaiter> woken = new ArrayList<>();
        lock.lock();
        try {
            if (end.closed) {
                return;
            }
            end.closed = true;
            openSenders--;
            // every waiter retries: the senders of this end see it closed, the receivers see
            // the end of the channel once the last send end closed
            drainInto(sendWaiters, woken);
            notFull.signalAll();
            if (openSenders == 0) {
                drainInto(receiveWaiters, woken);
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
        wakeAll(woken, Lowlevel.kernelOrNull());
    }

    void closeReceiver(CrossLoopChannel.Receiver<T> end) {
        List<TaskWaiter> woken = new ArrayList<>();
        lock.lock();
        try {
            if (end.closed) {
                return;
            }
            end.closed = true;
            openReceivers--;
            drainInto(receiveWaiters, woken);
            notEmpty.signalAll();
            if (openReceivers == 0) {
                buffer.clear();
                drainInto(sendWaiters, woken);
                notFull.signalAll();
            }
        } finally {
            lock.unlock();
        }
        wakeAll(woken, Lowlevel.kernelOrNull());
    }

    private static void drainInto(ArrayDeque<TaskWaiter> queue, List<TaskWaiter> into) {
        into.addAll(queue);
        queue.clear();
    }

    MemoryChannel.Statistics statistics() {
        lock.lock();
        try {
            return new MemoryChannel.Statistics(buffer.size(), capacity, openSenders, openReceivers,
                    sendWaiters.size() + threadSenders, receiveWaiters.size() + threadReceivers);
        } finally {
            lock.unlock();
        }
    }
}
