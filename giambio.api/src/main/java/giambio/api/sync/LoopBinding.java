package giambio.api.sync;

import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;

/**
 * Binds a primitive to the loop that first uses it, and checks every later use.
 *
 * <p>Implementation overview: a loop is identified by its {@link Kernel} (one per run). The
 * first use from a task stores it; every use compares. A call from a thread that runs no task
 * of the bound loop fails with {@link WrongThreadException}, a task of another loop included
 * (the same rule as pools, tasks, scopes and sockets); a call from a thread that runs no loop
 * at all before the first use fails with {@link IllegalStateException}.
 */
final class LoopBinding {

    /** The kernel of the bound loop; null until the first use, then never changes. */
    private volatile Kernel kernel;

    /**
     * Returns the calling task's kernel after checking that the primitive may be used from it.
     *
     * @param what      the operation, for messages ("Lock.acquire")
     * @param primitive the primitive, for messages
     */
    Kernel check(String what, Object primitive) {
        Kernel current;
        try {
            current = Lowlevel.kernel();
        } catch (IllegalStateException outside) {
            if (kernel != null) {
                throw new WrongThreadException(what + " called from thread '" + Thread.currentThread().getName()
                        + "', which runs no task of the giambio loop that " + primitive
                        + " is bound to; only that loop's tasks may use it (from other threads use a Portal)");
            }
            throw new IllegalStateException(what + " must be called from a task of a running giambio loop, but "
                    + "thread '" + Thread.currentThread().getName() + "' runs none: start one with Giambio.run");
        }
        Kernel bound = kernel;
        if (bound == current) {
            return current;
        }
        if (bound == null) {
            synchronized (this) {
                if (kernel == null) {
                    kernel = current;
                    return current;
                }
                bound = kernel;
            }
            if (bound == current) {
                return current;
            }
        }
        throw otherLoop(what, primitive);
    }

    /**
     * Like {@link #check}, but returns null instead of failing when called outside any loop
     * from a primitive that no loop has used yet (closing an unused channel, for example).
     */
    Kernel checkIfBound(String what, Object primitive) {
        if (kernel == null) {
            try {
                Lowlevel.kernel();
            } catch (IllegalStateException outside) {
                return null;
            }
        }
        return check(what, primitive);
    }

    private static WrongThreadException otherLoop(String what, Object primitive) {
        return new WrongThreadException(what + ": " + primitive + " is bound to another giambio loop (the first "
                + "loop that used it); a primitive cannot move between loops: create one per loop");
    }
}
