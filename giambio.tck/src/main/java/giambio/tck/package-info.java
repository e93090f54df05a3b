/**
 * The kernel conformance suite: the tests every giambio kernel must pass (design rule D4).
 *
 * <p>A kernel's own test sources subclass {@link giambio.tck.KernelConformanceTest} and return
 * the kernel's provider; the suite drives it through the kernel SPI ({@link giambio.api.spi}) and through
 * {@code Giambio.run}. Add module {@code giambio.tck} (artifact {@code giambio.tck}) in test
 * scope. docs/guide-extending.md shows how a kernel is declared and selected.
 */
package giambio.tck;
