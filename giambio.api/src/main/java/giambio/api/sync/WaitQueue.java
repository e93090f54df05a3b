package giambio.api.sync;

import giambio.api.GiambioInternalError;
import giambio.api.Lowlevel;
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
     * Wakes {@code w}, already unlinked, so that its {@link #park} returns {@code value}.
     *
     * <p>Discussion: the value travels in the node ({@link Waiter#value}) and the outcome is
     * one shared constant, so a hand-off allocates no outcome. Only for waiters whose own
     * {@code value} is no longer needed (a receiver brings none). Reusing one node per queue,
     * to spare the node's allocation too, was tried and measured slower in the rendezvous
     * ping-pong (2026-12-04, docs/performance.md): a long-lived node written on every wait
     * likely pays the collector's old-to-young write barrier, a fresh one does not.
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
