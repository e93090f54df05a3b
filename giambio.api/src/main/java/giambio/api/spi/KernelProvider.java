package giambio.api.spi;

import java.util.Optional;

/**
 * A service that opens kernels; found through {@link java.util.ServiceLoader}.
 *
 * <h2>Selection</h2>
 * {@code Giambio.run} picks the provider named by its run options or by the system property
 * {@code giambio.kernel}, if either is set; otherwise the available provider with the highest
 * {@link #priority()}. A requested provider that is unavailable fails the run with its
 * {@link #unavailableReason()}; none found at all fails with a message naming the jar to add.
 *
 * <p>Implementations must have a public no-argument constructor (or a public static
 * {@code provider()} method on the module path) and be cheap to construct.
 */
public interface KernelProvider {

    /**
     * Returns the kernel's name, as used by the {@code giambio.kernel} property.
     *
     * @return a short lower-case name such as {@code "baton"}
     */
    String name();

    /**
     * Returns the priority used when no kernel is requested by name; higher wins.
     *
     * @return the priority; the baton kernel uses 100, the continuation kernel 200 (available only
     *         when the JVM exports {@code jdk.internal.vm} to giambio)
     */
    int priority();

    /**
     * Tells why this kernel cannot run in this JVM, if it cannot.
     *
     * @return empty when the kernel is available, else a message saying what is missing
     *         (for example the exact JVM flag to add)
     */
    Optional<String> unavailableReason();

    /**
     * Opens a kernel for one run of the loop.
     *
     * @param config the clock, debugger and scheduling options of the run
     * @return a new kernel, used by exactly one {@code Giambio.run} call
     * @throws IllegalStateException if the kernel is unavailable
     */
    Kernel open(KernelConfig config);
}
