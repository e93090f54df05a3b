package giambio.api;

import giambio.debug.TaskView;
import java.util.Optional;

/**
 * A handle on a task spawned into a {@link TaskPool} (or on the root task).
 *
 * <p>A task runs concurrently with its siblings on the same loop. Its handle tells its name,
 * state and outcome, can {@linkplain #join() wait} for it and can {@linkplain #cancel()
 * cancel} it.
 *
 * <h2>Loop confinement</h2>
 * Handles are loop-confined: a thread that runs no task of the task's loop (another thread,
 * or a task of another loop) gets {@link WrongThreadException}. Two exceptions: the read-only
 * methods of {@link TaskView} (name, state; for debuggers and dumps), and {@link #result()},
 * {@link #exception()} and {@link #isDone()} once the loop has finished ({@code Giambio.run}
 * returned), when every outcome is published. Threads reach a running loop's tasks through
 * {@link #toFuture()} or a {@link Portal}.
 *
 * @param <T> the type of the task's result ({@link Void} for an {@link Action})
 */
public sealed interface Task<T> extends TaskView permits TaskImpl {

    /**
     * Waits until the task has finished and returns its result. This is a checkpoint.
     *
     * @return the task's result
     * @throws TaskFailedException if the task failed; its cause is the task's exception
     * @throws java.util.concurrent.CancellationException if the task was cancelled
     * @throws Cancelled             if the calling task is cancelled while waiting
     * @throws IllegalStateException if a task joins itself or one of its ancestors (which
     *                               would never finish first)
     * @throws WrongThreadException  if called from a thread that runs no task of the task's
     *                               loop
     */
    T join();

    /**
     * Cancels the task: its next (or current) checkpoint throws {@link Cancelled}, which the
     * task's own scope catches, so the task ends {@linkplain giambio.debug.TaskState#CANCELLED
     * cancelled} without failing its pool. Idempotent; does nothing to a finished task.
     *
     * @throws WrongThreadException if called from a thread that runs no task of the task's loop
     */
    void cancel();

    /**
     * Tells whether the task has finished.
     *
     * @return {@code true} once the task is in a terminal state
     * @throws WrongThreadException if called, while the loop runs, from a thread that runs no
     *                              task of the task's loop
     */
    boolean isDone();

    /**
     * Returns the result of a task that succeeded.
     *
     * @return the result
     * @throws IllegalStateException if the task has not succeeded (yet)
     * @throws WrongThreadException  if called, while the loop runs, from a thread that runs no
     *                               task of the task's loop
     */
    T result();

    /**
     * Returns the exception the task failed with.
     *
     * @return the exception of a failed or cancelled task, else empty
     * @throws WrongThreadException if called, while the loop runs, from a thread that runs no
     *                              task of the task's loop
     */
    Optional<Throwable> exception();

    /**
     * Returns a future that completes when the task finishes, for code outside the loop:
     * with the result if it succeeded, exceptionally with its exception if it failed, and
     * with a {@link java.util.concurrent.CancellationException} (whose cause is the
     * {@link Cancelled}) if it was cancelled. Each call returns the same future.
     *
     * <p>The loop completes the future, so dependent actions registered without an executor
     * ({@code thenApply}, {@code whenComplete}, ...) run on the loop and must not block: use
     * the {@code ...Async} variants for anything slow. Completing or cancelling the future
     * from outside does not affect the task (use {@link #cancel()} for that).
     *
     * @return the task's future
     * @throws WrongThreadException if called from a thread that runs no task of the task's loop
     */
    java.util.concurrent.CompletableFuture<T> toFuture();
}
