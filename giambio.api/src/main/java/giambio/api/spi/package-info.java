/**
 * The kernel SPI: what a giambio kernel implements, and nothing more.
 *
 * <p>A kernel is a microkernel after curio: it knows tasks, a run queue, timers, I/O
 * readiness and parking with an abort callback (after trio's {@code wait_task_rescheduled}).
 * Pools, cancel scopes, timeouts, synchronisation primitives and channels are written once in
 * {@code giambio.api} on top of this SPI, so an alternative kernel implements only the
 * task-switch mechanism. Kernels are found through {@link java.util.ServiceLoader} as
 * {@link giambio.api.spi.KernelProvider}s.
 *
 * <p>A kernel module declares {@code provides giambio.api.spi.KernelProvider with ...;}
 * (plus a {@code META-INF/services/giambio.api.spi.KernelProvider} entry for the class path
 * and bnd's {@code @ServiceProvider} for OSGi); a program picks it with
 * {@code -Dgiambio.kernel=<name>} or {@code RunOptions.builder().kernel(name)}, where the
 * name is {@link giambio.api.spi.KernelProvider#name()}. Without a choice the default kernel
 * of module {@code giambio.loop} runs. Every kernel runs the conformance suite of module
 * {@code giambio.tck}; docs/guide-extending.md walks through both steps.
 *
 * <p>This package is for extenders. Application code never needs it.
 */
package giambio.api.spi;
