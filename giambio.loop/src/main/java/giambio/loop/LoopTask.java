package giambio.loop;

import giambio.api.spi.Kernel;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import giambio.debug.TaskState;
import giambio.debug.TaskView;
import java.util.Optional;

/**
 * A task as the shared scheduler sees it: its view, body, phase, abort callback and wake-up
 * outcome. Each kernel extends it with its switching state (a thread, a continuation).
 * Loop-confined.
 */
class LoopTask implements KernelTask {

    /** The scheduling state of a task. */
    enum Phase { RUNNABLE, RUNNING, PARKED, DONE }

    /** The kernel that made this task; rescheduling it elsewhere is a bug. */
    final KernelBase kernel;
    final TaskView view;
    final Runnable body;
    Phase phase = Phase.RUNNABLE;
    /** Non-null exactly while PARKED. */
    Kernel.Abort abort;
    /** Set by reschedule, taken by park. */
    Outcome outcome;

    LoopTask(KernelBase kernel, TaskView view, Runnable body) {
        this.kernel = kernel;
        this.view = view;
        this.body = body;
    }

    @Override
    public final TaskView view() {
        return view;
    }

    @Override
    public final TaskState state() {
        return switch (phase) {
            case RUNNABLE -> TaskState.RUNNABLE;
            case RUNNING -> TaskState.RUNNING;
            case PARKED -> TaskState.WAITING;
            case DONE -> TaskState.SUCCEEDED;
        };
    }

    @Override
    public Optional<Thread> thread() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Task[" + view.name() + " " + phase + "]";
    }
}
