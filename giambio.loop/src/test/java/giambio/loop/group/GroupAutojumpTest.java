package giambio.loop.group;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import giambio.testsupport.IdleWitness;
import giambio.api.sync.CrossLoopChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * D7 with a shared autojumping {@link VirtualClock}: the clock jumps only when every loop of the
 * group is idle. No assertion depends on timing: the working loop's real time only makes the
 * old behaviour (each loop jumping on its own idleness) fail.
 */
@Timeout(60)
class GroupAutojumpTest {

    /** Tells a worker when every loop of the group has gone idle; a fresh one per test. */
    private final IdleWitness witness = new IdleWitness();

    private RunOptions on(VirtualClock clock) {
        return RunOptions.builder().clock(clock).debugger(witness).build();
    }

    /**
     * Real work in a loop: many checkpoints and some blocking calls on worker threads, each
     * lasting until every loop of the group is blocked idle, the moment a clock that did not
     * wait for it would jump (no wall-clock sleep; the assertions on the clock tell).
     */
    private void work() throws Exception {
        int loops = Giambio.loopCount();
        for (int i = 0; i < 400; i++) {
            Giambio.checkpoint();
            if (i % 40 == 0) {
                Threads.runInThread(() -> {
                    witness.awaitIdle(loops);
                    return null;
                });
            }
        }
    }

    @Test
    void aSleepingLoopDoesNotWakeWhileAnotherLoopOfTheGroupStillWorks() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        AtomicBoolean workDone = new AtomicBoolean();
        Map<Integer, Double> wokeAt = new ConcurrentHashMap<>();
        Giambio.runGroup(on(clock), 2, index -> {
            if (index == 0) {
                Giambio.sleep(Duration.ofSeconds(10));
                assertTrue(workDone.get(), "loop 0 woke while loop 1 was still working");
                wokeAt.put(0, Giambio.clock());
            } else {
                work();
                assertEquals(0.0, Giambio.clock(), "the clock moved while this loop worked");
                workDone.set(true);
                Giambio.sleep(Duration.ofSeconds(20));   // now both loops are idle: the clock jumps
                wokeAt.put(1, Giambio.clock());
            }
        });
        assertEquals(Map.of(0, 10.0, 1, 20.0), wokeAt);
    }

    @Test
    void aLoopThatFinishesLetsTheOthersJump() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        Map<Integer, Double> ended = new ConcurrentHashMap<>();
        Giambio.runGroup(on(clock), 3, index -> {
            if (index == 0) {
                work();
            } else {
                Giambio.sleep(Duration.ofHours(index));
            }
            ended.put(index, Giambio.clock());
        });
        assertEquals(Map.of(0, 0.0, 1, 3600.0, 2, 7200.0), ended);
    }

    @Test
    void aTimeoutOnOneLoopWaitsForWorkThatAnotherLoopSendsAfterRealTime() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        CrossLoopChannel<String> channel = CrossLoopChannel.open(1);
        Giambio.runGroup(on(clock), 2, index -> {
            if (index == 0) {
                String got = Giambio.withTimeout(Duration.ofMillis(1), () -> channel.receiver().receive());
                assertEquals("result", got, "the receive timed out while the sender's loop still worked");
            } else {
                work();
                channel.sender().send("result");   // wakes loop 0 busy: no jump before it has received
            }
        });
        assertEquals(0, clock.nanoTime(), "nothing ever slept");
    }

    @Test
    void theVirtualTimeOfManySleepsAcrossLoopsIsExact() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        Giambio.runGroup(on(clock), 4, index -> {
            for (int i = 1; i <= 25; i++) {
                double before = Giambio.clock();
                Giambio.sleep(Duration.ofSeconds(index + 1));
                assertEquals(before + index + 1, Giambio.clock(), 1e-9,
                        "loop " + index + " woke exactly when its timer was due, not later");
            }
        });
        assertEquals(Duration.ofSeconds(100).toNanos(), clock.nanoTime(), "loop 3 slept 25 x 4 s");
    }

    @Test
    void aGroupRunFromATaskOnTheSameClockStillJumps() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        RunOptions options = on(clock);
        double[] after = new double[1];
        Giambio.run(options, () -> {
            Giambio.runGroup(options, 2, index -> Giambio.sleep(Duration.ofMinutes(index + 1)));
            after[0] = Giambio.clock();
        });
        assertEquals(120.0, after[0], "the worker joining the group does not hold the shared clock");
    }
}
