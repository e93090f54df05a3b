package giambio.loop.tck;

import giambio.api.spi.KernelProvider;
import giambio.tck.KernelConformanceTest;
import giambio.loop.BatonKernelProvider;

/** Runs the conformance suite against the default kernel. */
class BatonKernelConformanceTest extends KernelConformanceTest {
    @Override
    protected KernelProvider provider() {
        return new BatonKernelProvider();
    }
}
