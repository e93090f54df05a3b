package giambio.api.sync;

import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import giambio.api.spi.Outcome;

/**
 * A flag that tasks can wait for: once {@linkplain #set() set}, it wakes every waiter and
 * stays set (trio's {@code Event}).
 *
 * {@snippet :
 * Event ready = new Event();
 * Giambio.createPool(pool -> {
 *     pool.spawn(() -> { ready.await(); System.out.println("go"); });
 *     Giambio.sleep(Duration.ofSeconds(1));
 *     ready.set();                          // wakes the waiter
 * });
 * }
 *
 * <h2>Rules</h2>
 * {@link #await()} is a checkpoint even when the event is already set: it yields, and throws
 * {@link giambio.api.Cancelled} in a cancelled scope. An event cannot be cleared; make a new
 * one. It binds to the loop that first uses it (see {@link Lock} for the rules).
 */
public final class Event {

    private final LoopBinding binding = new LoopBinding();
    /** Once true, stays true; written only on the loop. Volatile so {@link #isSet} works anywhere. */
    private volatile boolean set;
    /** Tasks waiting for the event; empty once set. */
    private final WaitQueue waiters = new WaitQueue();

    /**
     * Creates an unset event; allowed outside a loop.
     */
    public Event() {
    }

    /**
     * Sets the event and wakes every waiting task, in the order they started waiting. Does
     * nothing if already set. Not a checkpoint.
     *
     * @throws IllegalStateException if called outside any running loop before a loop used it
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void set() {
        Kernel kernel = binding.check("Event.set", this);
        if (set) {
            return;
        }
        set = true;
        for (Waiter w : waiters.drain()) {
            kernel.reschedule(w.task, Outcome.NONE);
        }
    }

    /**
     * Tells whether the event is set; callable from any thread.
     *
     * @return {@code true} once {@link #set()} was called
     */
    public boolean isSet() {
        return set;
    }

    /**
     * Waits until the event is set. A checkpoint, also when the event is already set.
     *
     * @throws giambio.api.Cancelled if the calling task is cancelled before the event is set
     * @throws IllegalStateException if called outside any running loop before a loop used it
     * @throws WrongThreadException  if called from another loop, or from a thread that runs no task of its loop
     */
    public void await() {
        Kernel kernel = binding.check("Event.await", this);
        if (set) {
            Giambio.checkpoint();
            return;
        }
        // Discussion: queued and parked here rather than through WaitQueue.park, one frame
        // less under every waiting task's stack (what a continuation freezes); an event's
        // waiters are woken only with Outcome.NONE, so there is no value to unwrap.
        Waiter w = new Waiter(kernel.current(), null, null);
        waiters.addLast(w);
        Lowlevel.park(w);
    }

    /**
     * Returns the number of tasks waiting for the event.
     *
     * @return the number of tasks in {@link #await()}
     */
    public int tasksWaiting() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "Event[" + (set ? "set" : "unset, " + waiters.size() + " waiting") + "]";
    }
}
