package giambio.api;

/**
 * The loop's monotonic clock, which kernels read for every timer.
 *
 * <p>The default is {@link #system()}. Tests pass a {@link VirtualClock} through
 * {@link RunOptions.Builder#clock(LoopClock)} so that time moves only when told to; the
 * loops of a {@linkplain Giambio#runGroup(RunOptions, int, LoopBody) group} share one.
 */
public interface LoopClock {

    /**
     * Returns a clock on {@link System#nanoTime()} that reads 0 when created.
     *
     * @return a new system clock
     */
    static LoopClock system() {
        long origin = System.nanoTime();
        return new LoopClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime() - origin;
            }

            @Override
            public long sleepNanos(long deadline) {
                return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - nanoTime());
            }

            @Override
            public String toString() {
                return "LoopClock.system()";
            }
        };
    }

    /**
     * Reads the clock.
     *
     * @return nanoseconds since an arbitrary origin; never decreases
     */
    long nanoTime();

    /**
     * Tells the kernel how long to really block when the earliest timer is at
     * {@code deadline} and no task is runnable.
     *
     * @param deadline the earliest deadline on this clock, or {@link Long#MAX_VALUE} when
     *                 there is no timer
     * @return real nanoseconds to block: 0 not to block at all (a virtual clock that jumped),
     *         {@link Long#MAX_VALUE} to block until I/O or another thread wakes the loop
     */
    long sleepNanos(long deadline);

    /**
     * Tells the clock that the loop has work again. A kernel calls it from
     * {@link giambio.api.spi.Kernel#submit} (on the submitting thread, after queueing the
     * action and before waking the loop, so queueing and waking are separate steps) and after
     * every blocking wait that {@link #sleepNanos} allowed has ended, before it runs anything
     * or asks again. A {@link VirtualClock} shared by several loops needs it to jump only when
     * every loop is idle; a clock on real time ignores it, as the default does. The kernel
     * conformance suite ({@code giambio.tck}) checks both calls.
     */
    default void busy() {
    }
}
