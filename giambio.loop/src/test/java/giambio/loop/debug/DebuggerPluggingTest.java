package giambio.loop.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import giambio.debug.Debugger;
import giambio.debug.TaskView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules D3 (service debuggers switched on by a property) and D5 (a throwing debugger is removed). */
class DebuggerPluggingTest {

    /** Records the steps it sees. */
    static final class StepLog implements Debugger {
        final List<String> events = new ArrayList<>();

        @Override
        public void beforeTaskStep(TaskView task) {
            events.add("step " + task.name());
        }

        @Override
        public void onTaskExit(TaskView task) {
            events.add("exit " + task.name());
        }

        @Override
        public void onExit() {
            events.add("exit loop");
        }
    }

    /** Throws on the third step it sees; counts the calls it gets. */
    static final class Thrower implements Debugger {
        int steps;
        int callsAfterThrowing;

        @Override
        public void beforeTaskStep(TaskView task) {
            steps++;
            if (steps == 3) {
                throw new IllegalStateException("debugger bug");
            }
            if (steps > 3) {
                callsAfterThrowing++;
            }
        }

        @Override
        public void onExit() {
            callsAfterThrowing++;
        }
    }

    @Test
    void throwingDebuggerIsRemovedAndTheRunSucceeds() throws Exception {
        Thrower thrower = new Thrower();
        StepLog log = new StepLog();
        int result = Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping())
                .debugger(thrower).debugger(log).build(), () -> {
                    Giambio.createPool(pool -> {
                        pool.spawn("a", () -> Giambio.sleep(Duration.ofSeconds(1)));
                        pool.spawn("b", () -> Giambio.sleep(Duration.ofSeconds(1)));
                    });
                    return 42;
                });
        assertEquals(42, result);
        assertEquals(3, thrower.steps, "the thrower must get no step after throwing");
        assertEquals(0, thrower.callsAfterThrowing);
        // The other debugger saw everything, including the step during which the thrower failed.
        assertEquals(List.of("step main", "step a", "step b", "step a", "exit a", "step b", "exit b",
                "step main", "exit main", "exit loop"), log.events);
    }

    /**
     * Runs a task that sleeps one (virtual) second with the system property giambio.debuggers
     * set to {@code debuggers} (unset if null) and returns what the run printed on System.out.
     */
    private static String printedBySleepWith(String debuggers) throws Exception {
        PrintStream savedOut = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (debuggers == null) {
            System.clearProperty("giambio.debuggers");
        } else {
            System.setProperty("giambio.debuggers", debuggers);
        }
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).build(),
                    () -> Giambio.sleep(Duration.ofSeconds(1)));
        } finally {
            System.setOut(savedOut);
            System.clearProperty("giambio.debuggers");
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void systemPropertySwitchesOnTheTraceService() throws Exception {
        assertEquals(List.of("## Started running", "-> About to run a step for 'main'",
                "<- Ran a step for 'main'", "# About to put 'main' to sleep for 1.00 seconds",
                "# Task 'main' slept for 1.00 seconds", "-> About to run a step for 'main'",
                "<< Task 'main' exited", "## Finished running"),
                printedBySleepWith("trace").lines().toList());
    }

    @Test
    void withoutThePropertyNothingIsTraced() throws Exception {
        assertEquals("", printedBySleepWith(null));
    }

    @Test
    void unknownDebuggerNameFailsClearly() {
        System.setProperty("giambio.debuggers", "trace, nosuch");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Giambio.run(() -> 1));
            assertTrue(e.getMessage().contains("'nosuch'") && e.getMessage().contains("trace"), e.getMessage());
        } finally {
            System.clearProperty("giambio.debuggers");
        }
    }
}
