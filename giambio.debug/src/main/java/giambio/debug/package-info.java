/**
 * The debugger SPI of giambio: hooks that observe what the loop does.
 *
 * <p>A {@link giambio.debug.Debugger} sees the loop start and exit, tasks spawn, step, sleep,
 * wait for I/O, get cancelled and exit. Every hook has an empty default, so a debugger
 * implements only what it needs. A debugger that throws is removed from the loop and the
 * failure is logged; it never crashes the loop.
 */
package giambio.debug;
