package giambio.api;

import giambio.debug.TaskState;
import java.util.List;
import java.util.Locale;

/**
 * Formats the tree of tasks and pools of a loop, for {@link Giambio#dumpTasks()}.
 *
 * <p>Implementation overview: walks from the root task through each task's open pools
 * (outermost first) to their live children, depth first. Waiting and runnable tasks get their
 * stack from the kernel's thread, with the kernel's own frames cut off the top (the first
 * line shown is the giambio call the task waits in) and the frames below the task's body
 * (task runner, kernel, and for the root task the caller of {@code run}) cut off the bottom.
 * Loop-confined.
 */
final class TaskDump {

    /** At most this many frames per task; the rest are counted. */
    static final int MAX_FRAMES = 40;

    private final Loop loop;
    private final TaskImpl<?> caller;
    private final StringBuilder out = new StringBuilder();
    private int tasks;

    private TaskDump(Loop loop, TaskImpl<?> caller) {
        this.loop = loop;
        this.caller = caller;
    }

    static String dump(Loop loop, TaskImpl<?> caller) {
        TaskDump d = new TaskDump(loop, caller);
        d.task(loop.root, 0);
        String header = String.format(Locale.ROOT, "giambio tasks at %.3f s on the loop clock (kernel '%s', %d tasks):%n",
                Loop.toSeconds(loop.kernel.nanoTime()), loop.kernelName, d.tasks);
        return header + d.out;
    }

    private void task(TaskImpl<?> t, int depth) {
        tasks++;
        TaskState state = t.state();
        indent(depth).append("task #").append(t.id()).append(" '").append(t.name()).append("' ").append(state);
        if (t == caller) {
            out.append(" (this task called dumpTasks)");
        }
        out.append(System.lineSeparator());
        if (t != caller && (state == TaskState.WAITING || state == TaskState.RUNNABLE)) {
            stack(t, depth + 2);
        }
        for (PoolImpl pool : t.openPools()) {
            List<TaskImpl<?>> children = pool.children();
            indent(depth + 1).append("pool: ").append(children.size()).append(children.size() == 1 ? " task" : " tasks")
                    .append(pool.cancelScope().cancelCalled() ? ", cancelled" : "").append(System.lineSeparator());
            for (TaskImpl<?> child : children) {
                task(child, depth + 2);
            }
        }
    }

    private void stack(TaskImpl<?> t, int depth) {
        if (t.ktask == null || t.ktask.thread().isEmpty()) {
            indent(depth).append("(stack unavailable under kernel '").append(loop.kernelName).append("')")
                    .append(System.lineSeparator());
            return;
        }
        List<StackTraceElement> frames = trim(t.stackTrace());
        if (frames.isEmpty()) {
            indent(depth).append("(not started yet)").append(System.lineSeparator());
            return;
        }
        int shown = Math.min(frames.size(), MAX_FRAMES);
        for (int i = 0; i < shown; i++) {
            indent(depth).append("at ").append(frames.get(i)).append(System.lineSeparator());
        }
        if (shown < frames.size()) {
            indent(depth).append("... ").append(frames.size() - shown).append(" more").append(System.lineSeparator());
        }
    }

    /**
     * Cuts the kernel's and the loop's frames off the top (the first frame shown is the giambio
     * call the task waits in) and the task runner's off the bottom.
     */
    static List<StackTraceElement> trim(List<StackTraceElement> frames) {
        int from = 0;
        while (from < frames.size() && !frames.get(from).getClassName().startsWith("giambio.api.")) {
            from++;
        }
        while (from < frames.size() && frames.get(from).getClassName().equals("giambio.api.Loop")) {
            from++;
        }
        if (from == frames.size()) {
            from = 0; // no giambio frame: show everything rather than nothing
        }
        int to = frames.size();
        for (int i = frames.size() - 1; i > from; i--) {
            StackTraceElement f = frames.get(i);
            if (f.getClassName().equals("giambio.api.TaskImpl") && f.getMethodName().equals("runBody")) {
                to = i;
                break;
            }
        }
        while (to > from && isRunnerFrame(frames.get(to - 1))) {
            to--;
        }
        return frames.subList(from, to);
    }

    private static boolean isRunnerFrame(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("java.lang.") || c.startsWith("jdk.internal.") || c.startsWith("giambio.loop.BatonKernel")
                || c.equals("giambio.api.TaskImpl") || c.equals("giambio.api.CancelScopeImpl");
    }

    private StringBuilder indent(int depth) {
        return out.repeat("  ", depth);
    }
}
