/**
 * The giambio kernels. Exports nothing: it only provides
 * {@link giambio.api.spi.KernelProvider}s to {@code giambio.api} through
 * {@link java.util.ServiceLoader}.
 *
 * <p>The portable kernel, {@code baton}, runs each task on its own virtual thread and passes a
 * baton so that exactly one task runs at a time. The fast kernel, {@code continuation}, runs
 * tasks as JDK continuations and needs {@code --add-exports java.base/jdk.internal.vm=giambio.loop};
 * when the JVM grants that export it is the default, otherwise baton is.
 */
module giambio.loop {
    requires giambio.api;
    requires static biz.aQute.bnd.annotation;

    provides giambio.api.spi.KernelProvider with
            giambio.loop.BatonKernelProvider, giambio.loop.ContinuationKernelProvider;
}
