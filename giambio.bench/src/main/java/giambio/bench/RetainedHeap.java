package giambio.bench;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.Task;
import giambio.api.sync.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the heap retained per idle task: N tasks parked five frames deep, heap used after
 * GC with them minus before them, divided by N, for every contender in the same JVM: giambio
 * tasks waiting on an {@link Event} (issue 9's "waiting task") and in
 * {@link Giambio#sleepForever()}, Kotlin coroutines suspended in
 * {@code CompletableDeferred.await()} five suspend frames deep on {@code runBlocking}'s event
 * loop, raw continuations and virtual threads. Not a JMH benchmark (it measures bytes, not
 * time); run it with
 * {@code java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp benchmarks.jar giambio.bench.RetainedHeap [what...]}.
 *
 * <p>With {@code -Dretained.histogram=N} it also prints, for each contender, the N classes
 * with the most bytes in a {@code jcmd GC.class_histogram} taken while the tasks are parked
 * (per parked task), which is what says where the bytes are; the baton rows also print the
 * frames of one parked task (its virtual thread's stack). {@code -Dretained.depth=D} parks D
 * frames deep instead of five (the same depth for every contender).
 */
public final class RetainedHeap {

    private static final int TASKS = 20_000;
    private static final int DEPTH = Integer.getInteger("retained.depth", 5);
    private static final int REPEATS = 5;
    /** Runs thrown away first, so that the park path is compiled as in a long-running program. */
    private static final int WARMUPS = Integer.getInteger("retained.warmups", 2);

    private RetainedHeap() {
    }

    /**
     * Prints bytes per parked task for both kernels and the baselines.
     *
     * @param args the contenders to measure (default: all of them)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "retained heap per parked task, %d tasks %d frames deep, median of %d after %d warm-ups (min..max)%n",
                TASKS, DEPTH, REPEATS, WARMUPS);
        List<String> all = List.of("baton-event", "continuation-event", "kotlin-deferred", "baton-sleep",
                "continuation-sleep", "raw-continuation", "virtual-thread");
        for (String what : args.length == 0 ? all : List.of(args)) {
            long[] perTask = new long[WARMUPS + REPEATS];
            for (int r = 0; r < perTask.length; r++) {
                histogram = r == perTask.length - 1 ? HISTOGRAM : 0;
                perTask[r] = measure(what) / TASKS;
            }
            long[] kept = Arrays.copyOfRange(perTask, WARMUPS, perTask.length);
            Arrays.sort(kept);
            System.out.printf(Locale.ROOT, "%-18s %6d B  (%d..%d)%n", what, kept[kept.length / 2], kept[0],
                    kept[kept.length - 1]);
        }
    }

    /** Classes to print from the histogram of the current measurement; 0 for none. */
    private static final int HISTOGRAM = Integer.getInteger("retained.histogram", 0);
    private static int histogram;

    private static long measure(String what) throws Exception {
        return switch (what) {
            case "raw-continuation" -> rawContinuations();
            case "virtual-thread" -> virtualThreads();
            case "kotlin-deferred" -> kotlinDeferred();
            case "baton-event" -> giambio("baton", true);
            case "continuation-event" -> giambio("continuation", true);
            case "baton-sleep" -> giambio("baton", false);
            case "continuation-sleep" -> giambio("continuation", false);
            default -> throw new IllegalArgumentException("unknown contender '" + what + "'");
        };
    }

    private static long giambio(String kernel, boolean onEvent) throws Exception {
        long[] delta = new long[1];
        Giambio.run(RunOptions.builder().kernel(kernel).build(), () -> Giambio.createPool(pool -> {
            Event gate = new Event();
            long before = usedAfterGc();
            Task<?> first = null;
            for (int i = 0; i < TASKS; i++) {
                Task<?> t = pool.spawn(() -> deep(DEPTH, onEvent ? gate::await : Giambio::sleepForever));
                first = first == null ? t : first;
            }
            Giambio.checkpoint(); // every task runs to its park, then this body runs again
            delta[0] = usedAfterGc() - before;
            if (histogram > 0) {
                printHistogram(histogram);
                if (!first.stackTrace().isEmpty()) {
                    System.out.println("  frames of one parked task (" + first.stackTrace().size() + "):");
                    first.stackTrace().forEach(f -> System.out.println("    " + f));
                }
            }
            if (onEvent) {
                gate.set();
            } else {
                pool.cancel();
            }
        }));
        return delta[0];
    }

    private static long kotlinDeferred() {
        long[] before = new long[1];
        long[] delta = new long[1];
        KotlinPeers.parkedOnDeferred(TASKS, DEPTH, () -> before[0] = usedAfterGc(), () -> {
            delta[0] = usedAfterGc() - before[0];
            if (histogram > 0) {
                printHistogram(histogram);
            }
        });
        return delta[0];
    }

    /** Prints the classes with the most live bytes now, per parked task. */
    private static void printHistogram(int rows) {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            p.waitFor();
            System.out.printf(Locale.ROOT, "  %-60s %10s %10s%n", "class (top " + rows + " by bytes)", "per task", "B/task");
            int shown = 0;
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[0].endsWith(":")) {
                    continue;
                }
                long count = Long.parseLong(f[1]);
                long bytes = Long.parseLong(f[2]);
                System.out.printf(Locale.ROOT, "  %-60s %10.2f %10.1f%n", f[3], count / (double) TASKS,
                        bytes / (double) TASKS);
                if (++shown == rows) {
                    break;
                }
            }
        } catch (IOException | InterruptedException e) {
            System.out.println("  (no histogram: " + e + ")");
        }
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
