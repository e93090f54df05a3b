/**
 * JMH benchmarks: the two giambio kernels side by side, the raw
 * {@code jdk.internal.vm.Continuation} mechanism they are measured against, and the JVM peers
 * with the same operation counts: plain virtual threads with {@code java.util.concurrent}
 * ({@link giambio.bench.VirtualThreadBench}) and Kotlin coroutines
 * ({@link giambio.bench.KotlinCoroutinesBench}, calling {@code KotlinPeers.kt}). Every
 * benchmark forks its JVM with {@link giambio.bench.RawContinuation#EXPORT}, so both kernels
 * are available. See {@code docs/kernels.md} and {@code docs/performance.md} for how to run
 * them and the numbers measured.
 */
package giambio.bench;
