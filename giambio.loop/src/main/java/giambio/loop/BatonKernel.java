/*
 * The baton kernel: giambio's portable kernel, the default when jdk.internal.vm is not granted.
 *
 * Design principles (after the essay that opens curio's kernel):
 *
 *  1. Every task is a real virtual thread, so stack traces, thread dumps, JFR and
 *     ThreadLocals are per task, and no JVM flag or internal API is needed.
 *  2. A baton, not a lock: exactly one thread, the holder, runs task or kernel code at a time.
 *     The holder picks the next task itself and hands the baton straight to it (one unpark,
 *     one park per switch); there is no scheduler thread to bounce through.
 *  3. Kernel state is touched only by the holder. Handing over writes the volatile `holder`
 *     field and the receiver reads it, so each hand-off publishes everything before it.
 *  4. The SPI is the only way in. The kernel has no policy: cancellation, pools, timeouts and
 *     primitives live in giambio.api and reach the kernel through park/reschedule/tryAbort.
 *  5. Deterministic by default: FIFO run queue, timers ordered by (deadline, registration).
 *     I/O readiness is polled between batches so that busy tasks cannot starve sockets.
 *     The scheduling itself is KernelBase's, shared with the continuation kernel; this file
 *     is only the switching mechanism.
 */
package giambio.loop;

import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelTask;
import giambio.debug.TaskView;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The portable kernel: one virtual thread per task, and a baton so that only one runs.
 */
final class BatonKernel extends KernelBase {

    /**
     * A task and its thread; the task itself is the thread's body (no lambda per task).
     */
    private static final class BTask extends LoopTask implements Runnable {
        /** Null until the task first gets the baton; the caller's thread for the root. */
        Thread thread;

        BTask(KernelBase kernel, TaskView view, Runnable body) {
            super(kernel, view, body);
        }

        /** The thread's body: runs the task holding the baton from the start. */
        @Override
        public void run() {
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("task '" + view.name() + "' runs on its own thread only: a kernel task "
                        + "is run by its kernel only");
            }
            ((BatonKernel) kernel).runTask(this);
        }

        @Override
        public Optional<Thread> thread() {
            return Optional.ofNullable(thread);
        }
    }

    /** The one task allowed to run; every hand-off writes it (see principle 3). */
    private volatile BTask holder;

    BatonKernel(KernelConfig config) {
        super(config);
    }

    @Override
    LoopTask newTask(TaskView view, Runnable body) {
        return new BTask(this, view, body);
    }

    // ---- the loop ----------------------------------------------------------------------------

    @Override
    public void run(TaskView rootView, Runnable body) {
        BTask root = (BTask) startRun(rootView, body);
        root.thread = Thread.currentThread();
        holder = root;
        beginStep(root);
        try {
            runBody(root);
        } finally {
            taskDone(root);
            endStep(root);
            shutdown();
        }
        finishRun();
    }

    /** Runs a spawned task on its own thread; it holds the baton from the start. */
    private void runTask(BTask task) {
        runBody(task);
        taskDone(task);
        endStep(task);
        hand((BTask) nextRunnable());
    }

    // ---- switching -------------------------------------------------------------------------

    /** Gives the baton to {@code next}, starting its thread on its first step. */
    private void hand(BTask next) {
        beginStep(next);
        holder = next;
        if (next.thread == null) {
            Thread t = Thread.ofVirtual().name(next.view.name()).unstarted(next);
            next.thread = t;
            t.start();
        } else {
            LockSupport.unpark(next.thread);
        }
    }

    @Override
    void switchFrom(LoopTask task) {
        BTask me = (BTask) task;
        endStep(me);
        BTask next = (BTask) nextRunnable();
        if (next == me) {
            beginStep(me);
            return;
        }
        hand(next);
        boolean interrupted = false;
        while (holder != me) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                // Discussion: an interrupt must not turn this wait into a spin; it is kept
                // and restored once the task runs again, for the task's code to see.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    LoopTask self() {
        BTask me = holder;
        if (me == null || me.thread != Thread.currentThread()) {
            throw new IllegalStateException("kernel called from thread '" + Thread.currentThread().getName()
                    + "', which does not hold this loop");
        }
        return me;
    }

    @Override
    public KernelTask current() {
        return holder;
    }
}
