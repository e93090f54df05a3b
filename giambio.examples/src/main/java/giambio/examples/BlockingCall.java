package giambio.examples;

import giambio.api.Giambio;
import giambio.api.Threads;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The tutorial's "don't call a JDK blocking method in a task": the same two children, once
 * with {@code Thread.sleep} (which stalls the whole loop, so the children run one after the
 * other), once with {@code Giambio.sleep} (a checkpoint: they run together), and once with the
 * blocking call moved to another thread with {@code Threads.runInThread}.
 */
public final class BlockingCall {

    /** How a child waits. */
    public enum Wait {
        /** {@code Thread.sleep}: a JDK blocking call. Wrong in a task: the loop stalls. */
        JDK_SLEEP,
        /** {@code Giambio.sleep}: a checkpoint; the other tasks run meanwhile. */
        GIAMBIO_SLEEP,
        /** {@code Threads.runInThread(() -> Thread.sleep(...))}: the blocking call on another thread. */
        RUN_IN_THREAD
    }

    private BlockingCall() {
    }

    /**
     * Runs two children that each wait for {@code nap} the given way. Call it from a task.
     *
     * @param out  where to print
     * @param nap  how long each child waits
     * @param wait how it waits
     * @throws Exception if a child fails
     */
    public static void main(PrintStream out, Duration nap, Wait wait) throws Exception {
        Giambio.createPool(pool -> {
            for (String name : List.of("child 1", "child 2")) {
                pool.spawn(name, () -> {
                    out.println("[" + name + "] going to sleep");
                    switch (wait) {
                        case JDK_SLEEP -> Thread.sleep(nap.toMillis());       // blocks the loop!
                        case GIAMBIO_SLEEP -> Giambio.sleep(nap);             // a checkpoint
                        case RUN_IN_THREAD -> Threads.runInThread(() -> {     // a checkpoint too
                            Thread.sleep(nap.toMillis());                     // blocks only a worker thread
                            return null;
                        });
                    }
                    out.println("[" + name + "] woke up");
                });
            }
        });
    }

    /**
     * Runs the three variants, one second each, and says how long each took.
     *
     * @param args ignored
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        for (Wait wait : Wait.values()) {
            System.out.println("-- " + wait);
            double took = Giambio.run(() -> {
                double start = Giambio.clock();
                main(System.out, Duration.ofSeconds(1), wait);
                return Giambio.clock() - start;
            });
            System.out.printf(java.util.Locale.ROOT, "-- took %.1f seconds%n", took);
        }
    }
}
