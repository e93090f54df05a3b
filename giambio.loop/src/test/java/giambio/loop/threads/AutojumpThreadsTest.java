package giambio.loop.threads;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.ThreadCancelPolicy;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import giambio.testsupport.IdleWitness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An autojumping virtual clock and work on other threads: a task waiting for a
 * {@code runInThread} call keeps the loop busy, so the clock does not jump under the worker's
 * real time; without such work the clock still jumps. Every real wait is bounded, no assertion
 * depends on timing.
 */
@Timeout(60)
class AutojumpThreadsTest {

    /** Tells the worker when the loop has gone idle; a fresh one per test. */
    private final IdleWitness witness = new IdleWitness();

    private RunOptions on(VirtualClock clock) {
        return RunOptions.builder().clock(clock).debugger(witness).build();
    }

    /**
     * Blocking work that lasts until the loop is blocked idle: the moment a clock that did
     * not wait for it would jump (no wall-clock sleep; the assertions on the clock tell).
     */
    private String slowWork() throws InterruptedException {
        witness.awaitIdle(1);
        return "answered";
    }

    @Test
    void aThreadThatTakesRealTimeInsideAShortVirtualTimeoutDoesNotTimeOut() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        Giambio.run(on(clock), () -> {
            String answer = Giambio.withTimeout(Duration.ofMillis(10), () -> Threads.runInThread(
                    this::slowWork));
            assertEquals("answered", answer);
            assertEquals(0.0, Giambio.clock(), "the clock stood still while the worker ran");
        });
    }

    @Test
    void everyPolicyHoldsTheClockWhileTheTaskWaits() throws Exception {
        for (ThreadCancelPolicy policy : ThreadCancelPolicy.values()) {
            VirtualClock clock = VirtualClock.autojumping();
            Giambio.run(on(clock), () -> {
                assertEquals("answered", Giambio.withTimeout(Duration.ofSeconds(1),
                        () -> Threads.runInThread(policy, this::slowWork)), policy.name());
            });
        }
    }

    @Test
    void aSleeperWakesOnlyAfterTheThreadWorkOfItsLoopHasFinished() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        AtomicBoolean workDone = new AtomicBoolean();
        List<String> order = new ArrayList<>();
        Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
            pool.spawn("worker", () -> {
                Threads.runInThread(this::slowWork);
                workDone.set(true);
                order.add("work done at " + Giambio.clock());
            });
            pool.spawn("sleeper", () -> {
                Giambio.sleep(Duration.ofHours(1));
                assertTrue(workDone.get(), "the clock jumped an hour while a thread still worked");
                order.add("slept until " + Giambio.clock());
            });
        }));
        assertEquals(List.of("work done at 0.0", "slept until 3600.0"), order);
    }

    @Test
    void withoutThreadWorkASleepStillJumpsAndSoDoesItAfterTheWorkEnded() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        Giambio.run(on(clock), () -> {
            Giambio.sleep(Duration.ofHours(1));
            assertEquals(3600.0, Giambio.clock());
            Threads.runInThread(this::slowWork);
            assertEquals(3600.0, Giambio.clock());
            assertFalse(Giambio.skipAfter(Duration.ofMinutes(1), () -> Giambio.sleep(Duration.ofHours(1))),
                    "the timeout fired: the clock jumps again once no thread work is in flight");
            assertEquals(3660.0, Giambio.clock());
        });
    }

    @Test
    void anAbandonedCallNoLongerHoldsTheClock() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        CountDownLatch release = new CountDownLatch(1);
        try {
            Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
                var stuck = pool.spawn("stuck", () -> Threads.runInThread(ThreadCancelPolicy.ABANDON, () -> {
                    assertTrue(release.await(60, TimeUnit.SECONDS));
                    return null;
                }));
                Giambio.waitAllTasksBlocked();   // the stuck task waits for its worker
                stuck.cancel();                  // abandons the worker, which is still blocked
                Giambio.sleep(Duration.ofHours(1));
                assertEquals(3600.0, Giambio.clock(), "the clock jumped although the abandoned worker still runs");
            }));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aJumpFromAnotherThreadWakesTheLoop() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
            pool.spawn("sleeper", () -> Giambio.sleep(Duration.ofSeconds(5)));
            Giambio.waitAllTasksBlocked();
            Thread.ofPlatform().start(() -> clock.jump(Duration.ofSeconds(5)));
        }));
        assertEquals(Duration.ofSeconds(5).toNanos(), clock.nanoTime());
    }
}
