package giambio.loop;

import aQute.bnd.annotation.spi.ServiceProvider;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelProvider;
import java.util.Optional;

/**
 * Provides the fast kernel, {@code continuation}: every task is a JDK continuation run by one
 * virtual loop thread.
 *
 * <h2>Enabling it</h2>
 * The kernel needs the JVM to export {@code jdk.internal.vm} to giambio: the flag
 * {@code --add-exports java.base/jdk.internal.vm=giambio.loop} on the module path,
 * {@code =ALL-UNNAMED} on the class path or in OSGi, or the manifest attribute
 * {@code Add-Exports: java.base/jdk.internal.vm} of an executable jar. Granting the export is
 * the user's opt-in: the kernel then wins the default choice through its {@link #priority()}
 * (issue 9); without the grant it is unavailable and the baton kernel runs, silently. A name
 * still overrides either way:
 * {@snippet :
 * // java --add-exports java.base/jdk.internal.vm=giambio.loop -Dgiambio.kernel=baton ...
 * Giambio.run(RunOptions.builder().kernel("baton").build(), () -> work());
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
     * Returns 200: above the baton kernel's 100, so this kernel is the default whenever the JVM
     * grants {@code jdk.internal.vm} (an unavailable kernel never takes part in the choice).
     *
     * <p>Discussion: the export cannot be granted by accident (it takes a JVM flag, a
     * {@code JDK_JAVA_OPTIONS} entry or an executable jar's manifest attribute), so a user who
     * grants it asks for this kernel; one who wants baton anyway names it.
     *
     * @return 200
     */
    @Override
    public int priority() {
        return 200;
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
