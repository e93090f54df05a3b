/**
 * The giambio debugger SPI: a {@link giambio.debug.Debugger} whose hooks are all no-op
 * defaults, the read-only {@link giambio.debug.TaskView} the hooks receive, and built-in
 * debuggers: {@link giambio.debug.TraceDebugger} (the seed's trace, service name
 * {@code trace}), {@link giambio.debug.SlowStepDetector}, {@link giambio.debug.JfrDebugger}
 * and {@link giambio.debug.TimelineRecorder}.
 *
 * <p>Custom debuggers are plugged in through {@link java.util.ServiceLoader}
 * ({@code provides giambio.debug.Debugger with ...}) or passed to {@code Giambio.run} through
 * its run options. This module depends on nothing but {@code java.base}; {@code jdk.jfr} is
 * needed only by {@link giambio.debug.JfrDebugger} (add it with {@code --add-modules jdk.jfr}
 * when the application's module graph does not already hold it).
 */
module giambio.debug {
    requires static biz.aQute.bnd.annotation;
    requires static jdk.jfr;

    exports giambio.debug;

    uses giambio.debug.Debugger;

    provides giambio.debug.Debugger with giambio.debug.TraceDebugger;
}
