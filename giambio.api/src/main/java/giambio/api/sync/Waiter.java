package giambio.api.sync;

import giambio.api.spi.Kernel;
import giambio.api.spi.KernelTask;

/**
 * A task parked in a {@link WaitQueue}, with what it brings or waits for.
 *
 * <p>Loop-confined; a node is in at most one queue at a time.
 *
 * <p>Discussion: the node is also the park's abort callback (it unlinks itself from its
 * queue), so a wait allocates this one object and no capturing lambda; every object alive
 * while a task waits counts (issue 9).
 */
final class Waiter implements Kernel.Abort {

    /** The parked task; never null. Reset only when {@link WaitQueue#parkNew} reuses the node. */
    KernelTask task;
    /** Payload: the item a sender offers, the borrower of a limiter, ...; may be null. */
    Object value;
    /** The channel end (or other owner) the task parked through; may be null. */
    Object via;
    /** Links of the queue; both null when not queued. */
    Waiter prev;
    Waiter next;
    /** True exactly while the node is in a queue. */
    boolean queued;
    /** The queue the node was last added to; null before. */
    WaitQueue queue;

    Waiter(KernelTask task, Object value, Object via) {
        this.task = task;
        this.value = value;
        this.via = via;
    }

    /** Unlinks the node from its queue if it is still there: the wait is undone. */
    @Override
    public boolean tryAbort() {
        return queued && queue.remove(this);
    }
}
