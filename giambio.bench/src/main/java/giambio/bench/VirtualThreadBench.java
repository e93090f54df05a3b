package giambio.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer: plain virtual threads with {@code java.util.concurrent}, no giambio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = RawContinuation.EXPORT)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VirtualThreadBench {

    /**
     * Two virtual threads hand a token back and forth through two {@link SynchronousQueue}s;
     * every hand-off is one switch.
     *
     * @return the last token
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(2 * KernelBench.PING_PONG)
    public int synchronousQueuePingPong() throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Thread other = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < KernelBench.PING_PONG; i++) {
                    pong.put(ping.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int[] last = new int[1];
        Thread me = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < KernelBench.PING_PONG; i++) {
                    ping.put(i);
                    last[0] = pong.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        me.join();
        other.join();
        return last[0];
    }

    /**
     * 1,000 virtual threads each call {@link Thread#yield()} 100 times (on the JDK's default
     * scheduler: one carrier per core); every yield is one switch.
     *
     * @throws InterruptedException never
     */
    @Benchmark
    @OperationsPerInvocation(KernelBench.RR_TASKS * KernelBench.RR_ROUNDS)
    public void roundRobin1000() throws InterruptedException {
        Thread[] threads = new Thread[KernelBench.RR_TASKS];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < KernelBench.RR_ROUNDS; i++) {
                    Thread.yield();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Spawns 100,000 virtual threads that return at once and waits for them all.
     */
    @Benchmark
    @OperationsPerInvocation(KernelBench.SPAWNS)
    public void spawnJoin100k() {
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < KernelBench.SPAWNS; t++) {
                exec.submit(() -> { });
            }
        }
    }
}
