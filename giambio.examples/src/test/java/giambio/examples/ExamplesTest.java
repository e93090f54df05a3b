package giambio.examples;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed tutorial's first examples, run for real (on a virtual clock where they sleep). */
class ExamplesTest {

    private static RunOptions virtual() {
        return RunOptions.builder().clock(VirtualClock.autojumping()).build();
    }

    private static String captureStdout(ThrowingRunnable body) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void helloPrintsHelloWorld() throws Exception {
        assertEquals("Hello, world!" + System.lineSeparator(), captureStdout(() -> Hello.main(new String[0])));
    }

    @Test
    void sleepDoubleSleepsTwiceAsLong() throws Exception {
        assertEquals(4.0, Giambio.run(virtual(), () -> SleepDouble.sleepDouble(Duration.ofSeconds(2))));
    }

    @Test
    void twoChildrenFinishTogetherInTwoSecondsNotFour() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        double took = Giambio.run(virtual(), () -> TwoChildren.main(out, Duration.ofSeconds(2)));
        assertEquals(2.0, took);
        assertEquals(List.of(
                "[main] Children spawned, awaiting completion",
                "[child] Child spawned!! Sleeping for 2 seconds",
                "[child 1] Child spawned!! Sleeping for 2 seconds",
                "[child] Had a nice nap!",
                "[child 1] Had a nice nap!",
                "[main] Children execution complete in 2.00 seconds"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void anExceptionInAChildReachesTheCallerOfRun() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Giambio.run(virtual(), () -> ChildError.main(out)));
        assertEquals("the child failed", e.getMessage());
        assertEquals(List.of("[sleeper] cancelled after 1.00 s"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static List<String> printed(Body body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Giambio.run(virtual(), () -> body.run(out));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    interface Body {
        void run(PrintStream out) throws Exception;
    }

    @Test
    void aJdkBlockingCallStallsTheLoopSoTheChildrenRunOneAfterTheOther() throws Exception {
        assertEquals(List.of("[child 1] going to sleep", "[child 1] woke up", "[child 2] going to sleep", "[child 2] woke up"),
                printed(out -> BlockingCall.main(out, Duration.ofMillis(20), BlockingCall.Wait.JDK_SLEEP)));
    }

    @Test
    void giambioSleepIsACheckpointSoTheChildrenRunTogether() throws Exception {
        assertEquals(List.of("[child 1] going to sleep", "[child 2] going to sleep", "[child 1] woke up", "[child 2] woke up"),
                printed(out -> BlockingCall.main(out, Duration.ofSeconds(1), BlockingCall.Wait.GIAMBIO_SLEEP)));
    }

    @Test
    void runInThreadMovesTheBlockingCallOffTheLoop() throws Exception {
        List<String> lines = printed(out -> BlockingCall.main(out, Duration.ofMillis(20), BlockingCall.Wait.RUN_IN_THREAD));
        assertEquals(List.of("[child 1] going to sleep", "[child 2] going to sleep"), lines.subList(0, 2),
                "both children are waiting before either wakes up");
        assertEquals(java.util.Set.of("[child 1] woke up", "[child 2] woke up"), java.util.Set.copyOf(lines.subList(2, 4)));
    }

    @Test
    void tasksSwitchOnlyAtCheckpoints() throws Exception {
        assertEquals(List.of("a1 a2 a3 b1 b2 b3 "), printed(out -> Checkpoints.main(out, false)));
        assertEquals(List.of("a1 b1 a2 b2 a3 b3 "), printed(out -> Checkpoints.main(out, true)));
    }

    @Test
    void theSeedsDebuggerClassShowsEveryStepOfTheSeedsProgram() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).debugger(new SeedDebugger(out)).build(),
                () -> TwoChildren.main(out, Duration.ofSeconds(2)));
        // giambio's events in the order they happen; docs/tutorial.md compares them with the
        // seed's trace line by line (TraceDebugger prints the seed's order: SeedTraceTest)
        assertEquals(List.of(
                "## Started running",
                ">> A task named 'main' was spawned",
                "-> About to run a step for 'main'",
                ">> A task named 'child' was spawned",
                ">> A task named 'child1' was spawned",
                "[main] Children spawned, awaiting completion",
                "<- Ran a step for 'main'",
                "-> About to run a step for 'child'",
                "[child] Child spawned!! Sleeping for 2 seconds",
                "# About to put 'child' to sleep for 2.00 seconds",
                "<- Ran a step for 'child'",
                "-> About to run a step for 'child1'",
                "[child 1] Child spawned!! Sleeping for 2 seconds",
                "# About to put 'child1' to sleep for 2.00 seconds",
                "<- Ran a step for 'child1'",
                "# Task 'child' slept for 2.00 seconds",
                "# Task 'child1' slept for 2.00 seconds",
                "-> About to run a step for 'child'",
                "[child] Had a nice nap!",
                "<< Task 'child' exited",
                "<- Ran a step for 'child'",
                "-> About to run a step for 'child1'",
                "[child 1] Had a nice nap!",
                "<< Task 'child1' exited",
                "<- Ran a step for 'child1'",
                "-> About to run a step for 'main'",
                "[main] Children execution complete in 2.00 seconds",
                "<< Task 'main' exited",
                "<- Ran a step for 'main'",
                "## Finished running"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void theBuiltInTraceDebuggerPrintsTheSeedsTraceForTheSeedsProgram() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).debugger(SeedDebugger.debugger("trace", out))
                .build(), () -> TwoChildren.main(out, Duration.ofSeconds(2)));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // the seed's order: the sleep is reported after the step, finished tasks end with their exit line
        int ran = lines.indexOf("<- Ran a step for 'child'");
        assertEquals("# About to put 'child' to sleep for 2.00 seconds", lines.get(ran + 1));
        assertFalse(lines.contains(">> A task named 'main' was spawned"));
        assertEquals(List.of("<< Task 'main' exited", "## Finished running"), lines.subList(lines.size() - 2, lines.size()));
    }

    @Test
    void poolStartReturnsOnceTheServerAcceptsAndTheServersExceptionComesOutOfThePool() throws Exception {
        assertEquals(List.of(
                "[main] the server is accepting",
                "Welcome to the server pal, feel free to send me something!",
                "-> Got: hello",
                "-> Shutting down the server",
                "[main] the server stopped with java.lang.Exception"), printed(StartServer::main));
    }
}
