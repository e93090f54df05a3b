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
 */
public record KernelConfig(LoopClock clock, Optional<Debugger> debugger, OptionalLong shuffleSeed) {

    /**
     * Checks the components.
     *
     * @param clock       the loop's clock
     * @param debugger    the debugger, or empty
     * @param shuffleSeed the shuffle seed, or empty for FIFO order
     * @throws NullPointerException if any component is {@code null}
     */
    public KernelConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(debugger, "debugger");
        Objects.requireNonNull(shuffleSeed, "shuffleSeed");
    }
}
