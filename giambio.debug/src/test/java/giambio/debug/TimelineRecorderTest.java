package giambio.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineRecorderTest {

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> events(String json) {
        Map<String, Object> root = (Map<String, Object>) MiniJson.parse(json);
        return (List<Map<String, Object>>) root.get("traceEvents");
    }

    @Test
    void oneCompleteEventPerStepWithTaskIdsAndNames() {
        FakeTask main = new FakeTask(1, "main", null);
        FakeTask child = new FakeTask(2, "ch\"ild\n", main);
        TimelineRecorder rec = new TimelineRecorder();
        rec.onStart();
        rec.onTaskSpawn(main);
        rec.beforeTaskStep(main);
        rec.onTaskSpawn(child);
        rec.afterTaskStep(main);
        rec.beforeTaskStep(child);
        rec.afterTaskStep(child);
        rec.beforeTaskStep(child);
        rec.afterTaskStep(child);
        rec.beforeTaskStep(main);
        rec.afterTaskStep(main);
        rec.onExit();

        List<Map<String, Object>> events = events(rec.toTraceEventJson());
        List<Map<String, Object>> slices = events.stream().filter(e -> "X".equals(e.get("ph"))).toList();
        assertEquals(List.of(1.0, 2.0, 2.0, 1.0), slices.stream().map(e -> e.get("tid")).toList());
        assertEquals(List.of("main", "ch\"ild\n", "ch\"ild\n", "main"), slices.stream().map(e -> e.get("name")).toList());
        double previousEnd = 0;
        for (Map<String, Object> s : slices) {
            double ts = (Double) s.get("ts");
            double dur = (Double) s.get("dur");
            assertTrue(ts >= previousEnd && dur >= 0, s.toString());
            assertEquals(1.0, s.get("pid"));
            previousEnd = ts + dur;
        }
        List<?> laneNames = events.stream().filter(e -> "thread_name".equals(e.get("name")))
                .map(e -> (Object) ((Map<?, ?>) e.get("args")).get("name")).toList();
        assertEquals(List.of("main (#1)", "ch\"ild\n (#2)"), laneNames);
        assertEquals(4, rec.sliceCount());
    }

    @Test
    void boundedRecordingCountsDroppedSteps() {
        FakeTask main = new FakeTask(1, "main", null);
        TimelineRecorder rec = new TimelineRecorder(3);
        for (int i = 0; i < 5; i++) {
            rec.beforeTaskStep(main);
            rec.afterTaskStep(main);
        }
        assertEquals(3, rec.sliceCount());
        assertEquals(2, rec.droppedSlices());
        assertEquals(3, events(rec.toTraceEventJson()).stream().filter(e -> "X".equals(e.get("ph"))).count());
        assertThrows(IllegalArgumentException.class, () -> new TimelineRecorder(0));
    }

    @Test
    void htmlHasOneLanePerTaskAndNoScripts() throws Exception {
        FakeTask main = new FakeTask(1, "main", null);
        FakeTask child = new FakeTask(2, "<child>", main);
        TimelineRecorder rec = new TimelineRecorder();
        rec.onStart();
        rec.beforeTaskStep(main);
        rec.onTaskSpawn(child);
        rec.afterTaskStep(main);
        rec.beforeTaskStep(child);
        rec.afterTaskStep(child);
        java.io.StringWriter w = new java.io.StringWriter();
        rec.writeHtml(w);
        String html = w.toString();
        assertEquals(2, html.split("class=\"lane\"", -1).length - 1);
        assertEquals(2, html.split("class=\"step\"", -1).length - 1);
        assertTrue(html.contains("&lt;child&gt; (#2)"), html);
        assertFalse(html.contains("<script"));
        assertFalse(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("http"));
    }
}
