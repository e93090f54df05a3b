package giambio.bench;

import java.util.ArrayDeque;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw mechanism with no scheduler: continuations yielding to a trivial driver loop. The
 * continuation kernel's target is to stay within 1.3x of these numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = RawContinuation.EXPORT)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RawContinuationBench {

    /**
     * The thread the driver runs on: "virtual" as in the continuation kernel, whose loop is a
     * virtual thread, or "platform" (the JMH thread itself).
     */
    @Param({"virtual", "platform"})
    public String carrier;

    private long on(java.util.function.LongSupplier work) throws InterruptedException {
        if (carrier.equals("platform")) {
            return work.getAsLong();
        }
        long[] out = new long[1];
        Thread t = Thread.ofVirtual().start(() -> out[0] = work.getAsLong());
        t.join();
        return out[0];
    }

    /**
     * Two continuations take turns yielding; the driver runs one then the other.
     *
     * @return the work done, so it is not dead code
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(2 * KernelBench.PING_PONG)
    public long switchPingPong() throws InterruptedException {
        return on(this::switchPingPongBody);
    }

    private long switchPingPongBody() {
        long[] count = new long[1];
        Runnable body = () -> {
            for (int i = 0; i < KernelBench.PING_PONG; i++) {
                count[0]++;
                RawContinuation.yieldNow();
            }
        };
        Object a = RawContinuation.create(body);
        Object b = RawContinuation.create(body);
        while (!RawContinuation.isDone(b)) {
            RawContinuation.run(a);
            RawContinuation.run(b);
        }
        return count[0];
    }

    /**
     * 1,000 continuations take turns through a FIFO queue.
     *
     * @return the work done
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(KernelBench.RR_TASKS * KernelBench.RR_ROUNDS)
    public long roundRobin1000() throws InterruptedException {
        return on(this::roundRobin1000Body);
    }

    private long roundRobin1000Body() {
        long[] count = new long[1];
        ArrayDeque<Object> queue = new ArrayDeque<>();
        for (int t = 0; t < KernelBench.RR_TASKS; t++) {
            queue.add(RawContinuation.create(() -> {
                for (int i = 0; i < KernelBench.RR_ROUNDS; i++) {
                    count[0]++;
                    RawContinuation.yieldNow();
                }
            }));
        }
        Object c;
        while ((c = queue.poll()) != null) {
            RawContinuation.run(c);
            if (!RawContinuation.isDone(c)) {
                queue.add(c);
            }
        }
        return count[0];
    }

    /**
     * Creates and runs to completion 100,000 continuations.
     *
     * @return the work done
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(KernelBench.SPAWNS)
    public long spawnComplete100k() throws InterruptedException {
        return on(this::spawnComplete100kBody);
    }

    private long spawnComplete100kBody() {
        long[] count = new long[1];
        Runnable body = () -> count[0]++;
        for (int t = 0; t < KernelBench.SPAWNS; t++) {
            RawContinuation.run(RawContinuation.create(body));
        }
        return count[0];
    }
}
