package giambio.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** S23: a real SIGINT to a child JVM cancels the loop, runs every finally, and leaves run as KeyboardInterrupt. */
class CtrlCTest {

    @Test
    void sigintUnwindsEveryTaskAndRunThrowsKeyboardInterrupt() throws Exception {
        try (ChildJava child = ChildJava.start("giambio.examples.CtrlC")) {
            child.await("press Ctrl+C to stop"::equals, "the prompt");
            child.interrupt();
            assertEquals(0, child.waitFor(), child.output());
            List<String> lines = child.output().lines().toList();
            assertEquals(List.of("worker-1 working", "worker-2 working", "press Ctrl+C to stop",
                    "worker-1 cleaning up", "worker-2 cleaning up", "Ctrl+C detected, exiting"), lines);
        }
    }

    @Test
    void aSecondSigintWhileUnwindingEndsTheJvmLikeTheDefaultHandler() throws Exception {
        try (ChildJava child = ChildJava.start("giambio.examples.CtrlC", "stubborn")) {
            child.await("press Ctrl+C to stop"::equals, "the prompt");
            child.interrupt();
            child.await("worker-2 cleaning up"::equals, "the stubborn cleanup");
            assertTrue(child.isAlive(), "a shielded cleanup keeps the loop alive after the first Ctrl+C");
            child.interrupt();
            assertEquals(130, child.waitFor(), "the second Ctrl+C goes to the JVM's handler: " + child.output());
            assertFalse(child.output().contains("Ctrl+C detected"), child.output());
        }
    }

    @Test
    void optingOutLeavesSigintToTheJvm() throws Exception {
        try (ChildJava child = ChildJava.startWithJvmOptions(List.of("-Dgiambio.sigint=false"), "giambio.examples.CtrlC")) {
            child.await("press Ctrl+C to stop"::equals, "the prompt");
            child.interrupt();
            assertEquals(130, child.waitFor(), child.output());
            assertFalse(child.output().contains("cleaning up"), "no loop handled the signal: " + child.output());
        }
    }
}
