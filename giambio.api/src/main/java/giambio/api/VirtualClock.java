package giambio.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A loop clock that moves only when told to: for fast, deterministic tests of timeouts.
 * Thread-safe: the loops of a {@linkplain Giambio#runGroup(RunOptions, int, LoopBody) group}
 * share one.
 *
 * <p>Time starts at 0 and moves by {@link #jump(Duration)}. With {@linkplain #autojump()
 * autojump} on, whenever every task is blocked the clock jumps straight to the next timer,
 * so a test of a one-hour timeout runs in microseconds (trio's
 * {@code MockClock(autojump_threshold=0)}).
 *
 * {@snippet :
 * VirtualClock clock = VirtualClock.autojumping();
 * Giambio.run(RunOptions.builder().clock(clock).build(), () -> {
 *     Giambio.sleep(Duration.ofHours(1));      // returns at once
 *     assert Giambio.clock() == 3600.0;
 * });
 * }
 */
public final class VirtualClock implements LoopClock {

    /** Virtual nanoseconds; only grows. Written by the loop or by {@link #jump}. */
    private volatile long now;

    /** Whether to jump to the next deadline when the loop would block. */
    private volatile boolean autojump;

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
     * Returns a clock at 0 that jumps to the next deadline whenever every task is blocked.
     *
     * @return a new clock with autojump on
     */
    public static VirtualClock autojumping() {
        return new VirtualClock(true);
    }

    /**
     * Tells whether autojump is on.
     *
     * @return {@code true} if the clock jumps when every task is blocked
     */
    public boolean autojump() {
        return autojump;
    }

    /**
     * Switches autojump on or off; takes effect the next time the loop would block.
     *
     * @param on whether to autojump
     */
    public void setAutojump(boolean on) {
        this.autojump = on;
    }

    /**
     * Moves the clock forward. Call it from a task of the loop: timers that became due fire
     * at the next checkpoint.
     *
     * @param amount how far to move
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void jump(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("VirtualClock.jump: cannot jump a clock backwards: " + amount);
        }
        long nanos = amount.toNanos();
        synchronized (this) {
            now = Math.addExact(now, nanos);
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long sleepNanos(long deadline) {
        long current = now;
        if (deadline <= current) {
            return 0;
        }
        if (autojump && deadline != Long.MAX_VALUE) {
            // Discussion: the loops of a group share one clock and may autojump it at once;
            // the clock only ever moves forward (a loop whose deadline has been passed by
            // another loop's jump just runs its timer).
            synchronized (this) {
                if (deadline > now) {
                    now = deadline;
                }
            }
            return 0;
        }
        return Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "VirtualClock[now=" + Duration.ofNanos(now) + (autojump ? ", autojump" : "") + "]";
    }
}
