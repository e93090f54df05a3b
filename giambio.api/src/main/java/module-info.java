/**
 * The giambio user API: a single-threaded, cooperative, structured-concurrency runtime.
 *
 * <p>Start with {@link giambio.api.Giambio}. Package {@code giambio.api} holds the entry
 * points, task pools, tasks, cancel scopes and clocks; {@code giambio.api.sync} the
 * synchronisation primitives and memory channels; {@code giambio.api.spi} the small kernel
 * SPI that alternative kernels implement. Kernels are found with {@link java.util.ServiceLoader};
 * the default one lives in module {@code giambio.loop}, which must be on the module path (or
 * class path, or installed as a bundle) at run time.
 */
module giambio.api {
    requires transitive giambio.debug;
    requires static biz.aQute.bnd.annotation;
    // Ctrl+C (S23): sun.misc.Signal, reached reflectively (see Sigint); a JDK module, always
    // in a JDK image, required so that it is resolved when the application is a named module.
    requires jdk.unsupported;

    exports giambio.api;
    exports giambio.api.spi;
    exports giambio.api.sync;

    uses giambio.api.spi.KernelProvider;
    // DebugHub loads the debuggers named by -Dgiambio.debuggers; ServiceLoader checks the
    // caller's module, so giambio.api must declare the use (giambio.debug's is not enough).
    uses giambio.debug.Debugger;
}
