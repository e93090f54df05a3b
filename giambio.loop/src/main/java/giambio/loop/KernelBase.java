package giambio.loop;

import giambio.api.GiambioInternalError;
import giambio.api.LoopClock;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelStats;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import giambio.api.spi.Registration;
import giambio.debug.Debugger;
import giambio.debug.TaskView;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * The scheduling both kernels share: run queue, timers, I/O readiness, idle callbacks, the
 * cross-thread inbox, park/reschedule/tryAbort and the debugger's step and I/O hooks.
 *
 * <p>Implementation overview: a kernel subclass supplies only the task-switch mechanism:
 * {@link #newTask} (a task with its switching state), {@link #self} (the running task, with
 * an owner check) and {@link #switchFrom} (give up the loop, return when picked again). Every
 * kernel picks the next task with {@link #nextRunnable}, so the order of tasks, timers, I/O
 * and debugger events is the same whatever the mechanism. Everything here is touched only
 * by the task or thread that currently holds the loop, except {@link #submit}.
 */
abstract class KernelBase implements Kernel {

    final LoopClock clock;
    /** Null when no debugger is active: then nothing is reported and nothing is paid. */
    final Debugger debug;
    /** Null in FIFO mode. */
    private final Random shuffle;
    private final ArrayDeque<LoopTask> runQueue = new ArrayDeque<>();
    private final TimerHeap timers = new TimerHeap();
    private final IoPoller io = new IoPoller();
    private final ArrayDeque<IdleEntry> idle = new ArrayDeque<>();
    /** Actions from other threads; guarded by itself for the closed check. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /** The life of a kernel: it runs exactly once. */
    private enum Lifecycle {
        /** Opened, {@code run} not called yet. */
        NEW,
        /** {@code run} was called and the root task has not finished. */
        RUNNING,
        /** The root task finished; {@code submit} rejects. */
        CLOSED
    }

    /** NEW, RUNNING, CLOSED, in that order; written under the inbox lock, read by submit under it. */
    private Lifecycle lifecycle = Lifecycle.NEW;
    /** Tasks spawned and not finished, the root included. */
    private int live;
    /** Task steps left until the next non-blocking I/O poll. */
    private int pollCountdown;
    /** A failure in an action or a task body wrapper: a bug, rethrown when the run ends. */
    private Throwable panic;

    KernelBase(KernelConfig config) {
        this.clock = config.clock();
        this.debug = config.debugger().orElse(null);
        this.shuffle = config.shuffleSeed().isPresent() ? new Random(config.shuffleSeed().getAsLong()) : null;
    }

    // ---- what a mechanism supplies ---------------------------------------------------------

    /** Makes a task with this kernel's switching state; it does not run yet. */
    abstract LoopTask newTask(TaskView view, Runnable body);

    /** Returns the running task, failing clearly when the caller is not a task of this loop. */
    abstract LoopTask self();

    /**
     * The running task {@code me}, whose phase is already RUNNABLE (and queued) or PARKED,
     * gives up the loop; returns when {@link #nextRunnable} has picked it again and
     * {@link #beginStep} has run for it.
     */
    abstract void switchFrom(LoopTask me);

    // ---- the run's life cycle -----------------------------------------------------------------

    /** Marks the run as started with one live task, the root; a kernel runs once. */
    final LoopTask startRun(TaskView rootView, Runnable body) {
        synchronized (inbox) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("a kernel runs only once; this one is " + lifecycle);
            }
            lifecycle = Lifecycle.RUNNING;
        }
        live = 1;
        return newTask(rootView, body);
    }

    /** Called just before {@code task} runs a step. */
    final void beginStep(LoopTask task) {
        task.phase = LoopTask.Phase.RUNNING;
        if (debug != null) {
            debug.beforeTaskStep(task.view);
        }
    }

    /** Called when a task has given up the loop, before the next one is picked. */
    final void endStep(LoopTask task) {
        if (debug != null) {
            debug.afterTaskStep(task.view);
        }
    }

    /** Runs a task's body; never throws. */
    final void runBody(LoopTask task) {
        try {
            task.body.run();
        } catch (Throwable t) {
            recordPanic(t);
        }
    }

    /** Called when a task's body has returned, before its last {@link #endStep}. */
    final void taskDone(LoopTask task) {
        task.phase = LoopTask.Phase.DONE;
        live--;
    }

    /** Closes the loop to new submissions and I/O; called once the root task has finished. */
    final void shutdown() {
        synchronized (inbox) {
            lifecycle = Lifecycle.CLOSED;
        }
        io.close();
        // Discussion: the API completes its own cross-thread requests when the loop ends,
        // so actions left here belong to tasks that no longer exist; they are run so that
        // whoever waits on them learns the loop is gone (they check the loop's state).
        drainInbox();
    }

    /** Throws what went wrong in the run, if anything; called after {@link #shutdown}. */
    final void finishRun() {
        if (live != 0 && panic == null) {
            panic = new GiambioInternalError(live + " task(s) still alive when the main task finished");
        }
        if (panic != null) {
            throw panic instanceof Error e ? e : new GiambioInternalError("the loop failed", panic);
        }
    }

    // ---- picking the next task ------------------------------------------------------------------

    /**
     * Picks the next task to run, running due timers, ready I/O, inbox and idle actions, and
     * blocking when nothing is runnable. Called by the loop's holder only.
     */
    final LoopTask nextRunnable() {
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
            clock.busy();
        }
    }

    private LoopTask takeNext() {
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

    final void recordPanic(Throwable t) {
        if (panic == null) {
            panic = t;
        } else if (panic != t) {
            panic.addSuppressed(t);
        }
        System.getLogger("giambio").log(System.Logger.Level.ERROR, "giambio kernel action failed (please report)", t);
    }

    private LoopTask own(KernelTask task) {
        if (task instanceof LoopTask t && t.kernel == this) {
            return t;
        }
        throw new IllegalArgumentException(task + " is not a task of this kernel");
    }

    // ---- the SPI -----------------------------------------------------------------------------

    @Override
    public final KernelTask spawn(TaskView view, Runnable body) {
        LoopTask task = newTask(view, body);
        live++;
        runQueue.addLast(task);
        if (debug != null) {
            debug.onTaskSchedule(view, Duration.ZERO);
        }
        return task;
    }

    @Override
    public final void yieldNow() {
        LoopTask me = self();
        if (wouldPickAgain()) {
            return;
        }
        me.phase = LoopTask.Phase.RUNNABLE;
        runQueue.addLast(me);
        switchFrom(me);
    }

    /**
     * Tells whether a yield of the running task would change nothing: no other task is
     * runnable, no action from another thread waits, no timer is due and no I/O poll is due,
     * so {@link #nextRunnable} would pick the same task at once. Counts the step towards the
     * next I/O poll as that pass would.
     *
     * <p>Discussion: a checkpoint is a schedule point (S-rules: it lets other tasks, timers,
     * I/O and other threads' actions in); when there is nothing to let in, skipping the
     * switch is the same schedule without the continuation freeze and thaw (most of the cost
     * of a one-task loop feeding a cross-loop channel: 2 switches per item). With a debugger
     * the switch is kept, so that it sees the same steps with or without this shortcut.
     */
    private boolean wouldPickAgain() {
        if (debug != null || !runQueue.isEmpty() || !inbox.isEmpty()) {
            return false;
        }
        if (!timers.isEmpty() && timers.nextDeadline() <= clock.nanoTime()) {
            return false;
        }
        if (io.active() > 0) {
            if (pollCountdown <= 1) {
                return false;
            }
            pollCountdown--;
        }
        return true;
    }

    @Override
    public final Outcome park(Abort abort) {
        LoopTask me = self();
        me.phase = LoopTask.Phase.PARKED;
        me.parkSlot = abort;
        switchFrom(me);
        return me.takeOutcome();
    }

    /**
     * Undoes a {@link #yieldNow} or {@link #park} whose switch failed before the task gave up
     * the loop: the task leaves the run queue or withdraws its wait, and runs on.
     */
    final void undoSwitch(LoopTask me) {
        if (me.phase == LoopTask.Phase.RUNNABLE) {
            runQueue.removeLastOccurrence(me);
        } else if (me.abort() != null) {
            me.abort().tryAbort();
        }
        me.parkSlot = null;
        me.phase = LoopTask.Phase.RUNNING;
    }

    @Override
    public final void reschedule(KernelTask task, Outcome outcome) {
        LoopTask t = own(task);
        if (t.phase != LoopTask.Phase.PARKED) {
            throw new IllegalStateException("cannot reschedule task '" + t.view.name() + "': it is " + t.phase
                    + ", not parked");
        }
        t.parkSlot = outcome;
        t.phase = LoopTask.Phase.RUNNABLE;
        runQueue.addLast(t);
        if (debug != null) {
            debug.onTaskSchedule(t.view, Duration.ZERO);
        }
    }

    @Override
    public final boolean tryAbort(KernelTask task, Outcome outcome) {
        LoopTask t = own(task);
        Abort abort = t.abort();
        if (abort == null) {
            return false;
        }
        if (!abort.tryAbort()) {
            return false;
        }
        reschedule(t, outcome);
        return true;
    }

    @Override
    public final Registration callAt(long deadline, Runnable action) {
        return timers.add(deadline, action);
    }

    @Override
    public final Registration watch(SelectableChannel channel, int op, Runnable action) throws IOException {
        Registration r = io.watch(channel, op, action);
        pollCountdown = 0;
        return r;
    }

    @Override
    public final void forget(SelectableChannel channel) {
        io.forget(channel);
    }

    @Override
    public final Registration whenIdle(Runnable action) {
        IdleEntry e = new IdleEntry(action);
        idle.addLast(e);
        return e;
    }

    @Override
    public final void submit(Runnable action) {
        synchronized (inbox) {
            if (lifecycle == Lifecycle.CLOSED) {
                throw new RejectedExecutionException("the giambio loop has finished");
            }
            inbox.add(action);
        }
        clock.busy();       // outside the inbox lock: a shared virtual clock takes its own
        io.wakeup();
    }

    @Override
    public final long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public final KernelStats stats() {
        return new KernelStats(live, runQueue.size(), timers.size(), io.active(), idle.size());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + live + " tasks, " + runQueue.size() + " runnable, " + timers.size()
                + " timers, " + io.active() + " I/O watches]";
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
