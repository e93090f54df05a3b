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
    /**
     * While PARKED: the {@link Kernel.Abort} (may be null); from reschedule until park returns:
     * the {@link Outcome}; otherwise null. Discussion: the two never coexist, so one field holds
     * either, which keeps a continuation task at 40 bytes (issue 9: every byte of a parked task
     * counts); read it through {@link #abort()} and {@link #takeOutcome()}.
     */
    Object parkSlot;

    LoopTask(KernelBase kernel, TaskView view, Runnable body) {
        this.kernel = kernel;
        this.view = view;
        this.body = body;
    }

    /** The abort callback while PARKED, else null. */
    final Kernel.Abort abort() {
        return phase == Phase.PARKED && parkSlot instanceof Kernel.Abort a ? a : null;
    }

    /** Takes the outcome left by reschedule (null if none). */
    final Outcome takeOutcome() {
        Object o = parkSlot;
        parkSlot = null;
        return o instanceof Outcome out ? out : null;
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
