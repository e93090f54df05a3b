package giambio.debug;

/**
 * The life-cycle state of a giambio task.
 *
 * <p>A task is {@link #RUNNABLE} while it waits in the run queue, {@link #RUNNING} while it
 * holds the loop, {@link #WAITING} while it is parked at a checkpoint (sleeping, waiting for
 * I/O, a lock, an event, a channel or its children), and ends in exactly one of the three
 * terminal states.
 */
public enum TaskState {
    /** Ready to run, waiting for its turn in the run queue. */
    RUNNABLE,
    /** Running: this task holds the loop. */
    RUNNING,
    /** Parked at a checkpoint until something reschedules it. */
    WAITING,
    /** Finished normally; its result is available. */
    SUCCEEDED,
    /** Finished by throwing an exception other than {@code Cancelled}. */
    FAILED,
    /** Finished by a cancellation. */
    CANCELLED;

    /**
     * Tells whether this state is terminal.
     *
     * @return {@code true} for {@link #SUCCEEDED}, {@link #FAILED} and {@link #CANCELLED}
     */
    public boolean isDone() {
        return ordinal() >= SUCCEEDED.ordinal();
    }
}
