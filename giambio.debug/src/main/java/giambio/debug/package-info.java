/**
 * The debugger SPI of giambio: hooks that observe what the loop does.
 *
 * <p>A {@link giambio.debug.Debugger} sees the loop start and exit, tasks spawn, step, sleep,
 * wait for I/O, get cancelled and exit. Every hook has an empty default, so a debugger
 * implements only what it needs. A debugger that throws is removed from the loop and the
 * failure is logged; it never crashes the loop.
 *
 * <p>Built in: {@link giambio.debug.TraceDebugger} (a line per event, switched on with
 * {@code -Dgiambio.debuggers=trace}), {@link giambio.debug.JfrDebugger} (JDK Flight Recorder
 * events), {@link giambio.debug.SlowStepDetector} (steps that hog the loop) and
 * {@link giambio.debug.TimelineRecorder} (a timeline file). Pass a debugger to one loop with
 * {@code RunOptions.builder().debugger(d)}, or declare it as a service and name it in the
 * {@code giambio.debuggers} system property; see {@link giambio.debug.Debugger}.
 */
package giambio.debug;
