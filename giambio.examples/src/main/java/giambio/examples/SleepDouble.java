package giambio.examples;

import giambio.api.Giambio;
import java.time.Duration;

/**
 * The seed's {@code sleep_double}: a task that sleeps twice as long as it is told.
 */
public final class SleepDouble {

    private SleepDouble() {
    }

    /**
     * Sleeps for {@code 2 * n}.
     *
     * @param n half the time to sleep
     * @return the seconds actually slept, on the loop clock
     */
    public static double sleepDouble(Duration n) {
        double start = Giambio.clock();
        Giambio.sleep(n.multipliedBy(2));
        return Giambio.clock() - start;
    }

    /**
     * Runs {@code sleepDouble(2 s)}: hangs for 4 seconds and returns.
     *
     * @param args optionally the value of {@code n} in seconds (default 2)
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        args = Demo.nonBlank(args);
        Duration n = Duration.ofMillis((long) (1000 * (args.length > 0 ? Double.parseDouble(args[0]) : 2)));
        double slept = Giambio.run(() -> sleepDouble(n));
        System.out.printf("Slept for %.2f seconds!%n", slept);
    }
}
