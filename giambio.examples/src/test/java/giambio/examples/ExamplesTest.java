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
    void twoChildrenOnTheRealClockTakeAboutOneNapNotTwo() throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        double took = Giambio.run(() -> TwoChildren.main(out, Duration.ofSeconds(1)));
        assertTrue(took >= 1.0 && took < 1.9, "two 1 s naps run concurrently (sequentially would be 2 s), took " + took);
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
}
