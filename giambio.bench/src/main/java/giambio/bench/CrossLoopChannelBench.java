package giambio.bench;

import giambio.api.Giambio;
import giambio.api.sync.CrossLoopChannel;
import java.util.concurrent.ArrayBlockingQueue;
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
 * Hand-off between loops (D7): one loop of a group sends {@link #ITEMS} items through a
 * {@link CrossLoopChannel} to another loop, against the peer, a
 * {@link ArrayBlockingQueue} of the same capacity between two platform threads. Each
 * invocation includes starting and joining the two loops (threads), amortised over the items.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = RawContinuation.EXPORT)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CrossLoopChannelBench {

    /** Items per invocation. */
    public static final int ITEMS = 200_000;

    /** The buffer's capacity, the same for both. */
    @Param({"16", "256"})
    public int capacity;

    /**
     * A group of two loops: loop 0 sends, loop 1 receives.
     *
     * @return the sum of the received items
     * @throws Exception never
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long crossLoopChannel() throws Exception {
        CrossLoopChannel<Integer> ch = CrossLoopChannel.open(capacity);
        long[] sum = new long[1];
        Giambio.runGroup(2, index -> {
            if (index == 0) {
                try (var tx = ch.sender()) {
                    for (int i = 0; i < ITEMS; i++) {
                        tx.send(i);
                    }
                }
            } else {
                long s = 0;
                for (int item : ch.receiver()) {
                    s += item;
                }
                sum[0] = s;
            }
        });
        return sum[0];
    }

    /**
     * The peer: two platform threads, {@code put} and {@code take}.
     *
     * @return the sum of the received items
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long arrayBlockingQueue() throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(capacity);
        long[] sum = new long[1];
        Thread consumer = Thread.ofPlatform().start(() -> {
            long s = 0;
            try {
                for (int i = 0; i < ITEMS; i++) {
                    s += q.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sum[0] = s;
        });
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    q.put(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.join();
        consumer.join();
        return sum[0];
    }
}
