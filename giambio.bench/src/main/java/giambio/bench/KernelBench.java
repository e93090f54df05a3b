package giambio.bench;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.sync.MemoryChannel;
import giambio.api.sync.ReceiveChannel;
import giambio.api.sync.SendChannel;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The giambio kernels side by side, through the public API: task switches at checkpoints
 * (2 tasks and 1,000 tasks), spawn-and-complete (100,000 and 1,000,000 tasks in one pool) and
 * rendezvous channel hand-off. Scores are nanoseconds per switch, per task or per hand-off.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = RawContinuation.EXPORT)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBench {

    static final int PING_PONG = 100_000;
    static final int RR_TASKS = 1_000;
    static final int RR_ROUNDS = 100;
    static final int SPAWNS = 100_000;
    static final int SPAWNS_1M = 1_000_000;
    static final int CHANNEL_ROUNDS = 50_000;

    /** The kernel under test. */
    @Param({"baton", "continuation"})
    public String kernel;

    private RunOptions options;

    /** Builds the run options. */
    @Setup
    public void setup() {
        options = RunOptions.builder().kernel(kernel).build();
    }

    /**
     * Two tasks take turns at checkpoints.
     *
     * @throws Exception never
     */
    @Benchmark
    @OperationsPerInvocation(2 * PING_PONG)
    public void switchPingPong() throws Exception {
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            for (int t = 0; t < 2; t++) {
                pool.spawn(() -> {
                    for (int i = 0; i < PING_PONG; i++) {
                        Giambio.checkpoint();
                    }
                });
            }
        }));
    }

    /**
     * 1,000 tasks take turns at checkpoints.
     *
     * @throws Exception never
     */
    @Benchmark
    @OperationsPerInvocation(RR_TASKS * RR_ROUNDS)
    public void roundRobin1000() throws Exception {
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            for (int t = 0; t < RR_TASKS; t++) {
                pool.spawn(() -> {
                    for (int i = 0; i < RR_ROUNDS; i++) {
                        Giambio.checkpoint();
                    }
                });
            }
        }));
    }

    /**
     * Spawns 100,000 tasks that return at once and waits for them all.
     *
     * @throws Exception never
     */
    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public void spawnComplete100k() throws Exception {
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            for (int t = 0; t < SPAWNS; t++) {
                pool.spawn(() -> { });
            }
        }));
    }

    /**
     * Spawns 1,000,000 tasks that return at once into one pool and waits for them all (issue 9's
     * spawn+join target; the peer is {@code KotlinCoroutinesBench.spawnJoin1M}).
     *
     * @throws Exception never
     */
    @Benchmark
    @OperationsPerInvocation(SPAWNS_1M)
    public void spawnJoin1M() throws Exception {
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            for (int t = 0; t < SPAWNS_1M; t++) {
                pool.spawn(() -> { });
            }
        }));
    }

    /**
     * Two tasks bounce one item through two rendezvous {@link MemoryChannel}s (capacity 0):
     * {@code 2 * CHANNEL_ROUNDS} hand-offs; the score is ns per hand-off.
     *
     * @throws Exception never
     */
    @Benchmark
    @OperationsPerInvocation(2 * CHANNEL_ROUNDS)
    public void channelPingPong() throws Exception {
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            MemoryChannel<Integer> ping = MemoryChannel.open(0);
            MemoryChannel<Integer> pong = MemoryChannel.open(0);
            ReceiveChannel<Integer> pingIn = ping.receiver();
            SendChannel<Integer> pongOut = pong.sender();
            SendChannel<Integer> pingOut = ping.sender();
            ReceiveChannel<Integer> pongIn = pong.receiver();
            pool.spawn(() -> {
                for (int i = 0; i < CHANNEL_ROUNDS; i++) {
                    pongOut.send(pingIn.receive() + 1);
                }
            });
            pool.spawn(() -> {
                int v = 0;
                for (int i = 0; i < CHANNEL_ROUNDS; i++) {
                    pingOut.send(v);
                    v = pongIn.receive();
                }
            });
        }));
    }
}
