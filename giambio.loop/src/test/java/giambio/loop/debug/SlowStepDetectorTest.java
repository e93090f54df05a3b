package giambio.loop.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import giambio.debug.SlowStepDetector;
import giambio.debug.SlowStepDetector.SlowStep;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link SlowStepDetector} on the real loop. */
class SlowStepDetectorTest {

    /** Holds the loop without a checkpoint until the detector has reported (at most 20 s). */
    static void crunch(List<SlowStep> reports, Duration atLeast) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < atLeast.toNanos()
                || reports.isEmpty() && System.nanoTime() - start < 20_000_000_000L) {
            Thread.onSpinWait();
        }
    }

    @Test
    void slowStepIsReportedWithTaskNameAndStack() throws Exception {
        List<SlowStep> reports = new CopyOnWriteArrayList<>();
        SlowStepDetector detector = new SlowStepDetector(Duration.ofMillis(50), reports::add);
        Giambio.run(RunOptions.builder().debugger(detector).build(), () -> Giambio.createPool(pool -> {
            pool.spawn("quick", () -> {
                for (int i = 0; i < 10; i++) {
                    Giambio.checkpoint();
                }
            });
            pool.spawn("cruncher", () -> {
                Giambio.checkpoint();
                crunch(reports, Duration.ofMillis(300));
                Giambio.checkpoint();
            });
        }));
        assertEquals(1, reports.size(), "one report for the one slow step: " + reports);
        SlowStep r = reports.getFirst();
        assertEquals("cruncher", r.taskName());
        assertEquals(3, r.taskId());
        assertTrue(r.heldFor().compareTo(Duration.ofMillis(50)) > 0, r.heldFor().toString());
        String message = r.describe(detector.threshold());
        assertTrue(message.startsWith("giambio task 'cruncher' (#3) has held the loop for "), message);
        if (DumpTasksTest.KERNEL.equals("baton")) {
            // The default kernel runs each task on its own thread: the stack is the task's, mid-step.
            assertTrue(r.stack().stream().anyMatch(f -> f.getMethodName().equals("crunch")), r.stack().toString());
            assertTrue(message.contains("SlowStepDetectorTest.crunch("), message);
        }
    }

    @Test
    void quickStepsAreNotReported() throws Exception {
        List<SlowStep> reports = new CopyOnWriteArrayList<>();
        SlowStepDetector detector = new SlowStepDetector(Duration.ofSeconds(10), reports::add);
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).debugger(detector).build(),
                () -> SeedTraceTest.seedMain(new PrintStream(OutputStream.nullOutputStream())));
        assertEquals(List.of(), reports);
    }

    @Test
    void badThresholdsFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SlowStepDetector(Duration.ZERO));
        assertTrue(e.getMessage().contains("threshold must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SlowStepDetector(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new SlowStepDetector(null));
    }

    @Test
    void aNullSinkFailsAtOnceAsDocumented() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new SlowStepDetector(Duration.ofMillis(50), null));
        assertTrue(e.getMessage().contains("sink"), e.getMessage());
    }

    @Test
    void watchdogStopsWhenTheLoopExits() throws Exception {
        SlowStepDetector detector = new SlowStepDetector(Duration.ofMillis(50), r -> { });
        Giambio.run(RunOptions.builder().debugger(detector).build(), () -> Giambio.checkpoint());
        // join (bounded) every watchdog thread still alive instead of polling on the wall clock
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("giambio-slow-step-watchdog")) {
                t.join(Duration.ofSeconds(20));
            }
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("giambio-slow-step-watchdog")), "watchdog still running");
        // Reusable for a next run once the first has exited: its watchdog runs again.
        boolean watched = Giambio.run(RunOptions.builder().debugger(detector).build(), () -> Thread.getAllStackTraces()
                .keySet().stream().anyMatch(t -> t.getName().equals("giambio-slow-step-watchdog")));
        assertTrue(watched, "no watchdog during the second run");
    }
}
