package giambio.examples;

import giambio.api.CancelScope;
import giambio.api.Giambio;
import giambio.api.KeyboardInterrupt;
import java.util.List;

/**
 * Ctrl+C in giambio: the signal cancels the whole loop, every task unwinds through its
 * {@code finally}, and {@link KeyboardInterrupt} comes out of {@code Giambio.run}.
 *
 * {@snippet lang=sh :
 * java -m giambio.examples/giambio.examples.CtrlC      # then press Ctrl+C
 * }
 *
 * <p>With the argument {@code stubborn}, one worker's cleanup waits forever in a shielded
 * scope: the first Ctrl+C cannot finish the loop, and a second one ends the JVM (status 130).
 */
public final class CtrlC {

    private CtrlC() {
    }

    /**
     * Runs two workers until Ctrl+C.
     *
     * @param args optionally {@code stubborn}
     * @throws Exception if the loop fails otherwise
     */
    public static void main(String[] args) throws Exception {
        boolean stubborn = List.of(Demo.nonBlank(args)).contains("stubborn");
        try {
            Giambio.run(() -> Giambio.createPool(pool -> {
                for (String name : List.of("worker-1", "worker-2")) {
                    pool.spawn(name, () -> {
                        try {
                            System.out.println(name + " working");
                            Giambio.sleepForever();
                        } finally {
                            System.out.println(name + " cleaning up");
                            if (stubborn && name.equals("worker-2")) {
                                CancelScope cleanup = CancelScope.create();
                                cleanup.setShield(true);   // the loop's cancellation cannot reach it
                                cleanup.run(Giambio::sleepForever);
                            }
                        }
                    });
                }
                Giambio.waitAllTasksBlocked();
                System.out.println("press Ctrl+C to stop");
            }));
        } catch (KeyboardInterrupt e) {
            System.out.println("Ctrl+C detected, exiting");
        }
    }
}
