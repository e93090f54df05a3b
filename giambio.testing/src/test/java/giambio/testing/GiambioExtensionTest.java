package giambio.testing;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import giambio.api.Giambio;
import giambio.api.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.junit.jupiter.api.Test;

class GiambioExtensionTest {

    @GiambioTest
    void runsInsideTheLoopOnAVirtualClock() {
        assertEquals("main", Giambio.currentTask().name());
        Giambio.sleep(Duration.ofHours(1));
        assertEquals(3600.0, Giambio.clock());
    }

    @GiambioTest
    void injectsTheVirtualClock(VirtualClock clock) throws Exception {
        clock.jump(Duration.ofSeconds(5));
        assertEquals(5.0, Giambio.clock());
    }

    @GiambioTest(virtualClock = false)
    void canRunOnTheSystemClock() {
        double before = Giambio.clock();
        Giambio.sleep(Duration.ofMillis(20));
        assertTrue(Giambio.clock() - before >= 0.019);
    }

    /** Sample tests run through the engine test kit; surefire skips nested classes. */
    static class Samples {
        static final List<Integer> ORDER = new ArrayList<>();

        @GiambioTest(timeout = 300, unit = TimeUnit.MILLISECONDS)
        void hangs() throws Exception {
            Giambio.createPool(pool -> pool.spawn("stuck-child", Giambio::sleepForever));
        }

        @GiambioTest(shuffleSeed = 7)
        void shuffled() throws Exception {
            ORDER.clear();
            Giambio.createPool(pool -> {
                for (int i = 0; i < 10; i++) {
                    int n = i;
                    pool.spawn(() -> ORDER.add(n));
                }
            });
        }

        @GiambioTest
        void failsWithTheSameException() {
            throw new IllegalStateException("sample failure");
        }
    }

    private static Events run(String method) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod(Samples.class, method))
                .execute().testEvents();
    }

    @Test
    void aTimeoutCancelsTheTestAndReportsTheTaskTree() {
        long start = System.nanoTime();
        Events events = run("hangs");
        assertEquals(1, events.failed().count());
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertInstanceOf(AssertionError.class, failure);
        assertTrue(failure.getMessage().contains("timed out after 300 milliseconds"), failure.getMessage());
        assertTrue(failure.getMessage().contains("task #1 'main'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("'stuck-child' WAITING"), failure.getMessage());
        if ("continuation".equals(System.getProperty("giambio.kernel"))) {
            assertTrue(failure.getMessage().contains("stack unavailable"), failure.getMessage());
        } else {
            assertTrue(failure.getMessage().contains("sleepForever"), failure.getMessage());
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void theShuffleSeedChangesTheOrderReproducibly() {
        run("shuffled");
        List<Integer> first = new ArrayList<>(Samples.ORDER);
        run("shuffled");
        assertEquals(first, Samples.ORDER);
        assertEquals(10, first.size());
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), first);
    }

    @Test
    void failuresReachJUnitUnchanged() {
        Events events = run("failsWithTheSameException");
        Throwable failure = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertInstanceOf(IllegalStateException.class, failure);
        assertEquals("sample failure", failure.getMessage());
        assertNotNull(selectClass(Samples.class));
    }
}
