package giambio.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

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
    /** Statuses of scopes entered directly inside this one. */
    private final SmallSet<CancelStatus> children = new SmallSet<>();
    /** Tasks whose innermost status is this one. */
    private final SmallSet<TaskImpl<?>> tasks = new SmallSet<>();
    /** Cached: scope.cancelCalled || (parent effectively cancelled && !scope.shield). */
    boolean effectivelyCancelled;

    CancelStatus(CancelScopeImpl scope, CancelStatus parent) {
        this.scope = scope;
        this.parent = parent;
        if (parent != null) {
            parent.children.add(this);
        }
        this.effectivelyCancelled = scope.cancelCalled() || parentCancellationIsVisible();
    }

    /** Tells whether the parent's cancellation reaches this status. */
    boolean parentCancellationIsVisible() {
        return parent != null && !scope.shield() && parent.effectivelyCancelled;
    }

    void addTask(TaskImpl<?> task) {
        tasks.add(task);
    }

    void removeTask(TaskImpl<?> task) {
        if (!tasks.remove(task)) {
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
        if (now) {
            // Discussion: delivery runs abort callbacks, which never touch this set, but a
            // snapshot keeps the iteration safe whatever a future primitive does.
            for (TaskImpl<?> task : tasks.snapshot()) {
                task.deliverCancel();
            }
        }
        for (CancelStatus child : children.snapshot()) {
            child.recalculate();
        }
    }

    /** Unlinks this status from its parent; it must be empty. */
    void close() {
        if (!tasks.isEmpty() || !children.isEmpty()) {
            throw new GiambioInternalError("cancel scope closed while tasks or scopes are still inside it");
        }
        if (parent != null) {
            parent.children.remove(this);
        }
    }

    /**
     * An insertion-ordered set that holds its first element inline. Most statuses hold one
     * task (a task's own scope) and few children, so this saves a hash set per task.
     */
    private static final class SmallSet<E> {
        /** The only element while {@code many} is null. */
        private E one;
        /** All elements once a second one arrived; null before. */
        private LinkedHashSet<E> many;

        void add(E e) {
            if (many != null) {
                many.add(e);
            } else if (one == null || one == e) {
                one = e;
            } else {
                many = new LinkedHashSet<>();
                many.add(one);
                many.add(e);
                one = null;
            }
        }

        boolean remove(E e) {
            if (many != null) {
                return many.remove(e);
            }
            if (one == e && e != null) {
                one = null;
                return true;
            }
            return false;
        }

        boolean isEmpty() {
            return many != null ? many.isEmpty() : one == null;
        }

        List<E> snapshot() {
            if (many != null) {
                return new ArrayList<>(many);
            }
            return one == null ? List.of() : List.of(one);
        }
    }
}
