package giambio.bench;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the heap retained per idle task: N tasks parked five frames deep, heap used after
 * GC with them minus before them, divided by N. Not a JMH benchmark (it measures bytes, not
 * time); run it with
 * {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp benchmarks.jar giambio.bench.RetainedHeap}.
 */
public final class RetainedHeap {

    private static final int TASKS = 20_000;
    private static final int DEPTH = 5;
    private static final int REPEATS = 5;

    private RetainedHeap() {
    }

    /**
     * Prints bytes per parked task for both kernels and the two baselines.
     *
     * @param args ignored
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "retained heap per parked task, %d tasks %d frames deep, median of %d (min..max)%n",
                TASKS, DEPTH, REPEATS);
        for (String what : List.of("baton", "continuation", "raw-continuation", "virtual-thread")) {
            long[] perTask = new long[REPEATS + 1];
            for (int r = 0; r <= REPEATS; r++) {
                perTask[r] = measure(what) / TASKS;
            }
            long[] kept = Arrays.copyOfRange(perTask, 1, perTask.length); // the first run is warm-up
            Arrays.sort(kept);
            System.out.printf(Locale.ROOT, "%-18s %6d B  (%d..%d)%n", what, kept[kept.length / 2], kept[0],
                    kept[kept.length - 1]);
        }
    }

    private static long measure(String what) throws Exception {
        return switch (what) {
            case "raw-continuation" -> rawContinuations();
            case "virtual-thread" -> virtualThreads();
            default -> giambio(what);
        };
    }

    private static long giambio(String kernel) throws Exception {
        long[] delta = new long[1];
        Giambio.run(RunOptions.builder().kernel(kernel).build(), () -> Giambio.createPool(pool -> {
            long before = usedAfterGc();
            for (int i = 0; i < TASKS; i++) {
                pool.spawn(() -> deep(DEPTH, Giambio::sleepForever));
            }
            Giambio.checkpoint(); // every task runs to its park, then this body runs again
            delta[0] = usedAfterGc() - before;
            pool.cancel();
        }));
        return delta[0];
    }

    private static long rawContinuations() {
        long before = usedAfterGc();
        List<Object> parked = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            Object c = RawContinuation.create(() -> deep(DEPTH, RawContinuation::yieldNow));
            RawContinuation.run(c);
            parked.add(c);
        }
        long delta = usedAfterGc() - before;
        for (Object c : parked) {
            RawContinuation.run(c);
        }
        return delta;
    }

    private static long virtualThreads() throws InterruptedException {
        long before = usedAfterGc();
        List<Thread> threads = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            threads.add(Thread.ofVirtual().start(() -> deep(DEPTH, LockSupport::park)));
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        long delta = usedAfterGc() - before;
        threads.forEach(LockSupport::unpark);
        for (Thread t : threads) {
            t.join();
        }
        return delta;
    }

    /** Something that parks, five frames down. */
    @FunctionalInterface
    interface Parker {
        void park() throws Exception;
    }

    private static int deep(int depth, Parker parker) {
        if (depth == 0) {
            try {
                parker.park();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return 0;
        }
        int local = depth * 31;
        return deep(depth - 1, parker) + local;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
