package giambio.api;

/**
 * A task body, or any block of task code, that returns nothing and may throw.
 *
 * <p>Where both {@code Action} and {@link java.util.concurrent.Callable} overloads exist, a
 * lambda that returns a value picks the {@code Callable} one.
 */
@FunctionalInterface
public interface Action {

    /**
     * Runs the code.
     *
     * @throws Exception whatever the code throws; it reaches the caller unchanged
     */
    void run() throws Exception;
}
