package giambio.loop.cancel;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S14-S15: virtual clock, deterministic FIFO scheduling, seeded shuffle. */
class SchedulingTest {

    private static List<Integer> order(RunOptions options) throws Exception {
        List<Integer> log = new ArrayList<>();
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            for (int i = 0; i < 8; i++) {
                int n = i;
                pool.spawn(() -> {
                    log.add(n);
                    Giambio.checkpoint();
                    log.add(10 + n);
                });
            }
        }));
        return log;
    }

    @Test
    void fifoByDefault() throws Exception {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.add(i);
        }
        for (int i = 0; i < 8; i++) {
            expected.add(10 + i);
        }
        assertEquals(expected, order(RunOptions.defaults()));
        assertEquals(expected, order(RunOptions.defaults()));
    }

    @Test
    void seededShuffleIsReproducibleAndNotFifo() throws Exception {
        List<Integer> fifo = order(RunOptions.defaults());
        List<Integer> a = order(RunOptions.builder().shuffle(42).build());
        List<Integer> b = order(RunOptions.builder().shuffle(42).build());
        assertEquals(a, b);
        assertNotEquals(fifo, a);
        assertEquals(16, a.size());
        boolean differs = false;
        for (long seed = 1; seed < 5 && !differs; seed++) {
            differs = !order(RunOptions.builder().shuffle(seed).build()).equals(a);
        }
        assertTrue(differs, "different seeds give different orders");
    }

    @Test
    void timersWithEqualDeadlinesFireInRegistrationOrder() throws Exception {
        List<String> log = new ArrayList<>();
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).build(), () -> Giambio.createPool(pool -> {
            for (String name : List.of("a", "b", "c", "d")) {
                pool.spawn(() -> {
                    Giambio.sleep(Duration.ofSeconds(1));
                    log.add(name);
                });
            }
            pool.spawn(() -> {
                Giambio.sleep(Duration.ofMillis(500));
                log.add("early");
            });
        }));
        assertEquals(List.of("early", "a", "b", "c", "d"), log);
    }

    @Test
    void manualVirtualClockMovesOnlyWhenJumped() throws Exception {
        VirtualClock clock = VirtualClock.manual();
        List<String> log = new ArrayList<>();
        Giambio.run(RunOptions.builder().clock(clock).build(), () -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                Giambio.sleep(Duration.ofSeconds(10));
                log.add("woke at " + Giambio.clock());
            });
            Giambio.waitAllTasksBlocked();
            clock.jump(Duration.ofSeconds(9));
            Giambio.waitAllTasksBlocked();
            log.add("9 s: still asleep");
            clock.jump(Duration.ofSeconds(1));
        }));
        assertEquals(List.of("9 s: still asleep", "woke at 10.0"), log);
        assertThrows(IllegalArgumentException.class, () -> clock.jump(Duration.ofSeconds(-1)));
    }

    @Test
    void waitAllTasksBlockedWakesWaitersOneAtATime() throws Exception {
        List<String> log = new ArrayList<>();
        Giambio.run(() -> Giambio.createPool(pool -> {
            for (String name : List.of("x", "y")) {
                pool.spawn(() -> {
                    Giambio.waitAllTasksBlocked();
                    log.add(name + " woke");
                    Giambio.checkpoint();
                    log.add(name + " after checkpoint");
                });
            }
        }));
        assertEquals(List.of("x woke", "x after checkpoint", "y woke", "y after checkpoint"), log);
    }
}
