package giambio.loop.sync;

import static giambio.loop.sync.Loops.*;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemaphoreTest {

    @Test
    void countsAndServesWaitersInOrder() throws Exception {
        Semaphore s = new Semaphore(2);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            s.acquire();
            s.acquire();
            assertEquals(0, s.value());
            assertFalse(s.tryAcquire());
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.spawn(() -> {
                    s.acquire();
                    log.add("got " + n);
                });
            }
            sleep(1);
            assertEquals(new Semaphore.Statistics(0, OptionalInt.empty(), 3), s.statistics());
            s.release();
            assertEquals(0, s.value(), "the unit went straight to the first waiter");
            assertFalse(s.tryAcquire(), "no barging past the woken waiter");
            s.release();
            s.release();
            sleep(1);
            assertEquals(0, s.statistics().tasksWaiting());
            s.release();
            s.release();
            s.release();
            assertEquals(3, s.value());
        }));
        assertEquals(List.of("got 0", "got 1", "got 2"), log);
    }

    @Test
    void boundedReleaseAboveMaximumFails() throws Exception {
        Semaphore s = new Semaphore(1, 1);
        run(() -> {
            assertEquals(OptionalInt.of(1), s.maxValue());
            IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
            assertTrue(e.getMessage().contains("maximum value 1"), e.getMessage());
            assertEquals(1, s.value());
            s.acquire();
            s.release();
            assertEquals(1, s.value());
        });
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(3, 2));
    }

    @Test
    void acquireIsACheckpointAndCancellable() throws Exception {
        Semaphore s = new Semaphore(1);
        List<String> log = new ArrayList<>();
        run(() -> {
            Giambio.createPool(pool -> {
                pool.spawn(() -> log.add("other"));
                s.acquire();
                log.add("acquired");
            });
            assertTrue(timesOut(3, s::acquire));
            assertEquals(3.0, Giambio.clock());
            assertEquals(0, s.statistics().tasksWaiting());
            s.release();
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, s::acquire);
            });
            assertEquals(1, s.value(), "a cancelled acquire takes nothing");
        });
        assertEquals(List.of("other", "acquired"), log);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 7, 8})
    void stressNeverMoreThanPermitsInsideAndFifo(long seed) throws Exception {
        int permits = 5;
        Semaphore s = new Semaphore(permits, permits);
        int[] inside = {0};
        int[] peak = {0};
        int[] total = {0};
        Giambio.run(seed < 0 ? virtual() : shuffled(seed), () -> Giambio.createPool(pool -> {
            for (int i = 0; i < 200; i++) {
                pool.spawn(() -> {
                    for (int r = 0; r < 10; r++) {
                        s.acquire();
                        inside[0]++;
                        peak[0] = Math.max(peak[0], inside[0]);
                        assertTrue(inside[0] <= permits);
                        Giambio.checkpoint();
                        inside[0]--;
                        total[0]++;
                        s.release();
                    }
                });
            }
        }));
        assertEquals(2000, total[0]);
        assertEquals(permits, peak[0]);
        assertEquals(permits, s.value());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 7, 8})
    void waitersAreServedInArrivalOrderUnderShuffle(long seed) throws Exception {
        Semaphore s = new Semaphore(0);
        List<Integer> arrived = new ArrayList<>();
        List<Integer> served = new ArrayList<>();
        Giambio.run(seed < 0 ? virtual() : shuffled(seed), () -> Giambio.createPool(pool -> {
            for (int i = 0; i < 200; i++) {
                int n = i;
                pool.spawn(() -> {
                    arrived.add(n);
                    s.acquire();
                    served.add(n);
                });
            }
            sleep(1);
            assertEquals(200, s.statistics().tasksWaiting());
            for (int i = 0; i < 200; i++) {
                s.release();
                sleep(0.001); // lets the woken task record itself
            }
        }));
        assertEquals(200, served.size());
        assertEquals(arrived, served);
    }
}
