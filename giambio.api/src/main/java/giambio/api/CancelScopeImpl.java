package giambio.api;

import giambio.api.spi.Registration;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The one implementation of {@link CancelScope}.
 *
 * <p>Implementation overview: an active scope is also a node of the cancellation tree (after
 * trio's {@code CancelStatus}): every live task points at the innermost active scope it is
 * in, and active scopes form a tree that mirrors the nesting of scopes and pools. A scope is
 * <em>effectively cancelled</em> when it was cancelled, or when its parent is and it is not
 * shielded; when that flips to true, every task in the subtree gets a delivery attempt
 * ({@link TaskImpl#deliverCancel()}). Entering links the scope under the task's innermost
 * one; leaving unlinks it and restores that one. A finite deadline on an entered scope is a
 * kernel timer that cancels the scope. Loop-confined once entered.
 *
 * <p>Discussion: trio keeps the tree in separate {@code CancelStatus} objects so that a scope
 * can be re-entered; a giambio scope is entered exactly once, so its node is fields of the
 * scope itself, and the children and task sets are intrusive doubly-linked lists (O(1) add
 * and remove, no entry objects, insertion order kept). Spawning a task enters its own scope,
 * so this saves several objects per task.
 */
final class CancelScopeImpl implements CancelScope {

    /** The life cycle of a scope: entered exactly once. */
    private enum Phase { UNENTERED, ACTIVE, EXITED }

    /*
     * Discussion: every task enters a scope of its own, so a scope's size is paid by every
     * task, parked ones included (issue 9). The fields are packed to 64 bytes: the phase is
     * derived from loop and exited, the two timing objects that never coexist share one
     * field, and the reason and words of a cancellation (rare) travel in one object.
     */

    /** The loop of the entering task; null until entered (then the phase is UNENTERED). */
    private Loop loop;
    /** Set when the scope is left; never reset. */
    private boolean exited;
    private boolean cancelledCaught;
    private boolean shield;
    /** Absolute deadline in loop seconds; +inf for none; NaN while a relative timeout waits for entry. */
    private double deadline = Double.POSITIVE_INFINITY;
    /**
     * UNENTERED: the relative timeout to apply at entry (a {@link Duration}), or null. ACTIVE:
     * the armed deadline timer (a {@link Registration}) while the deadline is finite, or null.
     */
    private Object timing;
    /** Why and in what words the scope was cancelled; null until cancelled (cancelCalled). */
    private Cause cause;

    /** The reason and the words of a cancellation, reported through Cancelled. */
    private record Cause(CancelReason reason, String why) {
    }

    // ---- the cancellation tree; meaningful only while ACTIVE ------------------------------

    /** The entering task's innermost active scope at entry; null for the root task's scope. */
    CancelScopeImpl parent;
    /** Cached while ACTIVE: cancelCalled || (parent effectively cancelled && !shield). */
    boolean effectivelyCancelled;
    /** Active scopes entered directly inside this one, in entry order (linked through the siblings). */
    private CancelScopeImpl firstChild;
    private CancelScopeImpl lastChild;
    /** Neighbours in the parent's child list; null at the ends and while not linked. */
    private CancelScopeImpl prevSibling;
    private CancelScopeImpl nextSibling;
    /**
     * Tasks whose innermost active scope is this one, in arrival order (linked through
     * {@link TaskImpl#prevInScope} and {@link TaskImpl#nextInScope}).
     */
    private TaskImpl<?> firstTask;
    private TaskImpl<?> lastTask;

    CancelScopeImpl() {
    }

    // ---- public API ---------------------------------------------------------------------

    @Override
    public void run(Action body) throws Exception {
        Objects.requireNonNull(body, "body");
        Loop current = Loop.current("CancelScope.run");
        enterCall(current.currentTask(), body, null);
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
        return cause != null;
    }

    @Override
    public boolean cancelledCaught() {
        return cancelledCaught;
    }

    @Override
    public double deadline() {
        return pendingTimeout() != null ? Double.NaN : deadline;
    }

    @Override
    public void setDeadline(double deadline) {
        checkLoop("CancelScope.setDeadline");
        if (Double.isNaN(deadline) || deadline == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("CancelScope.setDeadline: the deadline must be a time on the loop clock or +Infinity, not " + deadline);
        }
        if (phase() == Phase.UNENTERED && pendingTimeout() != null) {
            throw new IllegalStateException("CancelScope.setDeadline: this scope already has a relative timeout (" + pendingTimeout()
                    + "); give either an absolute deadline or a relative timeout, not both");
        }
        this.deadline = deadline;
        if (phase() == Phase.ACTIVE) {
            rearm();
        }
    }

    @Override
    public void setTimeout(Duration timeout) {
        checkLoop("CancelScope.setTimeout");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("CancelScope.setTimeout: the timeout must not be negative: " + timeout);
        }
        if (phase() == Phase.UNENTERED) {
            if (deadline != Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("CancelScope.setTimeout: this scope already has an absolute deadline (" + deadline
                        + "); give either an absolute deadline or a relative timeout, not both");
            }
            timing = timeout;
            return;
        }
        this.deadline = Loop.toSeconds(Loop.plusNanos(loop.kernel.nanoTime(), timeout));
        if (phase() == Phase.ACTIVE) {
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
        if (phase() == Phase.ACTIVE) {
            recalculate();
        }
    }

    @Override
    public String toString() {
        return "CancelScope[" + phase().name().toLowerCase(java.util.Locale.ROOT)
                + (cause != null ? ", cancelled (" + cause.why() + ")" : "")
                + (deadline != Double.POSITIVE_INFINITY ? ", deadline=" + deadline() : "")
                + (shield ? ", shielded" : "") + "]";
    }

    // ---- internals used by pools, tasks and timeouts ------------------------------------

    CancelReason reason() {
        return cause == null ? null : cause.reason();
    }

    String why() {
        return cause == null ? null : cause.why();
    }

    /** Cancels with a reason; idempotent (the first reason wins). */
    void cancel(CancelReason reason, String why) {
        if (cause != null) {
            return;
        }
        cause = new Cause(reason, why);
        cancelTimer();
        if (phase() == Phase.ACTIVE) {
            recalculate();
        }
    }

    /** Enters for {@code task}, runs the body, leaves; returns null when cancelled and caught. */
    <T> T enterCall(TaskImpl<?> task, Callable<T> body) throws Exception {
        return enterCall(task, null, body);
    }

    /**
     * Enters for {@code task}, runs exactly one of {@code action} and {@code callable},
     * leaves; returns the callable's value, or null for an action or when cancelled and caught.
     */
    <T> T enterCall(TaskImpl<?> task, Action action, Callable<T> callable) throws Exception {
        enter(task);
        T value = null;
        Throwable failure = null;
        try {
            if (action != null) {
                action.run();
            } else {
                value = callable.call();
            }
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
        if (phase() != Phase.UNENTERED) {
            throw new IllegalStateException("CancelScope.run/call: a cancel scope can be entered only once; this one is " + phase());
        }
        loop = task.loop;
        if (timing instanceof Duration pendingTimeout) {
            deadline = Loop.toSeconds(Loop.plusNanos(loop.kernel.nanoTime(), pendingTimeout));
            timing = null;
        }
        CancelScopeImpl outer = task.cancelScope;
        parent = outer;
        if (outer != null) {
            outer.linkChild(this);
            outer.removeTask(task);
        }
        effectivelyCancelled = cause != null || parentCancellationIsVisible();
        addTask(task);
        rearm();
    }

    /**
     * Leaves the scope for {@code task}; returns what must propagate: the failure, or null
     * if it was this scope's own cancellation.
     */
    Throwable exit(TaskImpl<?> task, Throwable failure) {
        if (phase() != Phase.ACTIVE || task.cancelScope != this) {
            throw new GiambioInternalError("cancel scope left out of order by task '" + task.name() + "'");
        }
        Throwable escaping = failure;
        if (failure instanceof Cancelled cancelled && effectivelyCancelled && !parentCancellationIsVisible()) {
            cancelledCaught = true;
            task.caughtCancel(cancelled);
            escaping = firstSuppressed(cancelled);
        }
        cancelTimer();
        removeTask(task);
        if (firstTask != null || firstChild != null) {
            throw new GiambioInternalError("cancel scope closed while tasks or scopes are still inside it");
        }
        CancelScopeImpl outer = parent;
        exited = true;
        if (outer != null) {
            outer.unlinkChild(this);
            outer.addTask(task);
        }
        parent = null;
        return escaping;
    }

    /**
     * Moves this active scope from under {@code from} (its parent) to under {@code to}, and
     * delivers a cancellation that the move makes visible; for {@link TaskPool#start}.
     */
    void reparent(CancelScopeImpl from, CancelScopeImpl to) {
        if (phase() != Phase.ACTIVE || parent != from) {
            throw new GiambioInternalError("cancel scope moved from a scope it is not in");
        }
        from.unlinkChild(this);
        to.linkChild(this);
        parent = to;
        recalculate();
    }

    /** Tells whether this scope is active, that is, a node of the cancellation tree. */
    boolean isActive() {
        return phase() == Phase.ACTIVE;
    }

    /** Tells whether the parent's cancellation reaches this scope. */
    boolean parentCancellationIsVisible() {
        return parent != null && !shield && parent.effectivelyCancelled;
    }

    /** Makes this active scope the innermost one of {@code task}, appending it to the task list. */
    void addTask(TaskImpl<?> task) {
        task.cancelScope = this;
        task.prevInScope = lastTask;
        task.nextInScope = null;
        if (lastTask == null) {
            firstTask = task;
        } else {
            lastTask.nextInScope = task;
        }
        lastTask = task;
    }

    /** Removes {@code task}, whose innermost scope this must be, from the task list. */
    void removeTask(TaskImpl<?> task) {
        if (task.cancelScope != this || (task.prevInScope == null && firstTask != task)) {
            throw new GiambioInternalError("task '" + task.name() + "' is not in the cancel scope it points to");
        }
        TaskImpl<?> prev = task.prevInScope;
        TaskImpl<?> next = task.nextInScope;
        if (prev == null) {
            firstTask = next;
        } else {
            prev.nextInScope = next;
        }
        if (next == null) {
            lastTask = prev;
        } else {
            next.prevInScope = prev;
        }
        task.prevInScope = null;
        task.nextInScope = null;
        task.cancelScope = null;
    }

    private void linkChild(CancelScopeImpl child) {
        child.prevSibling = lastChild;
        child.nextSibling = null;
        if (lastChild == null) {
            firstChild = child;
        } else {
            lastChild.nextSibling = child;
        }
        lastChild = child;
    }

    private void unlinkChild(CancelScopeImpl child) {
        CancelScopeImpl prev = child.prevSibling;
        CancelScopeImpl next = child.nextSibling;
        if (prev == null) {
            firstChild = next;
        } else {
            prev.nextSibling = next;
        }
        if (next == null) {
            lastChild = prev;
        } else {
            next.prevSibling = prev;
        }
        child.prevSibling = null;
        child.nextSibling = null;
    }

    /**
     * Recomputes the cached flag of this active scope after a cancel or shield change, and
     * delivers: to its tasks first, then to the child scopes, each in arrival order.
     *
     * <p>Discussion: delivery runs kernel abort callbacks; they only take the parked task
     * off whatever it waits on and never enter or leave a scope (the task is not running),
     * so the lists do not change under the walk. The next link is still read before each
     * delivery so that even the current node leaving would be safe.
     */
    private void recalculate() {
        boolean now = cause != null || parentCancellationIsVisible();
        if (now == effectivelyCancelled) {
            return;
        }
        effectivelyCancelled = now;
        if (now) {
            for (TaskImpl<?> t = firstTask, next; t != null; t = next) {
                next = t.nextInScope;
                t.deliverCancel();
            }
        }
        for (CancelScopeImpl c = firstChild, next; c != null; c = next) {
            next = c.nextSibling;
            c.recalculate();
        }
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
        cancelTimer();
        if (cause != null || deadline == Double.POSITIVE_INFINITY) {
            return;
        }
        long at = Loop.toNanos(deadline);
        double seconds = deadline;
        if (at <= loop.kernel.nanoTime()) {
            cancel(CancelReason.DEADLINE, "deadline " + Loop.formatSeconds(seconds) + " passed");
            return;
        }
        timing = loop.kernel.callAt(at, () -> {
            timing = null;
            cancel(CancelReason.DEADLINE, "deadline " + Loop.formatSeconds(seconds) + " passed");
        });
    }

    /** The phase, derived (see the Discussion at the fields). */
    private Phase phase() {
        return loop == null ? Phase.UNENTERED : exited ? Phase.EXITED : Phase.ACTIVE;
    }

    /** The relative timeout waiting for entry, or null. */
    private Duration pendingTimeout() {
        return loop == null && timing instanceof Duration d ? d : null;
    }

    /** Withdraws the armed deadline timer, if any. */
    private void cancelTimer() {
        if (timing instanceof Registration timer) {
            timer.cancel();
            timing = null;
        }
    }

    private void checkLoop(String what) {
        if (loop != null) {
            loop.checkConfined(what);
        }
    }
}
