package giambio.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;

/**
 * The node of the cancellation tree for one entered {@link CancelScopeImpl} (after trio's
 * {@code CancelStatus}).
 *
 * <p>Implementation overview: every live task points at the innermost status it is in;
 * statuses form a tree that mirrors the nesting of scopes and pools. A status is
 * <em>effectively cancelled</em> when its scope was cancelled, or when its parent is and its
 * scope is not shielded. When that flips to true, every task in the subtree gets a delivery
 * attempt ({@link TaskImpl#deliverCancel()}). All fields are loop-confined.
 */
final class CancelStatus {

    /** The scope this status belongs to; never null. */
    final CancelScopeImpl scope;
    /** The enclosing status, or null for the root task's scope. */
    final CancelStatus parent;
    /** Statuses of scopes entered directly inside this one; null until the first. */
    private LinkedHashSet<CancelStatus> children;
    /** Tasks whose innermost status is this one; null until the first. */
    private LinkedHashSet<TaskImpl<?>> tasks;
    /** Cached: scope.cancelCalled || (parent effectively cancelled && !scope.shield). */
    boolean effectivelyCancelled;

    CancelStatus(CancelScopeImpl scope, CancelStatus parent) {
        this.scope = scope;
        this.parent = parent;
        if (parent != null) {
            if (parent.children == null) {
                parent.children = new LinkedHashSet<>();
            }
            parent.children.add(this);
        }
        this.effectivelyCancelled = scope.cancelCalled() || parentCancellationIsVisible();
    }

    /** Tells whether the parent's cancellation reaches this status. */
    boolean parentCancellationIsVisible() {
        return parent != null && !scope.shield() && parent.effectivelyCancelled;
    }

    void addTask(TaskImpl<?> task) {
        if (tasks == null) {
            tasks = new LinkedHashSet<>();
        }
        tasks.add(task);
    }

    void removeTask(TaskImpl<?> task) {
        if (tasks == null || !tasks.remove(task)) {
            throw new GiambioInternalError("task '" + task.name() + "' is not in the cancel status it points to");
        }
    }

    /** Recomputes the cached flag after a cancel or shield change, and delivers. */
    void recalculate() {
        boolean now = scope.cancelCalled() || parentCancellationIsVisible();
        if (now == effectivelyCancelled) {
            return;
        }
        effectivelyCancelled = now;
        if (now && tasks != null) {
            // Discussion: delivery runs abort callbacks, which never touch this set, but a
            // snapshot keeps the iteration safe whatever a future primitive does.
            for (TaskImpl<?> task : new ArrayList<>(tasks)) {
                task.deliverCancel();
            }
        }
        if (children != null) {
            for (CancelStatus child : new ArrayList<>(children)) {
                child.recalculate();
            }
        }
    }

    /** Unlinks this status from its parent; it must be empty. */
    void close() {
        if ((tasks != null && !tasks.isEmpty()) || (children != null && !children.isEmpty())) {
            throw new GiambioInternalError("cancel scope closed while tasks or scopes are still inside it");
        }
        if (parent != null) {
            parent.children.remove(this);
        }
    }
}
