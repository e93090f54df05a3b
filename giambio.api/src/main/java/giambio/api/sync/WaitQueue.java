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
        Outcome outcome = Lowlevel.park(() -> remove(w));
        if (outcome instanceof Outcome.Success s) {
            return s.value();
        }
        throw new GiambioInternalError("a primitive's waiter woke with " + outcome);
    }
}
