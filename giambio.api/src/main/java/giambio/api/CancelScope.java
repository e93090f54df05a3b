package giambio.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A region of task code that can be cancelled as a unit, by a call or by a deadline.
 *
 * <p>A scope is created unentered, may be configured, and is then entered exactly once with
 * {@link #run(Action)} or {@link #call(Callable)}. While the body runs, {@link #cancel()}
 * (from any task of the loop) or the passing of the {@linkplain #deadline() deadline} makes
 * every checkpoint inside the scope throw {@link Cancelled}, again and again, until the body
 * has left the scope; the scope then catches that {@code Cancelled} and returns normally. It
 * catches only the cancellation it caused: every other exception, and a {@code Cancelled}
 * that belongs to an enclosing scope, passes through.
 *
 * {@snippet file="giambio/examples/JavadocSnippets.java" region="cancel-scope"}
 *
 * <h2>Deadlines</h2>
 * A deadline is absolute, in seconds on the loop clock ({@link Giambio#clock()});
 * {@link Double#POSITIVE_INFINITY} means none. {@link #setTimeout(Duration)} sets it relative
 * to now, or, on an unentered scope, relative to the moment it is entered. Deadlines can be
 * changed while the body runs and take effect at once.
 *
 * <h2>Shielding</h2>
 * A {@linkplain #setShield(boolean) shielded} scope does not see the cancellation of
 * enclosing scopes; its own {@link #cancel()} and deadline still work.
 */
public sealed interface CancelScope permits CancelScopeImpl {

    /**
     * Creates an unentered scope with no deadline and no shield. Allowed outside a loop.
     *
     * @return a new scope
     */
    static CancelScope create() {
        return new CancelScopeImpl();
    }

    /**
     * Enters the scope, runs {@code body} and leaves the scope.
     *
     * @param body the code to run inside the scope
     * @throws Exception             whatever the body throws, except the {@link Cancelled}
     *                               this scope caused
     * @throws IllegalStateException if the scope was already entered
     */
    void run(Action body) throws Exception;

    /**
     * Enters the scope, runs {@code body} and leaves the scope, keeping the body's result.
     *
     * @param <T>  the result type
     * @param body the code to run inside the scope
     * @return the body's result, or empty if this scope cancelled it (or it returned null)
     * @throws Exception             whatever the body throws, except the {@link Cancelled}
     *                               this scope caused
     * @throws IllegalStateException if the scope was already entered
     */
    <T> Optional<T> call(Callable<T> body) throws Exception;

    /**
     * Cancels the scope. Idempotent; allowed before, during and after the body runs.
     */
    void cancel();

    /**
     * Tells whether {@link #cancel()} was called or the deadline passed.
     *
     * @return {@code true} once the scope is cancelled
     */
    boolean cancelCalled();

    /**
     * Tells whether this scope caught a {@link Cancelled} when its body ended.
     *
     * @return {@code true} if the body was cut short by this scope's cancellation
     */
    boolean cancelledCaught();

    /**
     * Returns the absolute deadline.
     *
     * @return seconds on the loop clock, {@link Double#POSITIVE_INFINITY} for none; for an
     *         unentered scope with a relative timeout, {@link Double#NaN} until it is entered
     */
    double deadline();

    /**
     * Sets the absolute deadline; takes effect at once on an entered scope.
     *
     * @param deadline seconds on the loop clock, {@link Double#POSITIVE_INFINITY} for none;
     *                 a deadline in the past cancels the scope at once
     * @throws IllegalArgumentException if {@code deadline} is NaN or negative infinity
     * @throws IllegalStateException    if an unentered scope already has a relative timeout
     */
    void setDeadline(double deadline);

    /**
     * Sets the deadline relative to now, or, on an unentered scope, to when it is entered.
     *
     * @param timeout how long the body may run
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if an unentered scope already has an absolute deadline
     */
    void setTimeout(Duration timeout);

    /**
     * Tells whether the scope is shielded.
     *
     * @return {@code true} if cancellation of enclosing scopes does not reach this scope
     */
    boolean shield();

    /**
     * Shields the scope from (or exposes it to) the cancellation of enclosing scopes; takes
     * effect at once.
     *
     * @param shield whether to shield
     */
    void setShield(boolean shield);
}
