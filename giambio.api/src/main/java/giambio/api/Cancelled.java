package giambio.api;

import java.util.Objects;

/**
 * Thrown at a checkpoint inside a cancelled scope: the task is being cancelled.
 *
 * <p>{@code Cancelled} is an {@link Error}, like the JDK's old {@code ThreadDeath}, so that
 * {@code catch (Exception e)} does not swallow it: a cancelled task cannot get stuck in a
 * catch-log-continue loop. Cancellation is level-triggered: every checkpoint inside the
 * cancelled scope throws a new {@code Cancelled} until the code leaves the scope, where the
 * scope that caused it catches it. Let it propagate; clean up in {@code finally} blocks.
 *
 * <p>Instances are made only by giambio. {@link #reason()} says why the scope was cancelled.
 */
public final class Cancelled extends Error {
    private static final long serialVersionUID = 1L;

    /** Why the responsible scope was cancelled. */
    private final transient CancelReason reason;

    Cancelled(String message, CancelReason reason) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns why the scope responsible for this cancellation was cancelled.
     *
     * @return the reason
     */
    public CancelReason reason() {
        return reason;
    }
}
