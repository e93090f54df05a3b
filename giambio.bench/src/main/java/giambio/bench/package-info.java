/**
 * JMH benchmarks: the two giambio kernels side by side, the raw
 * {@code jdk.internal.vm.Continuation} mechanism they are measured against, and plain virtual
 * threads with {@code java.util.concurrent} as the peer. Every benchmark forks its JVM with
 * {@link giambio.bench.RawContinuation#EXPORT}, so both kernels are available. See
 * {@code docs/kernels.md} for how to run them and the numbers measured.
 */
package giambio.bench;
