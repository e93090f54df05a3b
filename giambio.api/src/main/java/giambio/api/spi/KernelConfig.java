package giambio.api.spi;

import giambio.api.LoopClock;
import giambio.debug.Debugger;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a kernel is opened with.
 *
 * @param clock       the loop's clock; every timer deadline is on this clock
 * @param debugger    the debugger to report kernel events to (start/exit are reported by the
 *                    API), or empty when none is active: then the kernel must not pay for it
 * @param shuffleSeed when present, the kernel picks the next runnable task at random with a
 *                    {@link java.util.Random} seeded by this value instead of in FIFO order
 * @param dedicatedThread true when the thread that calls {@link Kernel#run} was started only
 *                    to run this loop and does nothing else until it returns (each loop of
 *                    {@code Giambio.runGroup}): a kernel that runs its loop on a thread of its
 *                    own should run it on this one instead, so that the loop owns an OS thread
 *                    and does not share the JDK's virtual-thread scheduler with anything else.
 *                    False for {@code Giambio.run}, whose caller is the user's thread.
 */
public record KernelConfig(LoopClock clock, Optional<Debugger> debugger, OptionalLong shuffleSeed,
        boolean dedicatedThread) {

    /**
     * Checks the components.
     *
     * @param clock           the loop's clock
     * @param debugger        the debugger, or empty
     * @param shuffleSeed     the shuffle seed, or empty for FIFO order
     * @param dedicatedThread whether the calling thread exists only to run this loop
     * @throws NullPointerException if any component is {@code null}
     */
    public KernelConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(debugger, "debugger");
        Objects.requireNonNull(shuffleSeed, "shuffleSeed");
    }

    /**
     * A configuration for a loop run by the user's own thread ({@code dedicatedThread} false).
     *
     * @param clock       the loop's clock
     * @param debugger    the debugger, or empty
     * @param shuffleSeed the shuffle seed, or empty for FIFO order
     * @throws NullPointerException if any component is {@code null}
     */
    public KernelConfig(LoopClock clock, Optional<Debugger> debugger, OptionalLong shuffleSeed) {
        this(clock, debugger, shuffleSeed, false);
    }
}
