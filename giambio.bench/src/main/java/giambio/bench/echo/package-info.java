/**
 * The echo-server comparison (a plain program, not JMH): giambio's {@code Net.serveTcp} on
 * either kernel against a virtual-thread-per-connection server and Netty NIO servers, each in
 * a JVM of its own ({@link giambio.bench.echo.EchoServerMain}), driven by one load generator
 * ({@link giambio.bench.echo.EchoCompare}). See {@code docs/performance.md}.
 */
package giambio.bench.echo;
