package giambio.api.spi;

/**
 * A snapshot of what a kernel holds: tasks, timers, I/O watches and idle callbacks.
 *
 * <p>Meant for tests, leak checks and monitoring: after {@link Kernel#run} has returned, a
 * correct program and a correct runtime leave every count at zero (nothing alive, nothing
 * runnable, no timer, no watch, no idle callback), whatever the program did. The property
 * suite and the soak run check exactly that.
 *
 * @param liveTasks     tasks spawned and not finished, the root included
 * @param runnableTasks tasks in the run queue
 * @param timers        timers registered with {@link Kernel#callAt} and neither fired nor withdrawn
 * @param watches       I/O watches registered with {@link Kernel#watch} and neither fired nor withdrawn
 * @param idleCallbacks callbacks registered with {@link Kernel#whenIdle} and neither run nor withdrawn
 */
public record KernelStats(int liveTasks, int runnableTasks, int timers, int watches, int idleCallbacks) {

    /**
     * Validates the counts.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public KernelStats {
        if (liveTasks < 0 || runnableTasks < 0 || timers < 0 || watches < 0 || idleCallbacks < 0) {
            throw new IllegalArgumentException("KernelStats counts must not be negative: " + liveTasks + ", "
                    + runnableTasks + ", " + timers + ", " + watches + ", " + idleCallbacks);
        }
    }

    /**
     * Tells whether the kernel holds nothing: no live task, no timer, no watch, no idle callback.
     *
     * @return {@code true} if every count is zero
     */
    public boolean isQuiet() {
        return liveTasks == 0 && runnableTasks == 0 && timers == 0 && watches == 0 && idleCallbacks == 0;
    }
}
