package giambio.testing;

import giambio.api.Task;

/** Builds the text reported when a test times out. */
final class TaskTreeReport {

    private TaskTreeReport() {
    }

    static String of(Task<?> root) {
        return root.toString();
    }
}
