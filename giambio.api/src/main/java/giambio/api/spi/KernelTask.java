package giambio.api.spi;

import giambio.debug.TaskState;
import giambio.debug.TaskView;
import java.util.Optional;

/**
 * A kernel's handle on one task.
 *
 * <p>Kernel tasks are loop-confined: use them only from tasks of the loop that made them.
 */
public interface KernelTask {

    /**
     * Returns the view the task was spawned with; the API stores its own task object here.
     *
     * @return the view given to {@link Kernel#spawn} or {@link Kernel#run}
     */
    TaskView view();

    /**
     * Returns the scheduling state as the kernel sees it.
     *
     * @return {@link TaskState#RUNNABLE}, {@link TaskState#RUNNING} or {@link TaskState#WAITING}
     *         while the body runs, {@link TaskState#SUCCEEDED} once it has returned (the API
     *         knows the real outcome)
     */
    TaskState state();

    /**
     * Returns the thread that runs this task's body, when the kernel runs each task on a
     * thread of its own; used for stack traces in dumps.
     *
     * @return the task's thread, or empty when tasks share a thread
     */
    Optional<Thread> thread();
}
