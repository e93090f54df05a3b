package giambio.bench;

import java.util.concurrent.TimeUnit;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.ExecutorCoroutineDispatcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Kotlin coroutines peer ({@code KotlinPeers.kt}): {@code runBlocking} + {@code launch} +
 * {@code yield()} on one thread, with the same operation counts as {@link KernelBench}, so the
 * scores (nanoseconds per switch, per task or per channel hand-off) compare directly.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = RawContinuation.EXPORT)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KotlinCoroutinesBench {

    /**
     * Where the coroutines run: {@code eventLoop} is runBlocking's own event loop on the
     * calling thread; {@code singleThread} is a dispatcher with one thread of its own.
     */
    @Param({"eventLoop", "singleThread"})
    public String dispatcher;

    private CoroutineContext context;
    private ExecutorCoroutineDispatcher owned;

    /** Makes the dispatcher. */
    @Setup
    public void setup() {
        switch (dispatcher) {
            case "eventLoop" -> context = EmptyCoroutineContext.INSTANCE;
            case "singleThread" -> {
                owned = KotlinPeers.singleThreadDispatcher();
                context = owned;
            }
            default -> throw new IllegalArgumentException("unknown dispatcher '" + dispatcher + "'");
        }
    }

    /** Closes the dispatcher's thread, if any. */
    @TearDown
    public void tearDown() {
        if (owned != null) {
            owned.close();
        }
    }

    /** Two coroutines take turns at {@code yield()}. */
    @Benchmark
    @OperationsPerInvocation(2 * KernelBench.PING_PONG)
    public void switchPingPong() {
        KotlinPeers.pingPong(KernelBench.PING_PONG, context);
    }

    /** 1,000 coroutines take turns at {@code yield()}. */
    @Benchmark
    @OperationsPerInvocation(KernelBench.RR_TASKS * KernelBench.RR_ROUNDS)
    public void roundRobin1000() {
        KotlinPeers.roundRobin(KernelBench.RR_TASKS, KernelBench.RR_ROUNDS, context);
    }

    /** Launches 100,000 coroutines that return at once and waits for them all. */
    @Benchmark
    @OperationsPerInvocation(KernelBench.SPAWNS)
    public void spawnComplete100k() {
        KotlinPeers.spawnJoin(KernelBench.SPAWNS, context);
    }

    /** {@code coroutineScope { repeat(1_000_000) { launch { } } } }: one scope, like one pool. */
    @Benchmark
    @OperationsPerInvocation(KernelBench.SPAWNS_1M)
    public void spawnJoin1M() {
        KotlinPeers.spawnJoinScope(KernelBench.SPAWNS_1M, context);
    }

    /** Two coroutines bounce one item through two {@code Channel(RENDEZVOUS)}: ns per hand-off. */
    @Benchmark
    @OperationsPerInvocation(2 * KernelBench.CHANNEL_ROUNDS)
    public void channelPingPong() {
        KotlinPeers.channelPingPong(KernelBench.CHANNEL_ROUNDS, context);
    }
}
