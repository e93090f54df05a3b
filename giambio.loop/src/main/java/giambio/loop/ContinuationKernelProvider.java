package giambio.loop;

import aQute.bnd.annotation.spi.ServiceProvider;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelProvider;
import java.util.Optional;

/**
 * Provides the opt-in fast kernel, {@code continuation}: every task is a JDK continuation run
 * by one virtual loop thread.
 *
 * <h2>Enabling it</h2>
 * The kernel needs the JVM flag {@code --add-exports java.base/jdk.internal.vm=giambio.loop}
 * (with {@code =ALL-UNNAMED} when giambio is on the class path or in OSGi) and is chosen only
 * when asked for by name, because of its low {@link #priority()}:
 * {@snippet :
 * // java --add-exports java.base/jdk.internal.vm=giambio.loop -Dgiambio.kernel=continuation ...
 * Giambio.run(RunOptions.builder().kernel("continuation").build(), () -> work());
 * }
 * Tasks share one thread, so {@code ThreadLocal}s, {@code Thread.currentThread()} and lock
 * ownership are shared by all tasks; see the project's {@code docs/kernels.md}.
 */
@ServiceProvider(KernelProvider.class)
public final class ContinuationKernelProvider implements KernelProvider {

    /** The name used by {@code -Dgiambio.kernel=continuation}. */
    public static final String NAME = "continuation";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public ContinuationKernelProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Returns 10: below the default kernel, so this kernel runs only when requested by name.
     *
     * @return 10
     */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Optional<String> unavailableReason() {
        return JdkContinuations.unavailableReason();
    }

    /**
     * Opens a continuation kernel.
     *
     * @param config the clock, debugger and scheduling options of the run
     * @return a new kernel
     * @throws IllegalStateException if the JVM does not export {@code jdk.internal.vm} to
     *                               giambio (the message names the flag to add)
     */
    @Override
    public Kernel open(KernelConfig config) {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            throw new IllegalStateException("giambio kernel '" + NAME + "' is unavailable: " + why.get());
        }
        return new ContinuationKernel(config);
    }
}
