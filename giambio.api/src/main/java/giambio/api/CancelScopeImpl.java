package giambio.api;

import giambio.api.spi.Registration;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The one implementation of {@link CancelScope}.
 *
 * <p>Implementation overview: a scope is entered once by one task, which gets a new
 * {@link CancelStatus} under its current one; leaving restores the previous status. A finite
 * deadline on an entered scope is a kernel timer that cancels the scope. Loop-confined once
 * entered.
 */
final class CancelScopeImpl implements CancelScope {

    /** The life cycle of a scope: entered exactly once. */
    private enum Phase { UNENTERED, ACTIVE, EXITED }

    private Phase phase = Phase.UNENTERED;
    /** The loop of the entering task; null until entered. */
    private Loop loop;
    /** Non-null exactly while ACTIVE. */
    private CancelStatus status;
    private boolean cancelCalled;
    private boolean cancelledCaught;
    private boolean shield;
    /** Absolute deadline in loop seconds; +inf for none; NaN while a relative timeout waits for entry. */
    private double deadline = Double.POSITIVE_INFINITY;
    /** Relative timeout to apply at entry, or null. */
    private Duration pendingTimeout;
    /** The armed deadline timer while ACTIVE with a finite deadline, else null. */
    private Registration deadlineTimer;
    /** Why the scope was cancelled (set with cancelCalled); reported through Cancelled. */
    private CancelReason reason;
    /** Words for the Cancelled message, set with cancelCalled. */
    private String why;
    CancelScopeImpl() {
    }

    // ---- public API ---------------------------------------------------------------------

    @Override
    public void run(Action body) throws Exception {
        Objects.requireNonNull(body, "body");
        Loop current = Loop.current("CancelScope.run");
        enterCall(current.currentTask(), () -> {
            body.run();
            return null;
        });
    }

    @Override
    public <T> Optional<T> call(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        Loop current = Loop.current("CancelScope.call");
        return Optional.ofNullable(enterCall(current.currentTask(), body));
    }

    @Override
    public void cancel() {
        checkLoop("CancelScope.cancel");
        cancel(CancelReason.EXPLICIT, "cancel() was called");
    }

    @Override
    public boolean cancelCalled() {
        return cancelCalled;
    }

    @Override
    public boolean cancelledCaught() {
        return cancelledCaught;
    }

    @Override
    public double deadline() {
        return pendingTimeout != null ? Double.NaN : deadline;
    }

    @Override
    public void setDeadline(double deadline) {
        checkLoop("CancelScope.setDeadline");
        if (Double.isNaN(deadline) || deadline == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("deadline must be a time on the loop clock or +Infinity, not " + deadline);
        }
        if (phase == Phase.UNENTERED && pendingTimeout != null) {
            throw new IllegalStateException("this scope already has a relative timeout (" + pendingTimeout
                    + "); give either an absolute deadline or a relative timeout, not both");
        }
        this.deadline = deadline;
        if (phase == Phase.ACTIVE) {
            rearm();
        }
    }

    @Override
    public void setTimeout(Duration timeout) {
        checkLoop("CancelScope.setTimeout");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (phase == Phase.UNENTERED) {
            if (deadline != Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("this scope already has an absolute deadline (" + deadline
                        + "); give either an absolute deadline or a relative timeout, not both");
            }
            pendingTimeout = timeout;
            return;
        }
        this.deadline = Loop.toSeconds(Loop.plusNanos(loop.kernel.nanoTime(), timeout));
        if (phase == Phase.ACTIVE) {
            rearm();
        }
    }

    @Override
    public boolean shield() {
        return shield;
    }

    @Override
    public void setShield(boolean shield) {
        checkLoop("CancelScope.setShield");
        if (this.shield == shield) {
            return;
        }
        this.shield = shield;
        if (phase == Phase.ACTIVE) {
            status.recalculate();
        }
    }

    @Override
    public String toString() {
        return "CancelScope[" + phase.name().toLowerCase(java.util.Locale.ROOT)
                + (cancelCalled ? ", cancelled (" + why + ")" : "")
                + (deadline != Double.POSITIVE_INFINITY ? ", deadline=" + deadline() : "")
                + (shield ? ", shielded" : "") + "]";
    }

    // ---- internals used by pools, tasks and timeouts ------------------------------------

    CancelReason reason() {
        return reason;
    }

    String why() {
        return why;
    }

    /** Cancels with a reason; idempotent (the first reason wins). */
    void cancel(CancelReason reason, String why) {
        if (cancelCalled) {
            return;
        }
        cancelCalled = true;
        this.reason = reason;
        this.why = why;
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
            deadlineTimer = null;
        }
        if (phase == Phase.ACTIVE) {
            status.recalculate();
        }
    }

    /** Enters for {@code task}, runs the body, leaves; returns null when cancelled and caught. */
    <T> T enterCall(TaskImpl<?> task, Callable<T> body) throws Exception {
        enter(task);
        T value = null;
        Throwable failure = null;
        try {
            value = body.call();
        } catch (Throwable t) {
            failure = t;
        }
        Throwable escaping = exit(task, failure);
        if (escaping != null) {
            throw Loop.asThrowable(escaping);
        }
        return failure == null ? value : null;
    }

    void enter(TaskImpl<?> task) {
        if (phase != Phase.UNENTERED) {
            throw new IllegalStateException("a cancel scope can be entered only once; this one is " + phase);
        }
        loop = task.loop;
        phase = Phase.ACTIVE;
        if (pendingTimeout != null) {
            deadline = Loop.toSeconds(Loop.plusNanos(loop.kernel.nanoTime(), pendingTimeout));
            pendingTimeout = null;
        }
        CancelStatus outer = task.cancelStatus;
        status = new CancelStatus(this, outer);
        if (outer != null) {
            outer.removeTask(task);
        }
        status.addTask(task);
        task.cancelStatus = status;
        rearm();
    }

    /**
     * Leaves the scope for {@code task}; returns what must propagate: the failure, or null
     * if it was this scope's own cancellation.
     */
    Throwable exit(TaskImpl<?> task, Throwable failure) {
        if (phase != Phase.ACTIVE || task.cancelStatus != status) {
            throw new GiambioInternalError("cancel scope left out of order by task '" + task.name() + "'");
        }
        Throwable escaping = failure;
        if (failure instanceof Cancelled cancelled && status.effectivelyCancelled
                && !status.parentCancellationIsVisible()) {
            cancelledCaught = true;
            task.caughtCancel(cancelled);
            escaping = firstSuppressed(cancelled);
        }
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
            deadlineTimer = null;
        }
        status.removeTask(task);
        CancelStatus outer = status.parent;
        status.close();
        task.cancelStatus = outer;
        if (outer != null) {
            outer.addTask(task);
        }
        status = null;
        phase = Phase.EXITED;
        return escaping;
    }

    /** The status while the scope is active; null otherwise. */
    CancelStatus status() {
        return status;
    }

    /**
     * Discussion: a {@code Cancelled} that this scope swallows may carry exceptions that
     * cleanup code threw while it propagated (try-with-resources attaches them as
     * suppressed). Swallowing those would lose them, so the first one escapes instead, with
     * the rest attached to it.
     */
    private static Throwable firstSuppressed(Cancelled cancelled) {
        Throwable[] suppressed = cancelled.getSuppressed();
        if (suppressed.length == 0) {
            return null;
        }
        Throwable first = suppressed[0];
        for (int i = 1; i < suppressed.length; i++) {
            if (suppressed[i] != first) {
                first.addSuppressed(suppressed[i]);
            }
        }
        return first;
    }

    private void rearm() {
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
            deadlineTimer = null;
        }
        if (cancelCalled || deadline == Double.POSITIVE_INFINITY) {
            return;
        }
        long at = Loop.toNanos(deadline);
        double seconds = deadline;
        if (at <= loop.kernel.nanoTime()) {
            cancel(CancelReason.DEADLINE, "deadline " + Loop.formatSeconds(seconds) + " passed");
            return;
        }
        deadlineTimer = loop.kernel.callAt(at, () -> {
            deadlineTimer = null;
            cancel(CancelReason.DEADLINE, "deadline " + Loop.formatSeconds(seconds) + " passed");
        });
    }

    private void checkLoop(String what) {
        if (loop != null) {
            loop.checkConfined(what);
        }
    }
}
