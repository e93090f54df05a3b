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
    final TaskImpl<?> owner;
    final CancelScopeImpl scope = new CancelScopeImpl();
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
    /**
     * Calls of {@link #start} into this pool that have not returned; the pool does not close
     * while any is pending (a starting task must have a place to move to).
     */
    private int pendingStarts;

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
            while (childCount > 0 || pendingStarts > 0) {
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
        return spawnTask(null, body, null);
    }

    @Override
    public <T> Task<T> spawn(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return spawnTask(null, null, body);
    }

    @Override
    public Task<Void> spawn(String name, Action body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return spawnTask(name, body, null);
    }

    @Override
    public <T> Task<T> spawn(String name, Callable<T> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return spawnTask(name, null, body);
    }

    @Override
    public <T> T start(StartBody<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        return startTask(null, body);
    }

    @Override
    public <T> T start(String name, StartBody<T> body) throws Exception {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return startTask(name, body);
    }

    /**
     * Runs {@code body} in a pool of the caller's own until it reports ready, then moves it
     * here (trio's {@code nursery.start}).
     *
     * <p>Discussion: the temporary pool gives the task exactly the caller's cancellation and
     * the caller's exception handling until it is ready, with no special case anywhere else:
     * a failure before {@code started} is that pool's failure, rethrown by its {@code run}.
     * Moving re-links the task's own cancel scope under this pool's scope and the task into
     * this pool's child list; the temporary pool then has no child and returns.
     */
    private <T> T startTask(String name, StartBody<T> body) throws Exception {
        loop.checkConfined("TaskPool.start");
        if (phase == Phase.CLOSED) {
            throw new IllegalStateException("TaskPool.start: cannot start a task in a closed pool: its body and all its tasks have "
                    + "finished (start into a pool whose createPool call is still running)");
        }
        TaskImpl<?> caller = loop.currentTask();
        PoolImpl staging = new PoolImpl(loop, caller);
        Status<T> status = new Status<>(staging, this);
        pendingStarts++;
        try {
            staging.run(p -> status.task = staging.spawnTask(name, null, () -> {
                body.run(status);
                return null;
            }));
        } finally {
            pendingStarts--;
            if (pendingStarts == 0 && childCount == 0 && phase == Phase.WAITING) {
                phase = Phase.WOKEN;
                loop.kernel.reschedule(owner.ktask, Outcome.NONE);
            }
        }
        if (!status.called) {
            throw new IllegalStateException("TaskPool.start: task '" + status.task.name() + "' returned "
                    + "without calling TaskStatus.started(): start cannot tell whether it was ready");
        }
        return status.value;
    }

    /** Moves {@code task}, a live child of this (staging) pool, to {@code target}. */
    private void moveChild(TaskImpl<?> task, PoolImpl target) {
        unlinkChild(task);
        task.movedTo(target);
        target.linkChild(task);
        if (childCount == 0 && phase == Phase.WAITING) {
            phase = Phase.WOKEN;
            loop.kernel.reschedule(owner.ktask, Outcome.NONE);
        }
    }

    /** The status object of one {@link #start}: loop-confined. */
    static final class Status<T> implements TaskStatus<T> {
        private final PoolImpl staging;
        private final PoolImpl target;
        /** The starting task; set right after it is spawned, before it can run. */
        TaskImpl<?> task;
        /** Set by the first call of {@link #started}; never reset. */
        boolean called;
        T value;

        Status(PoolImpl staging, PoolImpl target) {
            this.staging = staging;
            this.target = target;
        }

        @Override
        public void started(T value) {
            staging.loop.checkConfined("TaskStatus.started");
            if (called) {
                throw new IllegalStateException("TaskStatus.started called twice for task '" + task.name()
                        + "': a task reports itself ready once");
            }
            called = true;
            this.value = value;
            // Discussion: as trio does, a task whose caller is already cancelled stays where it
            // is and ends cancelled there; moving it would carry a Cancelled in flight into a
            // pool whose scopes did not cause it and cannot catch it.
            if (staging.scope.effectivelyCancelled || task.pool != staging) {
                return;
            }
            staging.moveChild(task, target);
        }

        @Override
        public String toString() {
            return "TaskStatus[" + (task == null ? "?" : task.name()) + (called ? ", started" : "") + "]";
        }
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
    private <T> TaskImpl<T> spawnTask(String name, Action action, Callable<T> callable) {
        loop.checkConfined("TaskPool.spawn");
        if (phase == Phase.CLOSED) {
            throw new IllegalStateException("TaskPool.spawn: cannot spawn into a closed pool: its body and all its tasks have "
                    + "finished (spawn into a pool whose createPool call is still running)");
        }
        long id = loop.nextTaskId();
        TaskImpl<T> task = new TaskImpl<>(loop, id, name, owner, this, action, callable);
        scope.addTask(task);
        linkChild(task);
        task.ktask = loop.kernel.spawn(task, task::runBody);
        loop.taskSpawned(task);
        return task;
    }

    /** Called by a child's {@code finish}, on the loop. */
    void childFinished(TaskImpl<?> child, Throwable failure) {
        unlinkChild(child);
        if (failure != null) {
            addFailure(failure, "task '" + child.name() + "'");
        }
        if (childCount == 0 && pendingStarts == 0 && phase == Phase.WAITING) {
            phase = Phase.WOKEN;
            loop.kernel.reschedule(owner.ktask, Outcome.NONE);
        }
    }

    /** Appends {@code task} to the live children. */
    private void linkChild(TaskImpl<?> task) {
        task.prevInPool = lastChild;
        task.nextInPool = null;
        if (lastChild == null) {
            firstChild = task;
        } else {
            lastChild.nextInPool = task;
        }
        lastChild = task;
        childCount++;
    }

    /** Removes {@code child} from the live children. */
    private void unlinkChild(TaskImpl<?> child) {
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
    }

    /**
     * Records a child's or the body's exception.
     *
     * <p>Discussion: a {@code Cancelled} can carry real failures as suppressed (a thread
     * call's failure that arrived with the cancellation, see {@code Threads.runInThread}).
     * Only the first {@code Cancelled} is kept, and it is not rethrown at all once a real
     * failure exists, so its riders are taken off and recorded as failures of their own: a
     * pool never drops an exception (found by the property suite, docs/reliability.md).
     */
    private void addFailure(Throwable failure, String who) {
        if (failure instanceof Cancelled c) {
            Throwable[] riders = c.getSuppressed();
            if (riders.length == 0) {
                if (firstCancelled == null) {
                    firstCancelled = c;
                }
                return;
            }
            if (firstCancelled == null) {
                firstCancelled = new Cancelled(c.getMessage(), c.reason());
            }
            for (Throwable rider : riders) {
                addFailure(rider, who);
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
