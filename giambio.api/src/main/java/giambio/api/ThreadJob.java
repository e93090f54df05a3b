package giambio.api;

import giambio.api.internal.WorkerLoan;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

/**
 * One call of {@link Threads#runInThread}: the work, its worker thread and the parked task.
 *
 * <p>Implementation overview: the worker runs the work, then {@linkplain
 * giambio.api.spi.Kernel#submit submits} an action that reschedules the task with the
 * outcome, if the task still waits for it. The abort callback applies the
 * {@link ThreadCancelPolicy}. While the task waits, the job counts as the loop's off-loop
 * work ({@link Loop#offLoopWork}): a virtual clock does not jump under it. Fields marked "loop" are touched only on the loop; the worker
 * thread reference is guarded by {@code this} so that an interrupt never hits the next job
 * of a pooled thread.
 */
final class ThreadJob<T> implements Runnable {

    private final Loop loop;
    private final KernelTask task;
    private final Callable<T> work;
    private final ThreadCancelPolicy policy;
    /** Loop: true while the task is parked for this job (not yet rescheduled or abandoned). */
    private boolean waiting = true;
    /** Loop: a cancellation arrived while waiting (WAIT and INTERRUPT). */
    boolean cancelRequested;
    /** Guarded by this: the thread running the work, null before and after. */
    private Thread worker;
    /** Guarded by this: an interrupt was asked for. */
    private boolean interruptRequested;
    /** Guarded by this: how the job counts as its loop's off-loop work. */
    private Counted counted = Counted.YES;

    /** Whether a job holds back its loop's virtual clock. */
    private enum Counted {
        /** The task waits for the work and the worker works: the clock waits too. */
        YES,
        /**
         * The worker waits for a loop (a {@link Portal} call, a wait on a
         * {@link giambio.api.sync.CrossLoopChannel}): not work the clock must wait for.
         */
        LENT,
        /** The task no longer waits (the job is done or abandoned). */
        NO
    }

    /** The job the current thread runs, or null on a thread that runs none. */
    private static final ThreadLocal<ThreadJob<?>> CURRENT = new ThreadLocal<>();

    static {
        // giambio.api.sync reaches the worker's count through this (see WorkerLoan)
        WorkerLoan.install(ThreadJob::lendForWait);
    }

    ThreadJob(Loop loop, KernelTask task, Callable<T> work, ThreadCancelPolicy policy) {
        this.loop = loop;
        this.task = task;
        this.work = work;
        this.policy = policy;
    }

    /** Runs on the worker thread. */
    @Override
    public void run() {
        synchronized (this) {
            worker = Thread.currentThread();
            if (interruptRequested) {
                worker.interrupt();
            }
        }
        Outcome outcome;
        CURRENT.set(this);
        try {
            outcome = Outcome.success(work.call());
        } catch (Throwable t) {
            outcome = Outcome.failure(t);
        } finally {
            CURRENT.remove();
            synchronized (this) {
                worker = null;
            }
            // Discussion: an interrupt aimed at this job must not leak into the next job of
            // a pooled thread; it was delivered (or came too late to matter).
            Thread.interrupted();
        }
        Outcome result = outcome;
        try {
            loop.kernel.submit(() -> complete(result));
        } catch (RejectedExecutionException loopGone) {
            // Only an abandoned job can outlive its loop: nobody waits for the result.
            logAbandoned(result);
        }
    }

    /** Loop: the abort callback of the parked task. */
    boolean abort() {
        switch (policy) {
            case ABANDON -> {
                waiting = false;
                uncount();
                return true;
            }
            case INTERRUPT -> {
                cancelRequested = true;
                synchronized (this) {
                    interruptRequested = true;
                    if (worker != null) {
                        worker.interrupt();
                    }
                }
                return false;
            }
            default -> {
                cancelRequested = true;
                return false;
            }
        }
    }

    /** Loop: delivers the outcome to the task, unless it gave up. */
    private void complete(Outcome outcome) {
        if (waiting) {
            waiting = false;
            uncount();
            loop.kernel.reschedule(task, outcome);
        } else {
            logAbandoned(outcome);
        }
    }

    private static void logAbandoned(Outcome outcome) {
        if (outcome instanceof Outcome.Failure f) {
            System.getLogger("giambio").log(System.Logger.Level.WARNING,
                    "work abandoned by a cancelled Threads.runInThread call failed", f.error());
        }
    }

    /** Returns the job the calling thread runs for {@link Threads#runInThread}, or null. */
    static ThreadJob<?> current() {
        return CURRENT.get();
    }

    /** The task no longer waits for this job: it stops holding back the clock. Any thread. */
    private void uncount() {
        synchronized (this) {
            if (counted != Counted.YES) {
                counted = Counted.NO;
                return;
            }
            counted = Counted.NO;
        }
        loop.offLoopWork(-1);
    }

    /**
     * The worker starts ({@code true}) or stops ({@code false}) waiting for a loop through a
     * portal: while it waits, it is not work the virtual clock must wait for. Called on the
     * loop that runs the portal call, so that no jump can fall between the loop's work and
     * the worker's. Any thread.
     *
     * @return whether the count changed hands (false: it was lent already, or not lent, or
     *         the job is no longer counted)
     */
    boolean lend(boolean waitingForALoop) {
        synchronized (this) {
            if (counted != (waitingForALoop ? Counted.YES : Counted.LENT)) {
                return false;
            }
            counted = waitingForALoop ? Counted.LENT : Counted.YES;
        }
        loop.offLoopWork(waitingForALoop ? -1 : +1);
        return true;
    }

    /**
     * The {@link WorkerLoan.Lender}: the calling thread is about to block on a
     * {@link giambio.api.sync.CrossLoopChannel}. If it runs a job that holds back a virtual
     * clock, lends the count for the wait (the worker waits for a loop, perhaps for a task
     * sleeping on that very clock); the loan is ended by the thread that wakes it (a loop's
     * task: before that loop can go idle) or by the worker when it wakes on its own. Null when
     * nothing is lent: not a worker, a loop on a real clock (the hot path pays nothing), or
     * a job no longer counted (abandoned, or lent for good by a group's joining worker).
     */
    private static WorkerLoan lendForWait() {
        ThreadJob<?> job = CURRENT.get();
        if (job == null || !job.loop.onVirtualClock() || !job.lend(true)) {
            return null;
        }
        return new WorkerLoan(() -> job.lend(false));
    }
}
