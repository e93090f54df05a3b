package giambio.debug;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a giambio task, as debuggers see it.
 *
 * <p>Views are live: {@link #state()} reflects the task's current state. They are meant to be
 * read on the loop (inside a hook); reading them from another thread gives a best-effort
 * snapshot. A view deliberately offers no way to change the task.
 */
public interface TaskView {

    /**
     * Returns the task's identifier, unique within one run of the loop; the root task is 1.
     *
     * @return the task id, at least 1
     */
    long id();

    /**
     * Returns the task's name: the one given to {@code spawn}, else a generated one.
     *
     * @return the task's name, never {@code null}
     */
    String name();

    /**
     * Returns the task's current state.
     *
     * @return the state, never {@code null}
     */
    TaskState state();

    /**
     * Returns the task that spawned this one.
     *
     * @return the parent task, or empty for the root task
     */
    Optional<? extends TaskView> parent();

    /**
     * Returns a snapshot of the task's stack, when the kernel can tell.
     *
     * <p>Under the default kernel every task runs on a virtual thread of its own and this is
     * that thread's stack; a kernel that runs tasks otherwise gives an empty list, and so does
     * a task that has not started or has finished. Taking it may stop the task's thread for a
     * moment (a handshake): it is meant for diagnostics, not for every event. It may be called
     * from any thread.
     *
     * @return the stack, innermost frame first; empty when unavailable
     */
    default List<StackTraceElement> stackTrace() {
        return List.of();
    }
}
