package giambio.api;

import giambio.api.spi.KernelTask;
import giambio.debug.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The one implementation of {@link Task}: the API's side of a task.
 *
 * <p>Implementation overview: the kernel runs {@link #runBody}; the body runs inside the
 * task's own cancel scope (so {@link #cancel()} ends the task quietly), and its outcome is
 * recorded, joiners are woken and the pool is told. Loop-confined except the {@code TaskView}
 * reads.
 */
final class TaskImpl<T> implements Task<T> {

    /** The loop that runs this task; every loop-confined method checks the caller against it. */
    final Loop loop;
    /** Unique within the loop, increasing in spawn order; the root is 1. */
    private final long id;
    /**
     * Given to spawn, else null until {@link #name()} first builds "task-" + id; the root is
     * "main". Discussion: most tasks are never asked their name, so building it lazily saves
     * two objects per spawn; a racy off-loop read at worst builds an equal string again.
     */
    private String name;
    /**
     * The task that owns the pool this task runs in; null for the root. Changes only when a
     * task started with {@link TaskPool#start} reports ready (see {@link #movedTo}).
     */
    TaskImpl<?> parent;
    /** The pool this task runs in; null for the root. Changes only in {@link #movedTo}. */
    PoolImpl pool;
    /** The task's own scope, entered around its body; {@link #cancel()} cancels it. */
    private final CancelScopeImpl ownScope = new CancelScopeImpl();
    /** The kernel's handle; set right after spawning (for the root, when its body starts). */
    KernelTask ktask;
    /**
     * The innermost active cancel scope around the task; while the task is alive that
     * scope's task list holds it (set by {@link CancelScopeImpl#addTask}); null once finished.
     */
    CancelScopeImpl cancelScope;
    /** Neighbours in {@code cancelScope}'s task list; null at the ends. */
    TaskImpl<?> prevInScope;
    TaskImpl<?> nextInScope;
    /** Neighbours in the pool's list of live children; null at the ends and once finished. */
    TaskImpl<?> prevInPool;
    TaskImpl<?> nextInPool;
    /** Terminal state; null while the task is alive. Volatile for TaskView reads off-loop. */
    private volatile TaskState doneState;
    /** The body's value; meaningful only once doneState is SUCCEEDED. */
    private T result;
    /** The exception the task ended with (a Cancelled one too); null if it succeeded. */
    private Throwable error;
    /**
     * What few tasks need (exit actions, a future, joiners, open pools); null until the first.
     * Discussion: four fields that most tasks never set live in one lazily made object, so
     * every task, and every task parked for a long time, is 16 bytes smaller (issue 9).
     */
    private Extras extras;

    /**
     * The body, as given to spawn: exactly one of the two is non-null until the body starts,
     * both are null after. Discussion: keeping both kinds spares an adapter object per spawn.
     */
    private Action actionBody;
    private Callable<T> callableBody;

    TaskImpl(Loop loop, long id, String name, TaskImpl<?> parent, PoolImpl pool, Action actionBody,
            Callable<T> callableBody) {
        this.loop = loop;
        this.id = id;
        this.name = name;
        this.parent = parent;
        this.pool = pool;
        this.actionBody = actionBody;
        this.callableBody = callableBody;
    }

    // ---- TaskView -------------------------------------------------------------------------

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        String n = name;
        if (n == null) {
            n = "task-" + id;
            name = n;
        }
        return n;
    }

    @Override
    public TaskState state() {
        TaskState done = doneState;
        if (done != null) {
            return done;
        }
        KernelTask k = ktask;
        return k == null ? TaskState.RUNNABLE : k.state();
    }

    @Override
    public Optional<TaskImpl<?>> parent() {
        return Optional.ofNullable(parent);
    }

    @Override
    public List<StackTraceElement> stackTrace() {
        KernelTask k = ktask;
        if (k == null || doneState != null) {
            return List.of();
        }
        return k.thread().map(t -> List.of(t.getStackTrace())).orElse(List.of());
    }

    // ---- Task -----------------------------------------------------------------------------

    @Override
    public T join() {
        loop.checkConfined("Task.join");
        TaskImpl<?> me = loop.currentTask();
        for (TaskImpl<?> t = me; t != null; t = t.parent) {
            if (t == this) {
                throw new IllegalStateException("Task.join: task '" + me.name() + "' cannot join "
                        + (t == me ? "itself" : "its ancestor '" + name() + "'") + ": it would wait forever");
            }
        }
        if (doneState == null) {
            Extras x = extras();
            if (x.joiners == null) {
                x.joiners = new ArrayList<>();
            }
            x.joiners.add(me);
            try {
                loop.park(me, () -> x.joiners != null && x.joiners.remove(me));
            } catch (Cancelled c) {
                throw c;
            } catch (Exception e) {
                throw new GiambioInternalError("join woke with an unexpected outcome", e);
            }
        } else {
            loop.checkpoint(me);
        }
        return switch (doneState) {
            case SUCCEEDED -> result;
            case CANCELLED -> {
                CancellationException ce = new CancellationException("task '" + name() + "' was cancelled");
                ce.initCause(error);
                throw ce;
            }
            default -> throw new TaskFailedException("task '" + name() + "' failed: " + error, error);
        };
    }

    @Override
    public void cancel() {
        loop.checkConfined("Task.cancel");
        if (doneState == null) {
            ownScope.cancel(CancelReason.EXPLICIT, "task '" + name() + "' was cancelled by cancel()");
        }
    }

    /** Cancels this (root) task's own scope because the process got SIGINT; on the loop. */
    void cancelBySignal() {
        if (doneState == null) {
            ownScope.cancel(CancelReason.KEYBOARD_INTERRUPT, "the process got SIGINT (Ctrl+C)");
        }
    }

    /** Cancels the root task of a loop of a group because the group is cancelled (D7). */
    void cancelByGroup(String why) {
        if (doneState == null) {
            ownScope.cancel(CancelReason.FAILURE, why);
        }
    }

    @Override
    public boolean isDone() {
        loop.checkConfinedUnlessFinished("Task.isDone");
        return doneState != null;
    }

    @Override
    public T result() {
        loop.checkConfinedUnlessFinished("Task.result");
        TaskState s = doneState;
        if (s != TaskState.SUCCEEDED) {
            throw new IllegalStateException("Task.result: task '" + name() + "' has no result: it is " + state());
        }
        return result;
    }

    @Override
    public Optional<Throwable> exception() {
        loop.checkConfinedUnlessFinished("Task.exception");
        return doneState == null ? Optional.empty() : Optional.ofNullable(error);
    }

    @Override
    public CompletableFuture<T> toFuture() {
        loop.checkConfined("Task.toFuture");
        Extras x = extras();
        if (x.future == null) {
            x.future = new CompletableFuture<>();
            if (doneState != null) {
                completeFuture(x.future);
            }
        }
        return x.future;
    }

    private void completeFuture(CompletableFuture<T> future) {
        switch (doneState) {
            case SUCCEEDED -> future.complete(result);
            case CANCELLED -> {
                CancellationException ce = new CancellationException("task '" + name() + "' was cancelled");
                ce.initCause(error);
                future.completeExceptionally(ce);
            }
            default -> future.completeExceptionally(error);
        }
    }

    @Override
    public String toString() {
        return "Task[" + id + " '" + name() + "' " + state() + "]";
    }

    // ---- running ----------------------------------------------------------------------------

    /** The kernel runs this as the task's body; it never throws. */
    void runBody() {
        Action action = actionBody;
        Callable<T> callable = callableBody;
        actionBody = null;
        callableBody = null;
        Loop.bindCurrentThread(loop);
        if (ktask == null) {
            ktask = loop.kernel.current();
        }
        T value = null;
        Throwable failure = null;
        try {
            value = ownScope.enterCall(this, action, callable);
        } catch (Throwable t) {
            failure = t;
        }
        finish(value, failure);
    }

    /** Called by a scope that swallowed its own Cancelled; remembers it if it is ours. */
    void caughtCancel(Cancelled cancelled) {
        if (ownScope.cancelledCaught() && error == null) {
            error = cancelled;
        }
    }

    private void finish(T value, Throwable failure) {
        if (failure != null) {
            error = failure;
            doneState = failure instanceof Cancelled ? TaskState.CANCELLED : TaskState.FAILED;
        } else if (ownScope.cancelledCaught()) {
            doneState = TaskState.CANCELLED;
        } else {
            result = value;
            doneState = TaskState.SUCCEEDED;
        }
        if (cancelScope != null) {
            cancelScope.removeTask(this);
        }
        loop.taskFinished(this, failure);
        Extras x = extras;
        if (x != null) {
            finishExtras(x);
        }
        if (pool != null) {
            pool.childFinished(this, failure);
        }
    }

    /** The part of {@link #finish} for exit actions, the future and joiners. */
    private void finishExtras(Extras x) {
        if (x.exitActions != null) {
            ArrayList<ExitAction> actions = x.exitActions;
            x.exitActions = null;
            for (ExitAction a : actions) {
                if (a.pending) {
                    a.pending = false;
                    a.action.run();
                }
            }
        }
        if (x.future != null) {
            completeFuture(x.future);
        }
        if (x.joiners != null) {
            for (TaskImpl<?> joiner : x.joiners) {
                loop.kernel.reschedule(joiner.ktask, giambio.api.spi.Outcome.NONE);
            }
            x.joiners = null;
        }
    }

    /** Tries to deliver a pending cancellation to this task if it is parked. */
    void deliverCancel() {
        if (doneState == null && ktask != null) {
            loop.kernel.tryAbort(ktask, Loop.CANCEL_OUTCOME);
        }
    }

    /** Builds the Cancelled for this task, naming the scope that will catch it; null if none is cancelled. */
    Cancelled newCancelled() {
        CancelScopeImpl responsible = null;
        for (CancelScopeImpl s = cancelScope; s != null; s = s.shield() ? null : s.parent) {
            if (s.cancelCalled()) {
                responsible = s;
            }
        }
        if (responsible == null) {
            return null;
        }
        loop.beforeCancel(this);
        return new Cancelled("task '" + name() + "' cancelled: " + responsible.why(), responsible.reason());
    }

    /** Registers an action to run when this task finishes; runs it now if it has. */
    giambio.api.spi.Registration whenExits(Runnable action) {
        ExitAction a = new ExitAction(action);
        if (doneState != null) {
            a.pending = false;
            action.run();
            return a;
        }
        Extras x = extras();
        if (x.exitActions == null) {
            x.exitActions = new ArrayList<>(2);
        }
        x.exitActions.add(a);
        return a;
    }

    /** An action waiting for this task to finish. */
    private final class ExitAction implements giambio.api.spi.Registration {
        final Runnable action;
        boolean pending = true;

        ExitAction(Runnable action) {
            this.action = action;
        }

        @Override
        public boolean cancel() {
            boolean was = pending;
            pending = false;
            // Discussion: a withdrawn action leaves the list at once, so a long-lived task
            // that registers and withdraws repeatedly (a contended lock) does not accumulate
            // dead entries. During finish() the list is detached first, so this is safe.
            if (was && extras != null && extras.exitActions != null) {
                extras.exitActions.remove(this);
            }
            return was;
        }
    }

    /**
     * Re-homes this task, started in a staging pool, into {@code target} once it reported
     * ready: its own cancel scope (or, before its body began, the task itself) moves under
     * the target pool's scope, which delivers the target's cancellation if there is one.
     */
    void movedTo(PoolImpl target) {
        CancelScopeImpl from = pool.scope;
        if (cancelScope == from) {
            from.removeTask(this);
            target.scope.addTask(this);
            if (target.scope.effectivelyCancelled) {
                deliverCancel();
            }
        } else {
            ownScope.reparent(from, target.scope);
        }
        pool = target;
        parent = target.owner;
    }

    void poolOpened(PoolImpl p) {
        Extras x = extras();
        if (x.openPools == null) {
            x.openPools = new ArrayList<>(2);
        }
        x.openPools.add(p);
    }

    void poolClosed(PoolImpl p) {
        extras.openPools.remove(p);
    }

    /** The pools this task has open, outermost first. */
    List<PoolImpl> openPools() {
        return extras == null || extras.openPools == null ? List.of() : extras.openPools;
    }

    private Extras extras() {
        Extras x = extras;
        if (x == null) {
            x = new Extras();
            extras = x;
        }
        return x;
    }

    /** The rarely used part of a task; loop-confined. */
    private final class Extras {
        /** Actions to run when the task finishes; null until the first. */
        ArrayList<ExitAction> exitActions;
        /** The future of {@link #toFuture()}; null until first asked for, completed in finish. */
        CompletableFuture<T> future;
        /** Tasks parked in {@link #join()}; null until the first. */
        ArrayList<TaskImpl<?>> joiners;
        /** The pools this task has open, outermost first (for dumps); null until the first. */
        ArrayList<PoolImpl> openPools;
    }

    boolean cancelledByOwnScope() {
        return ownScope.cancelledCaught();
    }

    TaskState doneState() {
        return doneState;
    }
}
