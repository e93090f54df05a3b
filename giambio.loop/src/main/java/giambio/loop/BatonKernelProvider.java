package giambio.loop;

import aQute.bnd.annotation.spi.ServiceProvider;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelConfig;
import giambio.api.spi.KernelProvider;
import java.util.Optional;

/**
 * Provides the portable kernel, {@code baton}: one virtual thread per task and a baton. It is
 * the default unless the JVM grants {@code jdk.internal.vm} to giambio, which makes the
 * {@code continuation} kernel (priority 200) the default instead.
 */
@ServiceProvider(KernelProvider.class)
public final class BatonKernelProvider implements KernelProvider {

    /** The name used by {@code -Dgiambio.kernel=baton}. */
    public static final String NAME = "baton";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public BatonKernelProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Kernel open(KernelConfig config) {
        return new BatonKernel(config);
    }
}
