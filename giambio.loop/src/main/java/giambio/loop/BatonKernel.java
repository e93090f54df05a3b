/*
 * The baton kernel: giambio's default kernel.
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
 */
package giambio.loop;

import giambio.api.GiambioInternalError;
import giambio.api.LoopClock;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import giambio.api.spi.Registration;
import giambio.debug.Debugger;
import giambio.debug.TaskState;
import giambio.debug.TaskView;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * The default kernel: one virtual thread per task, and a baton so that only one runs.
 */
final class BatonKernel implements Kernel {

    /** The scheduling state of a task as this kernel sees it. */
    private enum Phase { RUNNABLE, RUNNING, PARKED, DONE }

    /** A task: its thread (null until first run), phase, abort callback and wake-up outcome. */
    private final class BTask implements KernelTask {
        final TaskView view;
        final Runnable body;
        /** Null until the task first gets the baton; the caller's thread for the root. */
        Thread thread;
        Phase phase = Phase.RUNNABLE;
        /** Non-null exactly while PARKED. */
        Abort abort;
        /** Set by reschedule, taken by park. */
        Outcome outcome;

        BTask(TaskView view, Runnable body) {
            this.view = view;
            this.body = body;
        }

        @Override
        public TaskView view() {
            return view;
        }

        @Override
        public TaskState state() {
            return switch (phase) {
                case RUNNABLE -> TaskState.RUNNABLE;
                case RUNNING -> TaskState.RUNNING;
                case PARKED -> TaskState.WAITING;
                case DONE -> TaskState.SUCCEEDED;
            };
        }

        @Override
        public Optional<Thread> thread() {
            return Optional.ofNullable(thread);
        }

        BatonKernel kernel() {
            return BatonKernel.this;
        }

        @Override
        public String toString() {
            return "BTask[" + view.name() + " " + phase + "]";
        }
    }

    /** The one thread allowed to run; every hand-off writes it (see principle 3). */
    private volatile BTask holder;

    private final LoopClock clock;
    /** Null when no debugger is active: then nothing is reported and nothing is paid. */
    private final Debugger debug;
    /** Null in FIFO mode. */
    private final Random shuffle;
    private final ArrayDeque<BTask> runQueue = new ArrayDeque<>();
    private final TimerHeap timers = new TimerHeap();
    private final IoPoller io = new IoPoller();
    private final ArrayDeque<IdleEntry> idle = new ArrayDeque<>();
    /** Actions from other threads; guarded by itself for the closed check. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** Set under the inbox lock when the loop has finished; then submit rejects. */
    private boolean closed;
    /** Tasks spawned and not finished, the root included. */
    private int live;
    /** Task steps left until the next non-blocking I/O poll. */
    private int pollCountdown;
    private boolean started;
    /** A failure in an action or a task body wrapper: a bug, rethrown when the run ends. */
    private Throwable panic;

    BatonKernel(KernelConfig config) {
        this.clock = config.clock();
        this.debug = config.debugger().orElse(null);
        this.shuffle = config.shuffleSeed().isPresent() ? new Random(config.shuffleSeed().getAsLong()) : null;
    }

    // ---- the loop ----------------------------------------------------------------------------

    @Override
    public void run(TaskView rootView, Runnable body) {
        if (started) {
            throw new IllegalStateException("a kernel runs only once");
        }
        started = true;
        BTask root = new BTask(rootView, body);
        root.thread = Thread.currentThread();
        root.phase = Phase.RUNNING;
        live = 1;
        holder = root;
        try {
            if (debug != null) {
                debug.beforeTaskStep(rootView);
            }
            body.run();
        } catch (Throwable t) {
            recordPanic(t);
        } finally {
            root.phase = Phase.DONE;
            live--;
            if (debug != null) {
                debug.afterTaskStep(rootView);
            }
            shutdown();
        }
        if (live != 0 && panic == null) {
            panic = new GiambioInternalError(live + " task(s) still alive when the main task finished");
        }
        if (panic != null) {
            throw panic instanceof Error e ? e : new GiambioInternalError("the loop failed", panic);
        }
    }

    /** Runs a spawned task on its own thread; it holds the baton from the start. */
    private void runTask(BTask task) {
        try {
            task.body.run();
        } catch (Throwable t) {
            recordPanic(t);
        }
        task.phase = Phase.DONE;
        live--;
        if (debug != null) {
            debug.afterTaskStep(task.view);
        }
        hand(nextRunnable());
    }

    /**
     * Picks the next task to run, running due timers, ready I/O, inbox and idle actions, and
     * blocking when nothing is runnable. Called by the holder only.
     */
    private BTask nextRunnable() {
        while (true) {
            if (!inbox.isEmpty()) {
                drainInbox();
            }
            if (!timers.isEmpty()) {
                fireTimers();
            }
            if (io.active() > 0 && --pollCountdown <= 0) {
                pollIo(0);
                pollCountdown = runQueue.size() + 1;
            }
            if (!runQueue.isEmpty()) {
                return takeNext();
            }
            if (!idle.isEmpty()) {
                IdleEntry first = idle.pollFirst();
                first.pending = false;
                runAction(first.action);
                continue;
            }
            long sleep = clock.sleepNanos(timers.nextDeadline());
            if (sleep == 0) {
                continue;
            }
            pollIo(sleep);
        }
    }

    private BTask takeNext() {
        if (shuffle != null && runQueue.size() > 1) {
            for (int k = shuffle.nextInt(runQueue.size()); k > 0; k--) {
                runQueue.addLast(runQueue.pollFirst());
            }
        }
        return runQueue.pollFirst();
    }

    private void fireTimers() {
        long now = clock.nanoTime();
        TimerHeap.Entry due;
        while ((due = timers.pollDue(now)) != null) {
            runAction(due.action);
        }
    }

    private void pollIo(long timeoutNanos) {
        Duration reported = null;
        if (debug != null) {
            reported = timeoutNanos == Long.MAX_VALUE ? Debugger.FOREVER : Duration.ofNanos(timeoutNanos);
            debug.beforeIo(reported);
        }
        List<Runnable> ready = io.select(timeoutNanos);
        if (debug != null) {
            debug.afterIo(reported);
        }
        for (Runnable action : ready) {
            runAction(action);
        }
    }

    private void drainInbox() {
        Runnable action;
        while ((action = inbox.poll()) != null) {
            runAction(action);
        }
    }

    private void runAction(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            recordPanic(t);
        }
    }

    private void recordPanic(Throwable t) {
        if (panic == null) {
            panic = t;
        } else if (panic != t) {
            panic.addSuppressed(t);
        }
        System.getLogger("giambio").log(System.Logger.Level.ERROR, "giambio kernel action failed (please report)", t);
    }

    private void shutdown() {
        synchronized (inbox) {
            closed = true;
        }
        io.close();
        // Discussion: the API completes its own cross-thread requests when the loop ends,
        // so actions left here belong to tasks that no longer exist; they are run so that
        // whoever waits on them learns the loop is gone (they check the loop's state).
        drainInbox();
    }

    // ---- switching -------------------------------------------------------------------------

    /** Gives the baton to {@code next}, starting its thread on its first step. */
    private void hand(BTask next) {
        next.phase = Phase.RUNNING;
        if (debug != null) {
            debug.beforeTaskStep(next.view);
        }
        holder = next;
        if (next.thread == null) {
            Thread t = Thread.ofVirtual().name(next.view.name()).unstarted(() -> runTask(next));
            next.thread = t;
            t.start();
        } else {
            LockSupport.unpark(next.thread);
        }
    }

    /** The holder {@code me} gives up the loop; returns when it holds the baton again. */
    private void switchFrom(BTask me) {
        if (debug != null) {
            debug.afterTaskStep(me.view);
        }
        BTask next = nextRunnable();
        if (next == me) {
            me.phase = Phase.RUNNING;
            if (debug != null) {
                debug.beforeTaskStep(me.view);
            }
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

    private BTask self() {
        BTask me = holder;
        if (me == null || me.thread != Thread.currentThread()) {
            throw new IllegalStateException("kernel called from thread '" + Thread.currentThread().getName()
                    + "', which does not hold this loop");
        }
        return me;
    }

    private BTask own(KernelTask task) {
        if (task instanceof BTask b && b.kernel() == this) {
            return b;
        }
        throw new IllegalArgumentException(task + " is not a task of this kernel");
    }

    // ---- the SPI -----------------------------------------------------------------------------

    @Override
    public KernelTask spawn(TaskView view, Runnable body) {
        BTask task = new BTask(view, body);
        live++;
        runQueue.addLast(task);
        if (debug != null) {
            debug.onTaskSchedule(view, Duration.ZERO);
        }
        return task;
    }

    @Override
    public KernelTask current() {
        return holder;
    }

    @Override
    public void yieldNow() {
        BTask me = self();
        me.phase = Phase.RUNNABLE;
        runQueue.addLast(me);
        switchFrom(me);
    }

    @Override
    public Outcome park(Abort abort) {
        BTask me = self();
        me.phase = Phase.PARKED;
        me.abort = abort;
        switchFrom(me);
        Outcome outcome = me.outcome;
        me.outcome = null;
        return outcome;
    }

    @Override
    public void reschedule(KernelTask task, Outcome outcome) {
        BTask t = own(task);
        if (t.phase != Phase.PARKED) {
            throw new IllegalStateException("cannot reschedule task '" + t.view.name() + "': it is " + t.phase
                    + ", not parked");
        }
        t.abort = null;
        t.outcome = outcome;
        t.phase = Phase.RUNNABLE;
        runQueue.addLast(t);
        if (debug != null) {
            debug.onTaskSchedule(t.view, Duration.ZERO);
        }
    }

    @Override
    public boolean tryAbort(KernelTask task, Outcome outcome) {
        BTask t = own(task);
        if (t.phase != Phase.PARKED || t.abort == null) {
            return false;
        }
        if (!t.abort.tryAbort()) {
            return false;
        }
        reschedule(t, outcome);
        return true;
    }

    @Override
    public Registration callAt(long deadline, Runnable action) {
        return timers.add(deadline, action);
    }

    @Override
    public Registration watch(SelectableChannel channel, int op, Runnable action) throws IOException {
        Registration r = io.watch(channel, op, action);
        pollCountdown = 0;
        return r;
    }

    @Override
    public void forget(SelectableChannel channel) {
        io.forget(channel);
    }

    @Override
    public Registration whenIdle(Runnable action) {
        IdleEntry e = new IdleEntry(action);
        idle.addLast(e);
        return e;
    }

    @Override
    public void submit(Runnable action) {
        synchronized (inbox) {
            if (closed) {
                throw new RejectedExecutionException("the giambio loop has finished");
            }
            inbox.add(action);
        }
        io.wakeup();
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public String toString() {
        return "BatonKernel[" + live + " tasks, " + runQueue.size() + " runnable, " + timers.size() + " timers, "
                + io.active() + " I/O watches]";
    }

    /** An idle callback; runs once, the first in line each time the loop is idle. */
    private final class IdleEntry implements Registration {
        final Runnable action;
        boolean pending = true;

        IdleEntry(Runnable action) {
            this.action = action;
        }

        @Override
        public boolean cancel() {
            if (!pending) {
                return false;
            }
            pending = false;
            idle.remove(this);
            return true;
        }
    }
}
