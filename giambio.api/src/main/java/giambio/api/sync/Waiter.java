package giambio.api.sync;

import giambio.api.spi.KernelTask;

/**
 * A task parked in a {@link WaitQueue}, with what it brings or waits for.
 *
 * <p>Loop-confined; a node is in at most one queue at a time.
 */
final class Waiter {

    /** The parked task; never null. */
    final KernelTask task;
    /** Payload: the item a sender offers, the borrower of a limiter, ...; may be null. */
    Object value;
    /** The channel end (or other owner) the task parked through; may be null. */
    Object via;
    /** Links of the queue; both null when not queued. */
    Waiter prev;
    Waiter next;
    /** True exactly while the node is in a queue. */
    boolean queued;

    Waiter(KernelTask task, Object value, Object via) {
        this.task = task;
        this.value = value;
        this.via = via;
    }
}
