package giambio.examples;

import giambio.api.Giambio;
import java.io.PrintStream;

/**
 * The tutorial's "sneak peek": tasks switch only at checkpoints. Two tasks count to three;
 * without checkpoints the first finishes before the second starts, with
 * {@code Giambio.checkpoint()} after each step they take turns.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * Runs the two counters. Call it from a task.
     *
     * @param out         where to print
     * @param checkpoints whether each counter calls {@code Giambio.checkpoint()} after each step
     * @throws Exception if a counter fails
     */
    public static void main(PrintStream out, boolean checkpoints) throws Exception {
        Giambio.createPool(pool -> {
            for (String name : new String[] {"a", "b"}) {
                pool.spawn(name, () -> {
                    for (int i = 1; i <= 3; i++) {
                        out.print(name + i + " ");
                        if (checkpoints) {
                            Giambio.checkpoint();   // lets the other task run
                        }
                    }
                });
            }
        });
        out.println();
    }

    /**
     * Prints both runs.
     *
     * @param args ignored
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        Giambio.run(() -> {
            System.out.print("without checkpoints: ");
            main(System.out, false);
            System.out.print("with checkpoints:    ");
            main(System.out, true);
        });
    }
}
