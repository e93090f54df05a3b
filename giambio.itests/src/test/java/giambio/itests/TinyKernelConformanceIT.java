package giambio.itests;

import giambio.api.spi.KernelProvider;
import giambio.itests.kernel.TinyKernelProvider;
import giambio.tck.KernelConformanceTest;

/**
 * The kernel conformance suite run the way a third-party kernel runs it: the published
 * {@code giambio.tck} jar on the class path next to giambio.api and the itests' tiny kernel,
 * without giambio.loop (failsafe execution {@code tck}, see the pom), so {@code Giambio.run}
 * can only find the tiny kernel. The tiny kernel has no I/O and declares it.
 */
class TinyKernelConformanceIT extends KernelConformanceTest {

    @Override
    protected KernelProvider provider() {
        return new TinyKernelProvider();
    }

    @Override
    protected boolean supportsIo() {
        return false;
    }
}
