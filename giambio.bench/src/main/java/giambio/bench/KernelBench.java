package giambio.bench;

import giambio.api.Giambio;
import giambio.api.RunOptions;
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
 * (2 tasks and 1,000 tasks) and spawn-and-complete. Scores are nanoseconds per switch or per
 * task.
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
}
