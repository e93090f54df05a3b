package giambio.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JfrDebugger} driven through the hooks in the loop's order, recorded to a file. */
class JfrDebuggerTest {

    @Test
    void eventsAppearWithTaskNames(@TempDir Path tmp) throws Exception {
        FakeTask main = new FakeTask(1, "main", null);
        FakeTask child = new FakeTask(2, "child", main);
        JfrDebugger jfr = new JfrDebugger();
        Path file = tmp.resolve("giambio.jfr");
        try (Recording r = new Recording()) {
            r.enable("giambio.TaskSpawn");
            r.enable("giambio.TaskExit");
            r.enable("giambio.TaskStep").withThreshold(Duration.ZERO);
            r.enable("giambio.Sleep").withThreshold(Duration.ZERO);
            r.enable("giambio.IoWait").withThreshold(Duration.ZERO);
            r.enable("giambio.Cancel");
            r.start();
            jfr.onStart();
            jfr.onTaskSpawn(main);
            jfr.beforeTaskStep(main);
            jfr.onTaskSpawn(child);
            jfr.afterTaskStep(main);
            jfr.beforeTaskStep(child);
            jfr.beforeSleep(child, Duration.ofSeconds(2));
            jfr.afterTaskStep(child);
            jfr.beforeIo(Debugger.FOREVER);
            Thread.sleep(5);
            jfr.afterIo(Debugger.FOREVER);
            jfr.afterSleep(child, Duration.ofSeconds(2));
            jfr.beforeTaskStep(child);
            jfr.beforeCancel(child);
            child.state = TaskState.CANCELLED;
            jfr.onTaskExit(child);
            jfr.afterTaskStep(child);
            jfr.beforeTaskStep(main);
            main.state = TaskState.SUCCEEDED;
            jfr.onTaskExit(main);
            jfr.afterTaskStep(main);
            jfr.onExit();
            r.stop();
            r.dump(file);
        }
        assertTrue(Files.size(file) > 0);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("giambio.")).toList();
        List<String> seen = events.stream().map(e -> e.getEventType().getName().substring(8)
                + (e.hasField("taskName") ? " " + e.getString("taskName") : "")).toList();
        // One event per hook pair or instant hook, each with the right task (order-free: events
        // that start within one clock tick have no defined order).
        assertEquals(List.of("TaskSpawn main", "TaskStep main", "TaskSpawn child", "TaskStep child", "Sleep child",
                "IoWait", "TaskStep child", "Cancel child", "TaskExit child", "TaskStep main", "TaskExit main")
                .stream().sorted().toList(), seen.stream().sorted().toList());
        RecordedEvent spawnChild = only(events, "giambio.TaskSpawn", "child");
        assertEquals(2, spawnChild.getLong("taskId"));
        assertEquals(1, spawnChild.getLong("parentId"));
        assertEquals("CANCELLED", only(events, "giambio.TaskExit", "child").getString("state"));
        assertEquals(Duration.ofSeconds(2), only(events, "giambio.Sleep", "child").getDuration("requested"));
        RecordedEvent io = events.stream().filter(e -> e.getEventType().getName().equals("giambio.IoWait")).findFirst()
                .orElseThrow();
        assertTrue(io.getDuration().compareTo(Duration.ofMillis(4)) >= 0, io.toString());
        assertEquals(Long.MAX_VALUE, io.getLong("timeout"));
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type, String task) {
        List<RecordedEvent> found = events.stream()
                .filter(e -> e.getEventType().getName().equals(type) && e.getString("taskName").equals(task)).toList();
        assertEquals(1, found.size(), type + " " + task + ": " + found);
        return found.getFirst();
    }

    @Test
    void disabledEventsCostNoState() {
        // No recording: nothing is begun, so an unmatched after-hook must not fail.
        JfrDebugger jfr = new JfrDebugger();
        FakeTask main = new FakeTask(1, "main", null);
        jfr.afterTaskStep(main);
        jfr.afterSleep(main, Duration.ZERO);
        jfr.afterIo(Duration.ZERO);
        jfr.beforeTaskStep(main);
        jfr.afterTaskStep(main);
        assertEquals("jfr", jfr.name());
    }
}
