package giambio.api;

import giambio.api.spi.Kernel;
import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelProvider;
import giambio.api.spi.Outcome;
import giambio.api.spi.Registration;
import giambio.debug.Debugger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * One run of the loop: the kernel, the clock, the debuggers and the API-level task services
 * built on the kernel SPI (cancellable parking, checkpoints, sleeping).
 *
 * <p>Implementation overview: a thread-local binds every thread that runs a task of this
 * loop to it (set by {@link #bindCurrentThread} at the start of each task body), so static
 * calls such as {@link Giambio#sleep} find their loop and the kernel tells the current task.
 * Everything here is loop-confined.
 */
final class Loop {

    /** The loop whose tasks run on this thread; null on every other thread. */
    private static final ThreadLocal<Loop> CURRENT = new ThreadLocal<>();

    /** Rescheduling a task with this value makes its park throw Cancelled. */
    static final Object CANCEL_TOKEN = new Object() {
        @Override
        public String toString() {
            return "CANCEL_TOKEN";
        }
    };
    static final Outcome CANCEL_OUTCOME = Outcome.success(CANCEL_TOKEN);

    final Kernel kernel;
    final String kernelName;
    final LoopClock clock;
    /** The debugger fan-out, or null when no debugger is active (then nothing is paid). */
    final DebugHub debug;
    private long lastTaskId;
    /** Tasks waiting for I/O readiness, by channel; created on first use. */
    private Lowlevel.IoWaiters ioWaiters;
    /**
     * Set once the root task has finished and the kernel has returned; no new work after that.
     * Volatile: foreign threads read it to decide whether a handle may be read freely.
     */
    private volatile boolean finished;
    /** The root task; set when the run starts. */
    volatile TaskImpl<?> root;
    /** The group this loop belongs to, or null for a loop of {@link Giambio#run}. */
    final LoopGroup group;
    /** This loop's index in its group; 0 for a loop of its own. */
    final int groupIndex;
    /** Set (by the JVM's signal thread) once SIGINT asked this loop to stop; never reset. */
    private volatile boolean interruptedBySignal;
    /** This loop's seat on a {@link VirtualClock} (the clock its kernel sees); null on other clocks. */
    private final VirtualClock.Participant onVirtualClock;

    private Loop(Kernel kernel, String kernelName, LoopClock clock, VirtualClock.Participant onVirtualClock,
            DebugHub debug, LoopGroup group, int groupIndex) {
        this.onVirtualClock = onVirtualClock;
        this.group = group;
        this.groupIndex = groupIndex;
        this.kernel = kernel;
        this.kernelName = kernelName;
        this.clock = clock;
        this.debug = debug;
    }

    // ---- entering and finding the loop ----------------------------------------------------

    static <T> T run(RunOptions options, Callable<T> main) throws Exception {
        return run(options, main, null, 0);
    }

    /**
     * Runs a loop; a loop of a group registers with it before its root task starts, so that a
     * cancellation of the group reaches it however early it comes.
     */
    static <T> T run(RunOptions options, Callable<T> main, LoopGroup group, int index) throws Exception {
        Loop running = CURRENT.get();
        if (running != null) {
            throw new IllegalStateException("Giambio.run called inside a running loop (from task '"
                    + running.currentTask().name() + "'): call the function directly, or spawn it into a pool");
        }
        LoopClock clock = options.clock().orElseGet(LoopClock::system);
        // a loop of a group was seated on the group's virtual clock before any loop started
        VirtualClock.Participant seat = group != null ? group.seat(index)
                : clock instanceof VirtualClock virtual ? virtual.join() : null;
        try {
            List<Debugger> debuggers = new ArrayList<>(options.debuggers());
            debuggers.addAll(DebugHub.fromSystemProperty());
            DebugHub debug = debuggers.isEmpty() ? null : new DebugHub(debuggers);
            KernelProvider provider = Kernels.select(options.kernel());
            // a loop of a group runs on a platform thread LoopGroup started for it alone
            Kernel kernel = provider.open(new KernelConfig(seat != null ? seat : clock, Optional.ofNullable(debug),
                    options.shuffleSeed(), group != null));
            Loop loop = new Loop(kernel, provider.name(), clock, seat, debug, group, index);
            if (seat != null) {
                seat.attach(() -> kernel.submit(() -> { }));
            }
            if (group != null) {
                group.started(index, loop);
            }
            boolean sigint = options.handleSigint() && Sigint.register(loop);
            try {
                return loop.runRoot(main);
            } finally {
                if (sigint) {
                    Sigint.unregister(loop);
                }
            }
        } finally {
            if (seat != null) {
                seat.leave();
            }
        }
    }

    /** Tells whether this loop runs on a {@link VirtualClock} (off-loop work is counted). */
    boolean onVirtualClock() {
        return onVirtualClock != null;
    }

    /**
     * Counts work this loop handed to another thread and waits for ({@code +1} when handed
     * over, {@code -1} when no task waits for it any more): while any is in flight, a virtual
     * clock does not autojump. Any thread (a portal call lends a worker's count from the
     * loop that runs it; a cross-loop channel from the worker, and takes it back from the
     * thread that wakes the worker).
     */
    void offLoopWork(int delta) {
        if (onVirtualClock != null) {
            onVirtualClock.offLoopWork(delta);
        }
    }

    /** Tells whether SIGINT has asked this loop to stop. */
    boolean interruptedBySignal() {
        return interruptedBySignal;
    }

    /**
     * Cancels the whole loop because the process got SIGINT; called on the JVM's signal
     * thread, so it only sets a flag and submits the cancellation to the loop.
     */
    void interruptBySignal() {
        interruptedBySignal = true;
        try {
            kernel.submit(() -> {
                TaskImpl<?> r = root;
                if (r != null) {
                    r.cancelBySignal();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException finishedMeanwhile) {
            // the loop has just finished: run still throws KeyboardInterrupt (the flag is set)
        }
    }

    /**
     * Cancels the whole loop because its group is cancelled; called from any thread, so it
     * only submits the cancellation to the loop.
     */
    void cancelFromGroup(String why) {
        try {
            kernel.submit(() -> {
                TaskImpl<?> r = root;
                if (r != null) {
                    r.cancelByGroup(why);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException finishedMeanwhile) {
            // the loop has already finished: nothing left to cancel
        }
    }

    private <T> T runRoot(Callable<T> main) throws Exception {
        TaskImpl<T> root = new TaskImpl<>(this, nextTaskId(), "main", null, null, null, main);
        this.root = root;
        CURRENT.set(this);
        try {
            if (debug != null) {
                debug.onStart();
                debug.onTaskSpawn(root);
            }
            kernel.run(root, root::runBody);
        } finally {
            finished = true;
            CURRENT.remove();
            if (debug != null) {
                debug.onExit();
            }
        }
        if (interruptedBySignal) {
            throw keyboardInterrupt(root);
        }
        return switch (root.doneState()) {
            case SUCCEEDED -> root.result();
            case FAILED -> throw asThrowable(root.exception().orElseThrow());
            case CANCELLED -> {
                Throwable e = root.exception().orElse(null);
                if (!root.cancelledByOwnScope()) {
                    throw asThrowable(e);
                }
                CancellationException ce = new CancellationException("the main task was cancelled");
                ce.initCause(e);
                throw ce;
            }
            default -> throw new GiambioInternalError("the kernel returned before the main task finished");
        };
    }

    /**
     * The exception {@code run} throws after SIGINT: the main task's Cancelled is its cause; a
     * real failure of the main task is attached as suppressed, never lost.
     */
    private static KeyboardInterrupt keyboardInterrupt(TaskImpl<?> root) {
        Throwable ended = root.exception().orElse(null);
        Cancelled cause = ended instanceof Cancelled c ? c : null;
        KeyboardInterrupt ki = new KeyboardInterrupt("interrupted by SIGINT (Ctrl+C): the giambio loop was cancelled "
                + "and every task has finished", cause);
        if (ended != null && cause == null) {
            ki.addSuppressed(ended);
        }
        return ki;
    }

    static void bindCurrentThread(Loop loop) {
        if (CURRENT.get() != loop) {
            CURRENT.set(loop);
        }
    }

    /** The loop of the calling task; a clear error when called outside one. */
    static Loop current(String what) {
        Loop loop = CURRENT.get();
        if (loop == null) {
            throw new IllegalStateException(what + " must be called from a task of a running giambio loop, "
                    + "but thread '" + Thread.currentThread().getName() + "' runs none: start one with Giambio.run");
        }
        return loop;
    }

    /** The loop whose task runs on the calling thread, or null; for the thread bridges. */
    static Loop currentOrNull() {
        return CURRENT.get();
    }

    /** Fails unless the calling thread runs a task of this loop. */
    void checkConfined(String what) {
        Loop here = CURRENT.get();
        if (here != this) {
            throw new WrongThreadException(what + " called from thread '" + Thread.currentThread().getName()
                    + (here == null ? "', which runs no task of a giambio loop" : "', a task of another giambio loop")
                    + "; only tasks of the loop that owns this object may use it (other threads reach a loop "
                    + "through a Portal)");
        }
    }

    /**
     * Fails unless the calling thread runs a task of this loop or the loop has finished (its
     * end publishes every task's outcome to whoever observes it, so finished handles may be
     * read anywhere).
     */
    void checkConfinedUnlessFinished(String what) {
        if (!finished) {
            checkConfined(what);
        }
    }

    TaskImpl<?> currentTask() {
        return (TaskImpl<?>) kernel.current().view();
    }

    Lowlevel.IoWaiters ioWaiters() {
        if (ioWaiters == null) {
            ioWaiters = new Lowlevel.IoWaiters();
        }
        return ioWaiters;
    }

    long nextTaskId() {
        return ++lastTaskId;
    }

    // ---- task services -----------------------------------------------------------------------

    /**
     * Parks {@code task} (the current task) with cancellation: a pending cancellation is
     * delivered first if {@code abort} succeeds; a cancellation while parked makes this throw
     * {@link Cancelled} if {@code abort} succeeds then.
     */
    Object park(TaskImpl<?> task, Kernel.Abort abort) throws Exception {
        return parkForOutcome(task, abort).get();
    }

    /**
     * Like {@link #park}, but returns the outcome the task was rescheduled with instead of
     * unwrapping it; only a cancellation throws.
     */
    Outcome parkForOutcome(TaskImpl<?> task, Kernel.Abort abort) {
        if (task.cancelScope.effectivelyCancelled && abort.tryAbort()) {
            Cancelled c = task.newCancelled();
            if (c != null) {
                throw c;
            }
            throw new GiambioInternalError("cancelled status without a cancelled scope");
        }
        Outcome outcome = kernel.park(abort);
        if (outcome instanceof Outcome.Success s && s.value() == CANCEL_TOKEN) {
            Cancelled c = task.newCancelled();
            if (c == null) {
                throw new GiambioInternalError("task woken for cancellation, but no scope around it is cancelled");
            }
            throw c;
        }
        return outcome;
    }

    /** A full checkpoint: raises if cancelled, lets the others run, raises if cancelled. */
    void checkpoint(TaskImpl<?> task) {
        checkpointIfCancelled(task);
        kernel.yieldNow();
        checkpointIfCancelled(task);
    }

    void checkpointIfCancelled(TaskImpl<?> task) {
        if (task.cancelScope.effectivelyCancelled) {
            Cancelled c = task.newCancelled();
            if (c != null) {
                throw c;
            }
        }
    }

    void sleepUntil(TaskImpl<?> task, long deadline, Duration requested) {
        var ktask = task.ktask;
        if (debug == null) {
            parkForSleep(task, kernel.callAt(deadline, () -> kernel.reschedule(ktask, Outcome.NONE)));
            return;
        }
        long start = kernel.nanoTime();
        debug.beforeSleep(task, requested);
        debug.onTaskSchedule(task, requested);
        // Discussion: afterSleep is reported by the timer, when the loop wakes the task (as the
        // seed's loop does), not when the task next runs; a cancelled sleep reports it on exit.
        boolean[] reported = {false};
        Registration timer = kernel.callAt(deadline, () -> {
            reported[0] = true;
            debug.afterSleep(task, Duration.ofNanos(kernel.nanoTime() - start));
            kernel.reschedule(ktask, Outcome.NONE);
        });
        try {
            parkForSleep(task, timer);
        } finally {
            if (!reported[0]) {
                debug.afterSleep(task, Duration.ofNanos(kernel.nanoTime() - start));
            }
        }
    }

    private void parkForSleep(TaskImpl<?> task, Registration timer) {
        try {
            park(task, timer::cancel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new GiambioInternalError("sleep woke with an unexpected outcome", e);
        }
    }

    void taskSpawned(TaskImpl<?> task) {
        if (finished) {
            throw new GiambioInternalError("task spawned after the loop finished");
        }
        if (debug != null) {
            debug.onTaskSpawn(task);
        }
    }

    void taskFinished(TaskImpl<?> task, Throwable failure) {
        if (debug != null) {
            if (failure != null) {
                debug.onExceptionRaised(task, failure);
            }
            if (task.state() == giambio.debug.TaskState.CANCELLED) {
                debug.afterCancel(task);
            }
            debug.onTaskExit(task);
        }
    }

    void beforeCancel(TaskImpl<?> task) {
        if (debug != null) {
            debug.beforeCancel(task);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Adds a duration to a clock reading, saturating at Long.MAX_VALUE. */
    static long plusNanos(long now, Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
        long sum = now + nanos;
        return ((now ^ sum) & (nanos ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    static double toSeconds(long nanos) {
        return nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e9;
    }

    static long toNanos(double seconds) {
        if (seconds >= Long.MAX_VALUE / 1e9) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1e9) {
            return Long.MIN_VALUE;
        }
        return Math.round(seconds * 1e9);
    }

    static String formatSeconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f s", seconds);
    }

    /** Returns an exception to throw: the same object when it is an Exception, throws Errors. */
    static Exception asThrowable(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof Exception e) {
            return e;
        }
        return new java.lang.reflect.UndeclaredThrowableException(t, "a task threw a raw Throwable");
    }
}
