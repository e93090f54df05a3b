package giambio.testing;

import giambio.api.Giambio;
import giambio.api.Task;

/** Builds the text reported when a test times out. */
final class TaskTreeReport {

    private TaskTreeReport() {
    }

    /** Called on the loop (from a kernel action) while the test's tasks are parked. */
    static String of(Task<?> root) {
        try {
            return Giambio.dumpTasks();
        } catch (RuntimeException e) {
            return root + " (the task tree could not be dumped: " + e + ")";
        }
    }
}
