package giambio.loop.sync;

import static giambio.loop.sync.Loops.*;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.sync.CapacityLimiter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapacityLimiterTest {

    @Test
    void borrowAndReturnPerTask() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(2);
        run(() -> {
            limiter.acquire();
            assertEquals(1, limiter.borrowedTokens());
            assertEquals(1, limiter.availableTokens());
            IllegalStateException twice = assertThrows(IllegalStateException.class, limiter::acquire);
            assertTrue(twice.getMessage().contains("already holds"), twice.getMessage());
            assertThrows(IllegalStateException.class, limiter::tryAcquire);
            Object other = "borrower-b";
            assertTrue(limiter.tryAcquireOnBehalfOf(other));
            assertFalse(limiter.tryAcquireOnBehalfOf("borrower-c"));
            CapacityLimiter.Statistics s = limiter.statistics();
            assertEquals(2, s.borrowedTokens());
            assertTrue(s.borrowers().contains(Giambio.currentTask()) && s.borrowers().contains(other));
            limiter.releaseOnBehalfOf(other);
            limiter.release();
            IllegalStateException none = assertThrows(IllegalStateException.class, limiter::release);
            assertTrue(none.getMessage().contains("does not hold"), none.getMessage());
        });
        assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(0));
    }

    @Test
    void waitersAreServedFifoAndMoreTokensWakeThem() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            limiter.acquire();
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.spawn(() -> {
                    limiter.acquire();
                    log.add("got " + n + " at " + Giambio.clock());
                });
            }
            sleep(1);
            assertEquals(3, limiter.statistics().tasksWaiting());
            limiter.setTotalTokens(3); // two more tokens: wakes two waiters now
            sleep(1);
            assertEquals(1, limiter.statistics().tasksWaiting());
            limiter.release();
            sleep(1);
            // the finished tasks never returned theirs: the limiter still counts them
            assertEquals(3, limiter.borrowedTokens());
            limiter.setTotalTokens(1); // fewer: borrowers keep theirs
            assertEquals(0, limiter.availableTokens());
        }));
        assertEquals(List.of("got 0 at 1.0", "got 1 at 1.0", "got 2 at 2.0"), log);
    }

    @Test
    void acquireIsCancellable() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        run(() -> {
            limiter.acquireOnBehalfOf("x");
            assertTrue(timesOut(1, limiter::acquire));
            assertEquals(0, limiter.statistics().tasksWaiting());
            limiter.releaseOnBehalfOf("x");
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, limiter::acquire);
            });
            assertEquals(0, limiter.borrowedTokens(), "a cancelled acquire borrows nothing");
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 21})
    void stressNeverMoreThanTotal(long seed) throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(7);
        int[] inside = {0};
        int[] peak = {0};
        int[] done = {0};
        Giambio.run(seed < 0 ? virtual() : shuffled(seed), () -> Giambio.createPool(pool -> {
            for (int i = 0; i < 200; i++) {
                pool.spawn(() -> {
                    for (int r = 0; r < 5; r++) {
                        limiter.acquire();
                        inside[0]++;
                        peak[0] = Math.max(peak[0], inside[0]);
                        Giambio.checkpoint();
                        inside[0]--;
                        done[0]++;
                        limiter.release();
                    }
                });
            }
        }));
        assertEquals(1000, done[0]);
        assertEquals(7, peak[0]);
        assertEquals(0, limiter.borrowedTokens());
    }
}
