package giambio.api.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The count a {@code Threads.runInThread} worker lends back to its loop's virtual clock while
 * it blocks waiting for a loop (today: on a {@code CrossLoopChannel}), for one wait.
 *
 * <p>This package is internal to module {@code giambio.api}: {@code module-info} does not
 * export it and the bundle does not list it, so only {@code giambio.api}'s own packages can
 * reach it. It is the JDK's {@code SharedSecrets} pattern: {@code giambio.api.ThreadJob}
 * (package-private) installs the {@link Lender} from its class initialiser, and
 * {@code giambio.api.sync} asks for a loan without seeing any of {@code giambio.api}'s
 * package-private types.
 *
 * <p>Discussion: no explicit initialisation is needed. A worker thread exists only once
 * {@code ThreadJob} has been initialised (the JVM initialises a class before its first
 * instance), and the class initialisation lock makes the lender written there visible to
 * every thread that runs a job; a thread that reads null here runs no job.
 *
 * <p>A loan is ended exactly once (an atomic flag): by whoever wakes the waiter (a loop's task
 * that hands it an item, room or a close, so that the worker counts again before that loop
 * can go idle), or by the worker itself when it wakes for another reason (an interrupt). A
 * late {@link #end()} of an old loan never touches the worker's next wait, which has its own
 * loan.
 */
public final class WorkerLoan {

    /** Lends the calling worker's count; installed once by {@code giambio.api}. */
    @FunctionalInterface
    public interface Lender {
        /**
         * Lends the calling thread's count for one wait.
         *
         * @return the loan, or null if the calling thread is not a counted
         *         {@code runInThread} worker of a loop on a virtual clock (nothing to lend)
         */
        WorkerLoan lendForWait();
    }

    /** Written once by {@link #install}; null until {@code ThreadJob} is initialised. */
    private static volatile Lender lender;

    /** True until the count is taken back; then false for good. */
    private final AtomicBoolean outstanding = new AtomicBoolean(true);
    /** Takes the count back (the worker holds its clock again). */
    private final Runnable takeBack;

    /**
     * Makes a loan whose count is already lent.
     *
     * @param takeBack what takes the count back; run at most once
     */
    public WorkerLoan(Runnable takeBack) {
        this.takeBack = Objects.requireNonNull(takeBack, "takeBack");
    }

    /**
     * Installs the lender; called once, from {@code ThreadJob}'s class initialiser.
     *
     * @param l the lender
     * @throws IllegalStateException if a lender is installed already
     */
    public static synchronized void install(Lender l) {
        Objects.requireNonNull(l, "WorkerLoan.install: lender");
        if (lender != null) {
            throw new IllegalStateException("WorkerLoan.install: a lender is installed already");
        }
        lender = l;
    }

    /**
     * Lends the calling thread's count if it is a counted {@code runInThread} worker of a loop
     * on a virtual clock; call it only when the thread is about to block.
     *
     * @return the loan to {@linkplain #end() end} when the wait ends, or null (nothing lent)
     */
    public static WorkerLoan lendIfWorker() {
        Lender l = lender;
        return l == null ? null : l.lendForWait();
    }

    /** Takes the count back, if nobody did yet; any thread. */
    public void end() {
        if (outstanding.compareAndSet(true, false)) {
            takeBack.run();
        }
    }
}
