package giambio.loop.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import giambio.debug.Debugger;
import giambio.debug.TaskView;
import giambio.debug.TimelineRecorder;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TimelineRecorder} on the real loop: trace-event JSON and the HTML page in headless Chromium. */
class TimelineTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** Counts the steps of each task, as the loop reports them. */
    static final class StepCounter implements Debugger {
        final Map<Long, Integer> steps = new TreeMap<>();

        @Override
        public void afterTaskStep(TaskView task) {
            steps.merge(task.id(), 1, Integer::sum);
        }
    }

    /** A small program with a few tasks that work (busy-wait) and sleep on the system clock. */
    static void sampleProgram() throws Exception {
        Giambio.createPool(pool -> {
            pool.spawn("producer", () -> {
                for (int i = 0; i < 6; i++) {
                    busy(Duration.ofMillis(2));
                    Giambio.sleep(Duration.ofMillis(3));
                }
            });
            for (int c = 1; c <= 2; c++) {
                int n = c;
                pool.spawn("consumer-" + n, () -> {
                    for (int i = 0; i < 5; i++) {
                        busy(Duration.ofMillis(1 + n));
                        Giambio.checkpoint();
                        Giambio.sleep(Duration.ofMillis(4));
                    }
                });
            }
            pool.spawn("logger", () -> {
                for (int i = 0; i < 3; i++) {
                    Giambio.sleep(Duration.ofMillis(10));
                    busy(Duration.ofMillis(1));
                }
            });
            busy(Duration.ofMillis(1));
        });
    }

    static void busy(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void oneSlicePerObservedStep() throws Exception {
        TimelineRecorder rec = new TimelineRecorder();
        StepCounter counter = new StepCounter();
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).debugger(rec).debugger(counter).build(),
                () -> SeedTraceTest.seedMain(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        // Discussion: the JSON's syntax is giambio.debug's to test (TimelineRecorderTest parses it);
        // here only the slices count, and the recorder writes one event per line with "ph" before
        // "tid" (a task name cannot fake "ph":"X": its quotes are escaped).
        Map<Long, Integer> slicesPerTask = new TreeMap<>();
        Matcher slice = Pattern.compile("\"ph\":\"X\",[^\n]*\"tid\":(\\d+)}").matcher(rec.toTraceEventJson());
        while (slice.find()) {
            slicesPerTask.merge(Long.parseLong(slice.group(1)), 1, Integer::sum);
        }
        assertEquals(counter.steps, slicesPerTask);
        // main: first step, then woken by its pool; each child: before and after its sleep.
        assertEquals(Map.of(1L, 2, 2L, 2, 3L, 2), slicesPerTask);
    }

    @Test
    void htmlRendersOneLanePerTaskInHeadlessChromium(@TempDir Path tmp) throws Exception {
        TimelineRecorder rec = new TimelineRecorder();
        StepCounter counter = new StepCounter();
        Giambio.run(TimelineTest::sampleProgram); // warm-up, so the picture shows the loop, not the JIT
        Giambio.run(RunOptions.builder().debugger(rec).debugger(counter).build(), TimelineTest::sampleProgram);
        assertEquals(5, counter.steps.size());
        Path html = tmp.resolve("timeline.html");
        rec.writeHtml(html);
        rec.writeTraceEvents(Path.of("target", "timeline-sample.json"));
        Files.copy(html, Path.of("target", "timeline-sample.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: " + CHROMIUM + " is not installed "
                + "(apt-get install chromium) so the HTML timeline cannot be rendered");
        String dom = chromium(tmp, "--dump-dom", html.toUri().toString());
        Matcher lanes = Pattern.compile("<g class=\"lane\" data-task-id=\"(\\d+)\"").matcher(dom);
        List<Long> laneIds = lanes.results().map(m -> Long.parseLong(m.group(1))).toList();
        assertEquals(List.copyOf(counter.steps.keySet()), laneIds, "one lane per task, in task order");
        int steps = counter.steps.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(steps, dom.split("class=\"step\"", -1).length - 1);

        Path png = Path.of("target", "timeline.png").toAbsolutePath();
        Files.deleteIfExists(png);
        chromium(tmp, "--screenshot=" + png, "--window-size=1280,330", "--hide-scrollbars", html.toUri().toString());
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "a PNG screenshot");
    }

    /** Runs headless Chromium with a private profile and no network; returns its stdout. */
    static String chromium(Path tmp, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + tmp.resolve("profile")));
        cmd.addAll(List.of(args));
        File log = tmp.resolve("chromium.log").toFile();
        Process p = new ProcessBuilder(cmd).redirectError(log).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(log));
        return out;
    }

    static String readQuietly(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
