package giambio.loop.tck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import giambio.api.spi.KernelProvider;
import giambio.tck.KernelConformanceTest;
import giambio.loop.ContinuationKernelProvider;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the conformance suite against the continuation kernel; skipped unless the JVM runs
 * with {@code --add-exports java.base/jdk.internal.vm=giambio.loop} (the continuation
 * surefire execution of this module sets it).
 */
class ContinuationKernelConformanceTest extends KernelConformanceTest {

    @BeforeAll
    static void needsTheExport() {
        var reason = new ContinuationKernelProvider().unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "continuation kernel unavailable: " + reason.orElse(""));
    }

    @Override
    protected KernelProvider provider() {
        return new ContinuationKernelProvider();
    }
}
