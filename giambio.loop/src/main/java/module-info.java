/**
 * The giambio kernels. Exports nothing: it only provides
 * {@link giambio.api.spi.KernelProvider}s to {@code giambio.api} through
 * {@link java.util.ServiceLoader}.
 *
 * <p>The default kernel, {@code baton}, runs each task on its own virtual thread and passes a
 * baton so that exactly one task runs at a time.
 */
module giambio.loop {
    requires giambio.api;
    requires static biz.aQute.bnd.annotation;

    provides giambio.api.spi.KernelProvider with giambio.loop.BatonKernelProvider;
}
