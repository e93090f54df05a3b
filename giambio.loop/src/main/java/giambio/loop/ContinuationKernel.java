/*
 * The continuation kernel: giambio's fast kernel, the default when the JVM grants jdk.internal.vm.
 *
 * Design principles:
 *
 *  1. A task is a jdk.internal.vm.Continuation, not a thread: a switch is a yield to the loop
 *     and a run of the next continuation (no park, no unpark, no allocation), and a parked task
 *     keeps only its frozen frames. The price is a JVM flag, --add-exports
 *     java.base/jdk.internal.vm=giambio.loop, and the sharp edges below.
 *  2. One loop thread. It runs the scheduling (KernelBase's, shared with the baton kernel, so
 *     order, timers, I/O and debugger events are the same) and mounts one task at a time. For
 *     Giambio.run it is a virtual thread of its own (the caller's thread only waits, and keeps
 *     its interrupts to itself); being virtual, it frees its OS thread when a task makes a
 *     blocking JDK call. For a loop of a group it is the platform thread the group started
 *     for that loop (KernelConfig.dedicatedThread): the loop owns an OS thread, as a Netty
 *     event loop does, and N loops run in parallel whatever the JDK's virtual-thread
 *     scheduler is set to or busy with.
 *  3. The caller of run() waits for the loop thread; join() publishes the outcome to it.
 *  4. The internal API is reached through method handles (JdkContinuations), never compiled
 *     against, and the kernel reports itself unavailable, with the flag to add, without them.
 *  5. Sharp edges: every task shares the loop thread, so ThreadLocals, Thread.currentThread(),
 *     monitor and ReentrantLock ownership are shared by all tasks. A yield the JVM refuses
 *     (a native frame or critical section on the task's stack) fails the checkpoint with an
 *     IllegalStateException naming the task. A monitor held across a checkpoint is caught
 *     only with -Dgiambio.continuation.checkMonitors=true (slow, needs --add-opens
 *     java.base/java.lang=giambio.loop); a ReentrantLock is not (see docs/kernels.md).
 */
package giambio.loop;

import giambio.api.GiambioInternalError;
import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelTask;
import giambio.debug.TaskView;
import java.util.List;

/**
 * The fast kernel: every task is a JDK continuation, all run by one loop thread (a virtual thread
 * of its own, or the platform thread a group started for the loop).
 */
final class ContinuationKernel extends KernelBase {

    /** The scope every giambio continuation yields to. */
    private static final Object SCOPE;

    static {
        try {
            SCOPE = JdkContinuations.Handles.NEW_SCOPE.invokeExact("giambio");
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A task and its continuation; the task itself is the continuation's target.
     *
     * <p>Discussion: being the {@code Runnable} saves a capturing lambda (24 bytes) per task,
     * parked ones included (issue 9); the frame under the task's stack is this method instead
     * of the lambda's, so the depth is unchanged.
     */
    private static final class CTask extends LoopTask implements Runnable {
        /** The jdk.internal.vm.Continuation that runs the body. */
        final Object continuation;
        /** Set on the loop thread when the body has returned. */
        boolean finished;
        /** Set when the continuation first runs; the body runs once. */
        private boolean started;

        CTask(ContinuationKernel kernel, TaskView view, Runnable body) {
            super(kernel, view, body);
            try {
                continuation = JdkContinuations.Handles.NEW_CONTINUATION.invokeExact(SCOPE, (Runnable) this);
            } catch (Throwable e) {
                throw new GiambioInternalError("cannot create a continuation for task '" + view.name() + "'", e);
            }
        }

        /** The continuation's body: runs the task's body once, on the loop thread. */
        @Override
        public void run() {
            if (started) {
                throw new IllegalStateException("task '" + view.name() + "' has already started: a kernel task is "
                        + "run by its kernel only");
            }
            started = true;
            kernel.runBody(this);
            finished = true;
        }
    }

    /** The task whose step runs, or ran last; loop thread only. */
    private CTask current;
    /** The loop thread; set before it starts. */
    private Thread loopThread;
    /** True exactly while a task's continuation is mounted on the loop thread. */
    private boolean stepping;
    /** Whether every switch checks for held monitors (see MonitorCheck); fixed per run. */
    private final boolean checkMonitors;
    /** Whether the loop runs on the thread that calls run (a loop of a group); fixed. */
    private final boolean dedicatedThread;

    ContinuationKernel(KernelConfig config) {
        super(config);
        dedicatedThread = config.dedicatedThread();
        checkMonitors = MonitorCheck.requested();
        if (checkMonitors) {
            MonitorCheck.ensureUsable();
        }
    }

    @Override
    LoopTask newTask(TaskView view, Runnable body) {
        return new CTask(this, view, body);
    }

    // ---- the loop ----------------------------------------------------------------------------

    @Override
    public void run(TaskView rootView, Runnable body) {
        CTask root = (CTask) startRun(rootView, body);
        if (dedicatedThread) {
            // Discussion: a group's loop thread is never interrupted by giambio (the group
            // cancels through submit), so running here changes nothing but the thread: the
            // loop no longer waits for a carrier of the JDK's shared virtual-thread scheduler.
            loopThread = Thread.currentThread();
            loop(root);
            finishRun();
            return;
        }
        Thread thread = Thread.ofVirtual().name("giambio-loop").unstarted(() -> loop(root));
        loopThread = thread;
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                // Discussion: the loop cannot be abandoned half-way (its tasks would never
                // finish), so the caller keeps waiting and gets its interrupt back afterwards.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        finishRun();
    }

    /** The loop thread's body: steps tasks until the root has finished. */
    private void loop(CTask root) {
        try {
            CTask next = root;
            while (true) {
                step(next);
                if (root.finished) {
                    break;
                }
                next = (CTask) nextRunnable();
            }
        } catch (Throwable t) {
            recordPanic(t);
        } finally {
            shutdown();
        }
    }

    /** Runs one step of {@code task}: until it parks, yields or returns. */
    private void step(CTask task) throws Throwable {
        current = task;
        beginStep(task);
        stepping = true;
        try {
            JdkContinuations.Handles.RUN.invokeExact(task.continuation);
        } finally {
            stepping = false;
        }
        if (task.finished) {
            taskDone(task);
        }
        endStep(task);
    }

    // ---- switching -------------------------------------------------------------------------

    @Override
    void switchFrom(LoopTask me) {
        if (checkMonitors) {
            List<Object> held = MonitorCheck.heldMonitors();
            if (!held.isEmpty()) {
                undoSwitch(me);
                throw new IllegalStateException("task '" + me.view.name() + "' reached a checkpoint while holding the "
                        + "monitor of " + held + ": on the continuation kernel all tasks share one thread, so the "
                        + "next task to enter that monitor would block the loop forever; leave the synchronized "
                        + "block before the checkpoint, or use giambio's Lock");
            }
        }
        boolean yielded;
        try {
            yielded = (boolean) JdkContinuations.Handles.YIELD.invokeExact(SCOPE);
        } catch (IllegalStateException pinned) {
            // Continuation.onPinned throws "Pinned: <reason>" when the JVM cannot freeze.
            undoSwitch(me);
            throw new IllegalStateException("task '" + me.view.name() + "' cannot be suspended by the continuation "
                    + "kernel: " + pinned.getMessage() + " (a native frame or JDK critical section is on its stack); "
                    + "move the checkpoint out of it, or use the baton kernel", pinned);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new GiambioInternalError("yield failed in task '" + me.view.name() + "'", e);
        }
        if (!yielded) {
            undoSwitch(me);
            throw new IllegalStateException("task '" + me.view.name() + "' cannot be suspended by the continuation "
                    + "kernel: its stack is pinned to the loop thread; use the baton kernel");
        }
    }

    @Override
    LoopTask self() {
        if (!stepping || Thread.currentThread() != loopThread) {
            throw new IllegalStateException("kernel called from thread '" + Thread.currentThread().getName()
                    + "', which is not running a task of this loop");
        }
        return current;
    }

    @Override
    public KernelTask current() {
        return current;
    }
}
