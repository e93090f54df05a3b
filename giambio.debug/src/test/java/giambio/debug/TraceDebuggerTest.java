package giambio.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** {@link TraceDebugger}'s lines for events the seed example does not produce. */
class TraceDebuggerTest {

    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final TraceDebugger trace = new TraceDebugger(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void ioCancelAndForeverLines() {
        FakeTask main = new FakeTask(1, "main", null);
        FakeTask x = new FakeTask(2, "x", main);
        trace.beforeIo(Debugger.FOREVER);
        trace.afterIo(Debugger.FOREVER);
        trace.beforeIo(Duration.ofMillis(1500));
        trace.afterIo(Duration.ofMillis(1500));
        trace.beforeCancel(x);
        trace.afterCancel(x);
        assertEquals(List.of("!! About to check for I/O for up to inf seconds", "!! Done I/O check (timeout inf seconds)",
                "!! About to check for I/O for up to 1.50 seconds", "!! Done I/O check (timeout 1.50 seconds)",
                "// About to cancel 'x'", "// Cancelled 'x'"), lines());
    }

    @Test
    void sleepLineFollowsTheStepThatStartedIt() {
        FakeTask main = new FakeTask(1, "main", null);
        trace.beforeTaskStep(main);
        trace.beforeSleep(main, Duration.ofSeconds(1));
        trace.afterTaskStep(main);
        // A sleep cancelled before the task gave the loop back is still printed, before its end.
        trace.beforeTaskStep(main);
        trace.beforeSleep(main, Duration.ofSeconds(3));
        trace.afterSleep(main, Duration.ZERO);
        trace.afterTaskStep(main);
        assertEquals(List.of("-> About to run a step for 'main'", "<- Ran a step for 'main'",
                "# About to put 'main' to sleep for 1.00 seconds", "-> About to run a step for 'main'",
                "# About to put 'main' to sleep for 3.00 seconds", "# Task 'main' slept for 0.00 seconds",
                "<- Ran a step for 'main'"), lines());
    }

    @Test
    void registeredAsTheTraceService() {
        List<String> names = ServiceLoader.load(Debugger.class).stream().map(p -> p.get().name()).toList();
        assertEquals(List.of("trace"), names);
        assertThrows(NullPointerException.class, () -> new TraceDebugger(null));
    }
}
