package giambio.api.sync;

import giambio.api.GiambioInternalError;
import giambio.api.Lowlevel;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * A FIFO queue of parked tasks with O(1) removal, the parking lot of every primitive (after
 * trio's {@code ParkingLot}).
 *
 * <p>Implementation overview: an intrusive doubly linked list of {@link Waiter}s. A task
 * enters with {@link #park}, which parks it with an abort callback that unlinks the node, so
 * a cancelled waiter leaves no trace. Whoever wakes a waiter {@linkplain #pollFirst unlinks}
 * it first and then reschedules it; once unlinked, the abort fails and the wake-up stands.
 * Loop-confined.
 */
final class WaitQueue {

    /** First and last node; both null exactly when the queue is empty. */
    private Waiter head;
    private Waiter tail;
    /** The number of linked nodes. */
    private int size;
    /** A node whose park has finished, kept for the next {@link #parkNew}; null if none. */
    private Waiter spare;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Waiter peekFirst() {
        return head;
    }

    void addLast(Waiter w) {
        if (w.queued) {
            throw new GiambioInternalError("a waiter was queued twice");
        }
        w.queued = true;
        w.queue = this;
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** Unlinks {@code w}; returns false if it was not queued (already woken). */
    boolean remove(Waiter w) {
        if (!w.queued) {
            return false;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
        size--;
        return true;
    }

    /** Unlinks and returns the first waiter, or null. */
    Waiter pollFirst() {
        Waiter w = head;
        if (w != null) {
            remove(w);
        }
        return w;
    }

    /** Unlinks every waiter and returns them in queue order. */
    List<Waiter> drain() {
        List<Waiter> all = new ArrayList<>(size);
        Waiter w;
        while ((w = pollFirst()) != null) {
            all.add(w);
        }
        return all;
    }

    /** Returns the waiters in queue order without unlinking them. */
    List<Waiter> snapshot() {
        List<Waiter> all = new ArrayList<>(size);
        for (Waiter w = head; w != null; w = w.next) {
            all.add(w);
        }
        return all;
    }

    /**
     * Queues {@code w} (whose task must be the calling task) and parks it until it is woken
     * with a value, which this returns.
     *
     * @throws giambio.api.Cancelled if the task is cancelled before it is woken
     */
    Object park(Waiter w) {
        addLast(w);
        Outcome outcome = Lowlevel.park(w);
        if (outcome == DELIVERED) {
            return w.value;
        }
        if (outcome instanceof Outcome.Success s) {
            return s.value();
        }
        throw new GiambioInternalError("a primitive's waiter woke with " + outcome);
    }

    /**
     * Parks the calling task ({@code task}) in a node of this queue's own, like {@link #park},
     * and keeps the node for the next call once the park is over.
     *
     * <p>Discussion: a channel or lock used in a loop parks and wakes over and over; reusing
     * the node spares an allocation per wait. Nothing outside this queue keeps a node after
     * its park: wakers unlink it and forget it before it runs again, and the kernel drops its
     * abort callback when it reschedules or aborts the task.
     */
    Object parkNew(KernelTask task, Object value, Object via) {
        Waiter w = spare;
        if (w == null) {
            w = new Waiter(task, value, via);
        } else {
            spare = null;
            w.task = task;
            w.value = value;
            w.via = via;
        }
        try {
            return park(w);
        } finally {
            if (!w.queued) {
                w.task = null;
                w.value = null;
                w.via = null;
                spare = w;
            }
        }
    }

    /**
     * Wakes {@code w}, already unlinked, so that its {@link #park} returns {@code value}.
     *
     * <p>Discussion: the value travels in the node ({@link Waiter#value}) and the outcome is
     * one shared constant, so a hand-off allocates nothing. Only for waiters whose own
     * {@code value} is no longer needed (a receiver brings none).
     */
    static void deliver(giambio.api.spi.Kernel kernel, Waiter w, Object value) {
        w.value = value;
        kernel.reschedule(w.task, DELIVERED);
    }

    /** The outcome of {@link #deliver}: the value is in the waiter. */
    private static final Outcome DELIVERED = Outcome.success(new Object() {
        @Override
        public String toString() {
            return "DELIVERED";
        }
    });
}
