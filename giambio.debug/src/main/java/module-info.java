/**
 * The giambio debugger SPI: a {@link giambio.debug.Debugger} whose hooks are all no-op
 * defaults, the read-only {@link giambio.debug.TaskView} the hooks receive, and built-in
 * debuggers.
 *
 * <p>Custom debuggers are plugged in through {@link java.util.ServiceLoader}
 * ({@code provides giambio.debug.Debugger with ...}) or passed to {@code Giambio.run} through
 * its run options. This module depends on nothing but {@code java.base}.
 */
module giambio.debug {
    exports giambio.debug;

    uses giambio.debug.Debugger;
}
