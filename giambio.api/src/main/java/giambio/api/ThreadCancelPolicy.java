package giambio.api;

/**
 * What cancelling a task does while it waits in {@link Threads#runInThread}.
 *
 * <p>A Java thread cannot be stopped from outside, so each policy trades promptness against
 * knowing that the work has finished.
 */
public enum ThreadCancelPolicy {

    /**
     * Cancellation waits until the work has finished on its thread, then throws
     * {@link Cancelled}; the work's result is dropped. If the work failed, its exception is
     * attached to the {@code Cancelled} as suppressed, so (by the rule of
     * {@link CancelScope}) it escapes the cancelled scope instead of being lost. The
     * default, after trio's {@code to_thread.run_sync}: when the task goes on, the thread is
     * done, so nothing runs behind its back.
     */
    WAIT,

    /**
     * Like {@link #WAIT}, but cancellation also interrupts the thread, so interruptible
     * blocking calls ({@code Thread.sleep}, {@code BlockingQueue.take}, interruptible
     * channels) end early. An {@code InterruptedException},
     * {@code InterruptedIOException} or {@code ClosedByInterruptException} from the work is
     * then a consequence of the cancellation and is dropped; other failures are kept as with
     * {@code WAIT}.
     */
    INTERRUPT,

    /**
     * Cancellation throws {@link Cancelled} at once and abandons the thread: it runs on, and
     * its result is dropped (a failure is logged on the {@code giambio} logger). Use it only
     * for work whose side effects do not matter once nobody waits for it (trio's
     * {@code abandon_on_cancel=True}).
     */
    ABANDON
}
