/**
 * The kernel conformance suite (design rule D4): {@link giambio.tck.KernelConformanceTest},
 * an abstract JUnit Jupiter class that a kernel's tests subclass to check the kernel SPI's
 * contract. It needs only the public SPI and JUnit, never a particular kernel.
 */
module giambio.tck {
    requires transitive giambio.api;
    requires transitive org.junit.jupiter.api;

    exports giambio.tck;
    // The suite's test methods are package-private: JUnit invokes them reflectively when the
    // subclass runs on the module path.
    opens giambio.tck to org.junit.platform.commons;
}
