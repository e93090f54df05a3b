package giambio.api;

import giambio.api.spi.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The one implementation of {@link TaskPool} (trio's nursery).
 *
 * <p>Implementation overview: the pool enters its own cancel scope around the body and its
 * children. Failures are collected as they happen: the first one that is not a
 * {@link Cancelled} cancels the scope and is the one rethrown; later ones are attached to it
 * as suppressed. After the body, the owner parks until the last child has finished; that wait
 * cannot be aborted (children must be waited for), but a cancellation seen meanwhile is
 * remembered and rethrown. Loop-confined.
 */
final class PoolImpl implements TaskPool {

    final Loop loop;
    /** The task that opened the pool and runs its body. */
    private final TaskImpl<?> owner;
    private final CancelScopeImpl scope = new CancelScopeImpl();
    /**
     * Live children in spawn order (for dumps), linked through {@link TaskImpl#prevInPool}
     * and {@link TaskImpl#nextInPool}; empty once closed. An intrusive list: no entry object
     * per spawned task.
     */
    private TaskImpl<?> firstChild;
    private TaskImpl<?> lastChild;
    /** The length of the child list. */
    private int childCount;
    /** The life of a pool. */
    private enum Phase {
        /** The body runs; tasks may be spawned. */
        BODY,
        /** The body has finished; the owner is parked until the last child finishes. */
        WAITING,
        /** The last child finished and the owner was rescheduled; it re-checks (children may have spawned more). */
        WOKEN,
        /** The body and every child have finished; nothing can be spawned any more. */
        CLOSED
    }

    /** BODY, then WAITING and WOKEN in turn while children remain, then CLOSED for good. */
    private Phase phase = Phase.BODY;
    /** The first failure that is not a Cancelled; the one rethrown. */
    private Throwable firstFailure;
    /** The first Cancelled seen; rethrown only if nothing else failed. */
    private Cancelled firstCancelled;
    /** A cancellation reached the owner while it waited. */
    private boolean ownerSawCancel;

    PoolImpl(Loop loop, TaskImpl<?> owner) {
        this.loop = loop;
        this.owner = owner;
    }

    /** Runs the pool: body, wait for the children, rethrow. */
    void run(PoolBody body) throws Exception {
        scope.enter(owner);
        owner.poolOpened(this);
        try {
            try {
                body.run(this);
            } catch (Throwable t) {
                addFailure(t, "the body of the pool of task '" + owner.name() + "'");
            }
            while (childCount > 0) {
                phase = Phase.WAITING;
                // Discussion: the abort always fails, so this park never throws Cancelled:
                // children must be waited for; a cancellation seen meanwhile is remembered.
                loop.park(owner, () -> {
                    ownerSawCancel = true;
                    return false;
                });
            }
        } finally {
            owner.poolClosed(this);
        }
        phase = Phase.CLOSED;
        Throwable outcome = firstFailure;
        if (outcome == null) {
            outcome = firstCancelled != null ? firstCancelled : ownerSawCancel ? owner.newCancelled() : null;
        }
        Throwable escaping = scope.exit(owner, outcome);
        if (escaping != null) {
            throw Loop.asThrowable(escaping);
        }
    }

    @Override
    public Task<Void> spawn(Action body) {
        Objects.requireNonNull(body, "body");
        return start(null, body, null);
    }

    @Override
    public <T> Task<T> spawn(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return start(null, null, body);
    }

    @Override
    public Task<Void> spawn(String name, Action body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return start(name, body, null);
    }

    @Override
    public <T> Task<T> spawn(String name, Callable<T> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return start(name, null, body);
    }

    @Override
    public void cancel() {
        loop.checkConfined("TaskPool.cancel");
        scope.cancel(CancelReason.EXPLICIT, "its pool was cancelled by cancel()");
    }

    @Override
    public CancelScope cancelScope() {
        return scope;
    }

    @Override
    public boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    @Override
    public String toString() {
        return "TaskPool[owner='" + owner.name() + "', " + childCount + " running"
                + (phase == Phase.CLOSED ? ", closed" : "") + "]";
    }

    /** A snapshot of the live children, in spawn order. */
    List<TaskImpl<?>> children() {
        List<TaskImpl<?>> list = new ArrayList<>(childCount);
        for (TaskImpl<?> t = firstChild; t != null; t = t.nextInPool) {
            list.add(t);
        }
        return list;
    }

    /** Spawns a child running exactly one of {@code action} and {@code callable}; a null name means "task-" + id. */
    private <T> Task<T> start(String name, Action action, Callable<T> callable) {
        loop.checkConfined("TaskPool.spawn");
        if (phase == Phase.CLOSED) {
            throw new IllegalStateException("cannot spawn into a closed pool: its body and all its tasks have "
                    + "finished (spawn into a pool whose createPool call is still running)");
        }
        long id = loop.nextTaskId();
        TaskImpl<T> task = new TaskImpl<>(loop, id, name, owner, this, action, callable);
        scope.addTask(task);
        task.prevInPool = lastChild;
        if (lastChild == null) {
            firstChild = task;
        } else {
            lastChild.nextInPool = task;
        }
        lastChild = task;
        childCount++;
        task.ktask = loop.kernel.spawn(task, task::runBody);
        loop.taskSpawned(task);
        return task;
    }

    /** Called by a child's {@code finish}, on the loop. */
    void childFinished(TaskImpl<?> child, Throwable failure) {
        TaskImpl<?> prev = child.prevInPool;
        TaskImpl<?> next = child.nextInPool;
        if (prev == null) {
            firstChild = next;
        } else {
            prev.nextInPool = next;
        }
        if (next == null) {
            lastChild = prev;
        } else {
            next.prevInPool = prev;
        }
        child.prevInPool = null;
        child.nextInPool = null;
        childCount--;
        if (failure != null) {
            addFailure(failure, "task '" + child.name() + "'");
        }
        if (childCount == 0 && phase == Phase.WAITING) {
            phase = Phase.WOKEN;
            loop.kernel.reschedule(owner.ktask, Outcome.NONE);
        }
    }

    private void addFailure(Throwable failure, String who) {
        if (failure instanceof Cancelled c) {
            if (firstCancelled == null) {
                firstCancelled = c;
            }
            return;
        }
        if (firstFailure == null) {
            firstFailure = failure;
            scope.cancel(CancelReason.FAILURE, who + " failed with " + failure);
        } else if (failure != firstFailure) {
            firstFailure.addSuppressed(failure);
        }
    }
}
