package giambio.examples;

import giambio.api.Giambio;
import java.io.PrintStream;
import java.time.Duration;

/**
 * An exception raised in a child reaches the caller of {@code run}: the sibling is cancelled,
 * the pool waits for it, and the very same exception object comes out.
 */
public final class ChildError {

    private ChildError() {
    }

    /**
     * Spawns a sleeper and a child that fails after a second. Call it from a task.
     *
     * @param out where to print
     * @throws Exception always: the child's {@link IllegalStateException}
     */
    public static void main(PrintStream out) throws Exception {
        Giambio.createPool(pool -> {
            pool.spawn("sleeper", () -> {
                try {
                    Giambio.sleep(Duration.ofSeconds(10));
                } finally {
                    out.println("[sleeper] cancelled after " + String.format(java.util.Locale.ROOT, "%.2f", Giambio.clock()) + " s");
                }
            });
            pool.spawn("failing", () -> {
                Giambio.sleep(Duration.ofSeconds(1));
                throw new IllegalStateException("the child failed");
            });
        });
    }

    /**
     * Runs the example and prints what reached the caller.
     *
     * @param args ignored
     * @throws Exception if the loop fails in an unexpected way
     */
    public static void main(String[] args) throws Exception {
        try {
            Giambio.run(() -> main(System.out));
        } catch (IllegalStateException e) {
            System.out.println("[caller] caught: " + e.getMessage());
        }
    }
}
