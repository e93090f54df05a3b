package giambio.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

/**
 * A loop clock that moves only when told to: for fast, deterministic tests of timeouts.
 * Thread-safe: the loops of a {@linkplain Giambio#runGroup(RunOptions, int, LoopBody) group}
 * share one.
 *
 * <p>Time starts at 0 and moves by {@link #jump(Duration)}. With {@linkplain #autojump()
 * autojump} on, whenever the clock is <em>idle</em> it jumps straight to the next timer, so
 * a test of a one-hour timeout runs in microseconds (trio's
 * {@code MockClock(autojump_threshold=0)}).
 *
 * {@snippet :
 * VirtualClock clock = VirtualClock.autojumping();
 * Giambio.run(RunOptions.builder().clock(clock).build(), () -> {
 *     Giambio.sleep(Duration.ofHours(1));      // returns at once
 *     assert Giambio.clock() == 3600.0;
 * });
 * }
 *
 * <h2>When the clock is idle</h2>
 * The clock jumps only when <b>every loop running on it</b> is idle: no task is runnable, and
 * no task waits for work the loop itself handed to another thread. A loop is idle while its
 * tasks wait for time, for I/O, for a lock, event or channel, or for a
 * {@link java.util.concurrent.CompletionStage} ({@link Threads#await}); it is busy while a
 * task runs, and while a task waits for a {@link Threads#runInThread} call (the worker's
 * real time is not skipped: a resolver that takes 200 ms inside a one-second virtual timeout
 * does not time out). Work submitted to a loop from another thread (a
 * {@link giambio.api.sync.CrossLoopChannel} send, a {@link Portal} call, a finished worker)
 * makes it busy before it is woken, so a loop of a group never jumps the clock under work it
 * has just given to another loop. For all loops of a {@linkplain Giambio#runGroup(RunOptions,
 * int, LoopBody) group}: one loop sleeping ten virtual seconds does not wake while another
 * loop of the group still works, however long that takes in real time.
 *
 * <p>A {@code runInThread} worker that waits for a loop does not hold the clock while it
 * waits: during a {@link Portal} call, or blocked on a
 * {@link giambio.api.sync.CrossLoopChannel} (for instance for a task of its own loop that
 * first sleeps an hour on this clock: the clock jumps, the task sends, the worker goes on).
 * It counts again from the moment a loop hands it its item, room or close, on that loop's
 * thread before it can go idle, so the clock does not jump while the worker works on it.
 *
 * <p>What is deliberately not counted: a stage awaited with {@link Threads#await} and a
 * cross-loop channel fed by a plain thread (the loop did not start that work and cannot know
 * that it will ever finish; counting it would stop the clock for good), and a socket's peer
 * (I/O readiness is the outside world: a loop waiting for a socket is idle, as in trio).
 *
 * <p>Implementation overview: every loop that runs on this clock joins it for its run as a
 * {@link Participant}, the clock its kernel sees. A participant records whether its loop is
 * idle and until when (its earliest timer), how many {@code runInThread} calls it waits for,
 * and whether work was submitted to it since it last looked. A kernel with nothing to run
 * asks its participant how long to block; the participant marks itself idle, and if every
 * participant is idle, moves the clock to the earliest of their deadlines and wakes the loops
 * whose timers became due. State is guarded by this clock's monitor; loops are woken outside
 * it.
 */
public final class VirtualClock implements LoopClock {

    /** Virtual nanoseconds; only grows. Written under this monitor. */
    private volatile long now;

    /** Whether to jump to the next deadline when every loop on the clock is idle. */
    private volatile boolean autojump;

    /** The loops running on this clock, in the order they joined. Guarded by this. */
    private final List<Participant> participants = new ArrayList<>();

    private VirtualClock(boolean autojump) {
        this.autojump = autojump;
    }

    /**
     * Returns a clock at 0 that moves only by {@link #jump(Duration)}.
     *
     * @return a new clock with autojump off
     */
    public static VirtualClock manual() {
        return new VirtualClock(false);
    }

    /**
     * Returns a clock at 0 that jumps to the next deadline whenever every loop on it is idle
     * (see the class comment).
     *
     * @return a new clock with autojump on
     */
    public static VirtualClock autojumping() {
        return new VirtualClock(true);
    }

    /**
     * Tells whether autojump is on.
     *
     * @return {@code true} if the clock jumps when every loop on it is idle
     */
    public boolean autojump() {
        return autojump;
    }

    /**
     * Switches autojump on or off. Loops that are idle when it is switched on jump at once.
     *
     * @param on whether to autojump
     */
    public void setAutojump(boolean on) {
        List<Participant> wake;
        synchronized (this) {
            this.autojump = on;
            wake = on ? jumpIfIdle(null) : List.of();
        }
        wakeAll(wake);
    }

    /**
     * Moves the clock forward; callable from any thread. Loops whose timers became due wake
     * and run them.
     *
     * @param amount how far to move
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void jump(Duration amount) {
        Objects.requireNonNull(amount, "VirtualClock.jump: amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("VirtualClock.jump: cannot jump a clock backwards: " + amount);
        }
        long nanos = amount.toNanos();
        List<Participant> wake;
        synchronized (this) {
            now = Math.addExact(now, nanos);
            wake = dueIdle(null);
        }
        wakeAll(wake);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Called directly (by a kernel opened by hand rather than through
     * {@link Giambio#run}), the caller counts as one idle loop next to the loops that joined.
     */
    @Override
    public long sleepNanos(long deadline) {
        List<Participant> wake;
        synchronized (this) {
            if (deadline <= now) {
                return 0;
            }
            if (!autojump || deadline == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            long target = deadline;
            for (Participant p : participants) {
                if (!p.quiet()) {
                    return Long.MAX_VALUE;
                }
                target = Math.min(target, p.deadline);
            }
            now = Math.max(now, target);
            wake = dueIdle(null);
        }
        wakeAll(wake);
        return deadline <= now ? 0 : Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "VirtualClock[now=" + Duration.ofNanos(now) + (autojump ? ", autojump" : "") + "]";
    }

    // ---- the loops on this clock ----------------------------------------------------------------

    /** Makes a participant for one loop's run; it counts (as busy) from now until it leaves. */
    synchronized Participant join() {
        Participant p = new Participant(this);
        participants.add(p);
        return p;
    }

    /**
     * If every participant is idle and one has a timer, moves the clock to the earliest
     * deadline; returns the participants but {@code caller} to wake (their timers became
     * due). Under this.
     */
    private List<Participant> jumpIfIdle(Participant caller) {
        if (!autojump || participants.isEmpty()) {
            return List.of();
        }
        long target = Long.MAX_VALUE;
        for (Participant p : participants) {
            if (!p.quiet()) {
                return List.of();
            }
            target = Math.min(target, p.deadline);
        }
        if (target == Long.MAX_VALUE) {
            return List.of();       // every loop waits for something other than time: nothing to jump to
        }
        now = Math.max(now, target);
        return dueIdle(caller);
    }

    /** The idle participants (but {@code except}) whose deadline has come; marks them busy. Under this. */
    private List<Participant> dueIdle(Participant except) {
        List<Participant> due = new ArrayList<>();
        for (Participant p : participants) {
            if (p != except && p.idle && p.deadline <= now) {
                p.idle = false;
                due.add(p);
            }
        }
        return due;
    }

    private static void wakeAll(List<Participant> wake) {
        for (Participant p : wake) {
            p.wake();
        }
    }

    /**
     * One loop's view of a shared {@link VirtualClock}: the clock its kernel is opened with.
     *
     * <p>Discussion: a participant starts busy, so that a loop of a group that has not started
     * yet holds the clock back; it leaves when its loop has finished, which may leave every
     * remaining loop idle, so leaving jumps if it can. {@link #busy()} sets {@link #kicked} as
     * well as clearing {@link #idle}: a submission that arrives between the kernel's last look
     * at its inbox and its next {@link #sleepNanos} makes that call return 0 (look again)
     * instead of declaring the loop idle with work in its inbox.
     */
    static final class Participant implements LoopClock {
        private final VirtualClock clock;
        /** The loop is blocked with nothing to run. Guarded by the clock. */
        private boolean idle;
        /** The loop's earliest timer while idle, Long.MAX_VALUE for none. Guarded by the clock. */
        private long deadline = Long.MAX_VALUE;
        /** {@code runInThread} calls the loop's tasks wait for. Guarded by the clock. */
        private int offLoop;
        /** Work was submitted since the loop last asked to block. Guarded by the clock. */
        private boolean kicked;
        /** Wakes the loop (a no-op submitted to its kernel); null until the kernel is open. */
        private volatile Runnable waker;

        private Participant(VirtualClock clock) {
            this.clock = clock;
        }

        /** Idle with nothing handed to a thread and nothing submitted. Under the clock. */
        private boolean quiet() {
            return idle && offLoop == 0 && !kicked;
        }

        /** Sets how to wake the loop; called once its kernel is open. */
        void attach(Runnable wakeLoop) {
            this.waker = wakeLoop;
        }

        private void wake() {
            Runnable w = waker;
            if (w != null) {
                try {
                    w.run();
                } catch (RejectedExecutionException finished) {
                    // the loop has just finished: nothing to wake
                }
            }
        }

        /** Counts a {@code runInThread} call the loop waits for (+1) or no longer waits for (-1). */
        void offLoopWork(int delta) {
            List<Participant> wake;
            synchronized (clock) {
                offLoop += delta;
                if (offLoop < 0) {
                    throw new GiambioInternalError("off-loop work count below zero");
                }
                // the last piece of work may end while this loop is idle (its worker now waits
                // for a loop, through a portal or on a cross-loop channel): then every loop may
                // be idle
                wake = offLoop == 0 && idle ? clock.jumpIfIdle(null) : List.of();
            }
            wakeAll(wake);
        }

        /** Leaves the clock once the loop has finished; idempotent. May jump for the rest. */
        void leave() {
            List<Participant> wake;
            synchronized (clock) {
                if (!clock.participants.remove(this)) {
                    return;
                }
                wake = clock.jumpIfIdle(null);
            }
            wakeAll(wake);
        }

        @Override
        public long nanoTime() {
            return clock.now;
        }

        @Override
        public long sleepNanos(long until) {
            List<Participant> wake;
            long block;
            synchronized (clock) {
                if (kicked) {
                    kicked = false;
                    return 0;
                }
                if (until <= clock.now) {
                    return 0;
                }
                idle = true;
                deadline = until;
                wake = clock.jumpIfIdle(this);
                if (until <= clock.now) {
                    idle = false;       // the jump made this loop's timer due: run it
                    block = 0;
                } else {
                    block = Long.MAX_VALUE; // woken by a jump that makes it due, or by work
                }
            }
            wakeAll(wake);
            return block;
        }

        @Override
        public void busy() {
            synchronized (clock) {
                idle = false;
                kicked = true;
            }
        }

        @Override
        public String toString() {
            return clock.toString();
        }
    }
}
