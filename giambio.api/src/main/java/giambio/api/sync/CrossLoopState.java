package giambio.api.sync;

import giambio.api.BrokenResourceException;
import giambio.api.ClosedResourceException;
import giambio.api.Lowlevel;
import giambio.api.internal.WorkerLoan;
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
 * {@code receiveWaiters}) and threads that run no loop (each waiting on its own
 * {@link Condition} of the lock, queued FIFO in {@code threadSendWaiters} /
 * {@code threadReceiveWaiters}). A change that lets one waiter proceed (an item added, an
 * item taken) wakes one waiter of the other side, a task first; a close wakes everybody. A
 * woken waiter does not get an item handed to it: it retries under the lock. Invariant: a
 * waiter that left its queue always retries, so a wake-up is never lost (a task whose abort
 * fails because it was already woken retries instead of raising {@code Cancelled}; the
 * cancellation arrives at its next checkpoint, and no item is dropped; a thread interrupted
 * after it was picked retries too, with its interrupt status set again).
 *
 * <p>Discussion: waking a task of another loop goes through that kernel's thread-safe
 * {@code submit} (the only SPI call allowed from a foreign thread); a task of the calling
 * loop is rescheduled directly. Wake-ups run after the lock is released.
 *
 * <p>Discussion: a waiting thread that is a {@code Threads.runInThread} worker of a loop on
 * a virtual clock waits for a loop, not for the outside world: it lends its in-flight count
 * for the wait ({@link WorkerLoan}), or an autojumping clock would never jump to the timer of
 * the very task it waits for. Whoever picks it ends the loan under the lock, before the
 * worker can run: when that is a task, its loop is busy, so no jump can fall between the
 * hand-over and the worker counting again. Threads have explicit queues (rather than one
 * {@code Condition} per side) for that reason: the waker must know whom it woke. The loan is
 * taken only when the thread must block, and only by such a worker: nothing changes on the
 * path that does not wait, nor for plain threads.
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

    /** A thread that runs no loop, blocked on one side of the channel. */
    private static final class ThreadWaiter {
        /** Signalled once, when the waiter is picked; of the channel's lock. */
        final Condition condition;
        /** Picked (removed from its queue by the waker): the waiter retries. Guarded by lock. */
        boolean picked;
        /** The worker's count lent for this wait, or null. Guarded by lock. */
        WorkerLoan loan;

        ThreadWaiter(Condition condition) {
            this.condition = condition;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
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
    /** Blocked threads, FIFO; one is picked per item taken / added. Guarded by lock. */
    private final ArrayDeque<ThreadWaiter> threadSendWaiters = new ArrayDeque<>();
    private final ArrayDeque<ThreadWaiter> threadReceiveWaiters = new ArrayDeque<>();

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
                awaitPickedLocked(threadSendWaiters);
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
        if (w == null) {
            pickOneLocked(threadReceiveWaiters);
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
                awaitPickedLocked(threadReceiveWaiters);
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
        if (w == null) {
            pickOneLocked(threadSendWaiters);
        }
        return w;
    }

    // ---- parking and waking -------------------------------------------------------------------

    /**
     * Blocks the calling thread (which runs no loop) until a waker picks it; the caller then
     * retries. A {@code runInThread} worker lends its count for the wait. Under lock.
     *
     * @throws InterruptedException if interrupted before it was picked (then it left the
     *                              queue unpicked: no wake-up was spent on it)
     */
    private void awaitPickedLocked(ArrayDeque<ThreadWaiter> queue) throws InterruptedException {
        ThreadWaiter me = new ThreadWaiter(lock.newCondition());
        queue.addLast(me);
        try {
            // Discussion: lent after queueing and under the lock, so a waker (which needs
            // the lock) always finds the loan it must end
            me.loan = WorkerLoan.lendIfWorker();
            while (!me.picked) {
                me.condition.await();
            }
        } catch (InterruptedException e) {
            if (!me.picked) {
                throw e;
            }
            Thread.currentThread().interrupt();     // picked first: retry, as a task would
        } finally {
            if (!me.picked) {
                queue.remove(me);                   // leaves unpicked: no wake-up was spent on it
            }
            if (me.loan != null) {
                me.loan.end();                      // no-op if the waker ended it
            }
        }
    }

    /** Picks the first waiting thread of {@code queue}, if any. Under lock. */
    private static void pickOneLocked(ArrayDeque<ThreadWaiter> queue) {
        ThreadWaiter w = queue.pollFirst();
        if (w != null) {
            pickLocked(w);
        }
    }

    /** Picks every waiting thread of {@code queue}. Under lock. */
    private static void pickAllLocked(ArrayDeque<ThreadWaiter> queue) {
        ThreadWaiter w;
        while ((w = queue.pollFirst()) != null) {
            pickLocked(w);
        }
    }

    /**
     * Wakes one thread to retry; a worker counts again from here, on the waker's thread (a
     * task's: its loop is busy, so the clock cannot jump before the worker runs on).
     */
    private static void pickLocked(ThreadWaiter w) {
        w.picked = true;
        if (w.loan != null) {
            w.loan.end();
        }
        w.condition.signal();
    }

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
            pickAllLocked(threadSendWaiters);
            if (openSenders == 0) {
                drainInto(receiveWaiters, woken);
                pickAllLocked(threadReceiveWaiters);
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
            pickAllLocked(threadReceiveWaiters);
            if (openReceivers == 0) {
                buffer.clear();
                drainInto(sendWaiters, woken);
                pickAllLocked(threadSendWaiters);
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
                    sendWaiters.size() + threadSendWaiters.size(),
                    receiveWaiters.size() + threadReceiveWaiters.size());
        } finally {
            lock.unlock();
        }
    }
}
