package giambio.api;

import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bridges from tasks to threads: run blocking work on another thread, or wait for a
 * {@link CompletionStage}, while the loop goes on (trio's {@code to_thread}). For the other
 * direction, threads calling into the loop, see {@link Portal}.
 *
 * {@snippet :
 * byte[] data = Threads.runInThread(() -> Files.readAllBytes(path));   // other tasks run meanwhile
 * String body = Threads.await(httpClient.sendAsync(request, ofString())).body();
 * }
 *
 * <h2>Which threads</h2>
 * By default the work runs on a shared cached pool of daemon <em>platform</em> threads named
 * {@code giambio-worker-N} (idle ones end after 60 s). Platform, not virtual, threads: the
 * loop's own tasks may run on the virtual-thread carriers, and CPU-bound work there could
 * starve them. Pass an {@link Executor} to choose (a virtual-thread-per-task executor suits
 * many blocking I/O calls). Nothing bounds the default pool: limit concurrency with a
 * {@link giambio.api.sync.CapacityLimiter} or {@link giambio.api.sync.Semaphore} around the
 * call if needed.
 *
 * <h2>Cancellation</h2>
 * Both waits are checkpoints. {@link #runInThread(ThreadCancelPolicy, Callable)} follows a
 * {@link ThreadCancelPolicy}; {@link #await(CompletionStage, boolean)} always stops waiting at
 * once and can cancel the future.
 *
 * <h2>Virtual time</h2>
 * On an autojumping {@link VirtualClock} the clock does not jump while a task waits for a
 * {@code runInThread} call: the worker's real time is not skipped, so blocking work inside a
 * virtual timeout (a host-name lookup, a file read) finishes before the timeout fires. An
 * abandoned call (policy {@link ThreadCancelPolicy#ABANDON}) stops counting once abandoned.
 * A worker that waits for a loop rather than working does not count while it waits: during a
 * {@link Portal} call, and while it blocks on a {@link giambio.api.sync.CrossLoopChannel}
 * (waiting perhaps for a task that sleeps on this very clock); it counts again from the moment
 * a loop hands it what it waited for, so the clock never jumps while it works on it. A stage
 * awaited with {@link #await} does not count: the loop did not start that work and cannot
 * know that it will ever finish.
 */
public final class Threads {

    private Threads() {
    }

    /** The default worker pool, made on first use. */
    private static final class Workers {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "giambio-worker-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code work} on a worker thread and waits for it, with the {@link
     * ThreadCancelPolicy#WAIT WAIT} policy. A checkpoint.
     *
     * @param <T>  the result type
     * @param work the blocking work
     * @return what {@code work} returned
     * @throws Exception             what {@code work} threw (the same object)
     * @throws Cancelled             if the task was cancelled, once the work has finished
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static <T> T runInThread(Callable<T> work) throws Exception {
        return runInThread(ThreadCancelPolicy.WAIT, work);
    }

    /**
     * Runs {@code work} on a worker thread of the default pool and waits for it. A checkpoint.
     *
     * @param <T>    the result type
     * @param policy what cancellation does while the work runs
     * @param work   the blocking work
     * @return what {@code work} returned
     * @throws Exception             what {@code work} threw (the same object)
     * @throws Cancelled             if the task is cancelled (when, depends on {@code policy})
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static <T> T runInThread(ThreadCancelPolicy policy, Callable<T> work) throws Exception {
        return runInThread(policy, Workers.POOL, work);
    }

    /**
     * Runs {@code work} on a thread of {@code executor} and waits for it. A checkpoint.
     *
     * @param <T>      the result type
     * @param policy   what cancellation does while the work runs
     * @param executor where to run the work; it must run it on another thread
     * @param work     the blocking work
     * @return what {@code work} returned
     * @throws Exception                  what {@code work} threw (the same object)
     * @throws Cancelled                  if the task is cancelled (when, depends on {@code policy})
     * @throws RejectedExecutionException if {@code executor} refuses the work
     * @throws IllegalStateException      if not called from a task of a running loop
     */
    public static <T> T runInThread(ThreadCancelPolicy policy, Executor executor, Callable<T> work) throws Exception {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(work, "work");
        Loop loop = Loop.current("Threads.runInThread");
        TaskImpl<?> task = loop.currentTask();
        loop.checkpointIfCancelled(task);
        ThreadJob<T> job = new ThreadJob<>(loop, task.ktask, work, policy);
        loop.offLoopWork(+1);       // until the job is done or abandoned: a virtual clock waits for it
        try {
            executor.execute(job);
        } catch (Throwable refused) {
            loop.offLoopWork(-1);
            throw refused;
        }
        Object value = null;
        Throwable failure = null;
        try {
            value = loop.park(task, job::abort);
        } catch (Cancelled c) {
            throw c;
        } catch (Throwable t) {
            failure = t;
        }
        if (job.cancelRequested) {
            try {
                loop.checkpointIfCancelled(task);
            } catch (Cancelled c) {
                if (failure != null && !(policy == ThreadCancelPolicy.INTERRUPT && isInterruption(failure))) {
                    c.addSuppressed(failure);
                }
                throw c;
            }
        }
        if (failure != null) {
            throw Loop.asThrowable(failure);
        }
        @SuppressWarnings("unchecked")
        T result = (T) value;
        return result;
    }

    /** Tells whether the work failed because the INTERRUPT policy interrupted it. */
    private static boolean isInterruption(Throwable t) {
        return t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                || t instanceof java.nio.channels.ClosedByInterruptException;
    }

    /**
     * Waits until {@code stage} completes and returns its value. A checkpoint; cancellation
     * stops the wait at once and leaves the stage alone.
     *
     * @param <T>   the value type
     * @param stage the stage to wait for
     * @return the stage's value
     * @throws Exception             the stage's exception (unwrapped from a
     *                               {@link CompletionException}), for example a
     *                               {@link java.util.concurrent.CancellationException}
     * @throws Cancelled             if the task is cancelled first
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static <T> T await(CompletionStage<T> stage) throws Exception {
        return await(stage, false);
    }

    /**
     * Waits until {@code stage} completes and returns its value, optionally cancelling it if
     * the task is cancelled first. A checkpoint.
     *
     * @param <T>            the value type
     * @param stage          the stage to wait for
     * @param cancelOnCancel whether a cancellation of the task also calls
     *                       {@link Future#cancel(boolean) cancel(true)} on the stage
     * @return the stage's value
     * @throws Exception                the stage's exception (unwrapped from a
     *                                  {@link CompletionException})
     * @throws Cancelled                if the task is cancelled first
     * @throws IllegalArgumentException if {@code cancelOnCancel} is set but the stage is not
     *                                  a {@link Future}
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    public static <T> T await(CompletionStage<T> stage, boolean cancelOnCancel) throws Exception {
        Objects.requireNonNull(stage, "stage");
        if (cancelOnCancel && !(stage instanceof Future<?>)) {
            throw new IllegalArgumentException("cannot cancel a " + stage.getClass().getName()
                    + ": it is not a java.util.concurrent.Future; pass cancelOnCancel=false");
        }
        Loop loop = Loop.current("Threads.await");
        TaskImpl<?> task = loop.currentTask();
        loop.checkpointIfCancelled(task);
        StageWait wait = new StageWait(loop, task.ktask);
        stage.whenComplete(wait::onComplete);
        Object value = loop.park(task, () -> {
            wait.waiting = false;
            if (cancelOnCancel) {
                ((Future<?>) stage).cancel(true);
            }
            return true;
        });
        @SuppressWarnings("unchecked")
        T result = (T) value;
        return result;
    }

    /** A task waiting for a stage. {@code waiting} is loop-confined. */
    private static final class StageWait {
        private final Loop loop;
        private final KernelTask task;
        /** True while the task is parked for the stage. */
        boolean waiting = true;

        StageWait(Loop loop, KernelTask task) {
            this.loop = loop;
            this.task = task;
        }

        /** Runs on whatever thread completes the stage. */
        void onComplete(Object value, Throwable error) {
            Throwable e = error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
            Outcome outcome = e == null ? Outcome.success(value) : Outcome.failure(e);
            try {
                loop.kernel.submit(() -> {
                    if (waiting) {
                        waiting = false;
                        loop.kernel.reschedule(task, outcome);
                    }
                });
            } catch (RejectedExecutionException loopGone) {
                // the task gave up waiting and its loop has finished: nobody wants the value
            }
        }
    }
}
