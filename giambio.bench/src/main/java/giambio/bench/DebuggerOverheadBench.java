package giambio.bench;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.debug.Debugger;
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
 * What an active debugger costs the loop: the two-task switch with no debugger against one
 * whose hooks all do nothing. Nanoseconds per switch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = RawContinuation.EXPORT)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DebuggerOverheadBench {

    static final int PING_PONG = 100_000;

    /** The kernel under test. */
    @Param({"baton", "continuation"})
    public String kernel;

    /** "none", or "noop" for a debugger whose hooks do nothing. */
    @Param({"none", "noop"})
    public String debugger;

    private RunOptions options;

    /** Builds the run options. */
    @Setup
    public void setup() {
        RunOptions.Builder b = RunOptions.builder().kernel(kernel);
        if (debugger.equals("noop")) {
            b.debugger(new Debugger() { });
        }
        options = b.build();
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
}
