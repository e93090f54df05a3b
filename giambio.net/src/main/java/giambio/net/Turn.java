package giambio.net;

import giambio.api.Cancelled;
import giambio.api.Lowlevel;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import java.util.ArrayDeque;

/**
 * A first-come, first-served turn at one direction of a transport, shared by the tasks of one
 * {@link TlsStreamImpl} (trio's inner send and receive locks).
 *
 * <p>Discussion: not {@link giambio.api.sync.Lock}, on purpose. Taking a free turn does not
 * yield: every holder goes straight into a transport operation, which is the checkpoint, so a
 * second yield per record would only cost time. No owner checks either: the turn never leaves
 * this package, and every {@link #take()} is paired with a {@link #release()} in a
 * {@code finally} of the same method. Loop-confined.
 */
final class Turn {

    /** True while some task holds the turn; the waiters queue behind it. */
    private boolean held;
    /** Tasks waiting for the turn, first come first served; each is woken holding it. */
    private final ArrayDeque<KernelTask> waiters = new ArrayDeque<>(2);

    /**
     * Takes the turn: at once if it is free (not a checkpoint), else waits in line.
     *
     * @return {@code true} if the caller had to wait (someone else used the transport
     *         meanwhile)
     * @throws Cancelled if cancelled while waiting; the caller then does not hold the turn
     */
    boolean take() {
        if (!held) {
            held = true;
            return false;
        }
        KernelTask me = Lowlevel.currentKernelTask();
        waiters.addLast(me);
        try {
            Lowlevel.park(() -> waiters.remove(me));
        } catch (Cancelled c) {
            waiters.remove(me);   // already gone if the abort ran; harmless otherwise
            throw c;
        }
        return true;   // release() handed the turn over: held stays true
    }

    /** Gives the turn to the first waiter, or frees it. Not a checkpoint. */
    void release() {
        KernelTask next = waiters.pollFirst();
        if (next == null) {
            held = false;
        } else {
            Lowlevel.kernel().reschedule(next, Outcome.NONE);
        }
    }

    /** Tells whether some task holds the turn. */
    boolean isHeld() {
        return held;
    }
}
