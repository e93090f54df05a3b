package giambio.examples;

import giambio.api.Giambio;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The seed's "something actually useful": two children that each sleep 2 seconds, run
 * concurrently, so the whole program takes 2 seconds, not 4.
 */
public final class TwoChildren {

    private TwoChildren() {
    }

    /**
     * The seed's {@code main}: spawns both children into a pool and reports how long the pool
     * took. Call it from a task.
     *
     * @param out   where to print
     * @param nap   how long each child sleeps (the seed uses 2 seconds)
     * @return the seconds the pool took, on the loop clock
     * @throws Exception if a child fails
     */
    public static double main(PrintStream out, Duration nap) throws Exception {
        double start = Giambio.clock();
        Giambio.createPool(pool -> {
            pool.spawn("child", () -> {
                out.printf(java.util.Locale.ROOT, "[child] Child spawned!! Sleeping for %d seconds%n", nap.toSeconds());
                Giambio.sleep(nap);
                out.println("[child] Had a nice nap!");
            });
            pool.spawn("child1", () -> {
                out.printf(java.util.Locale.ROOT, "[child 1] Child spawned!! Sleeping for %d seconds%n", nap.toSeconds());
                Giambio.sleep(nap);
                out.println("[child 1] Had a nice nap!");
            });
            out.println("[main] Children spawned, awaiting completion");
        });
        double took = Giambio.clock() - start;
        out.printf(java.util.Locale.ROOT, "[main] Children execution complete in %.2f seconds%n", took);
        return took;
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        Giambio.run(() -> main(System.out, Duration.ofSeconds(2)));
    }
}
