package giambio.loop.cancel;

import static giambio.loop.cancel.CancelScopeTest.run;
import static giambio.loop.cancel.CancelScopeTest.s;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelReason;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Task;
import giambio.api.TooSlowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** S11 and the cancellability of every blocking call that exists: timeouts, nesting, pools, joins. */
class TimeoutTest {

    @Test
    void withTimeoutRaisesTooSlowWhenTheBodyIsSlow() throws Exception {
        run(() -> {
            TooSlowException e = assertThrows(TooSlowException.class,
                    () -> Giambio.withTimeout(s(1), () -> Giambio.sleep(s(5))));
            assertInstanceOf(TimeoutException.class, e);
            assertTrue(e.getMessage().contains("PT1S"), e.getMessage());
            assertEquals(1.0, Giambio.clock());
            assertEquals(42, Giambio.withTimeout(s(1), () -> 42));
        });
    }

    @Test
    void anHourLongTimeoutRunsInstantlyOnTheVirtualClock() throws Exception {
        long start = System.nanoTime();
        run(() -> assertThrows(TooSlowException.class,
                () -> Giambio.withTimeout(Duration.ofHours(1), () -> Giambio.sleep(Duration.ofHours(2)))));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos());
    }

    @Test
    void skipAfterMovesOnWithEmpty() throws Exception {
        run(() -> {
            assertEquals(Optional.empty(), Giambio.skipAfter(s(1), () -> {
                Giambio.sleep(s(5));
                return "late";
            }));
            assertEquals(Optional.of("quick"), Giambio.skipAfter(s(1), () -> "quick"));
            assertFalse(Giambio.skipAfter(s(1), () -> Giambio.sleep(s(5))));
            assertTrue(Giambio.skipAfter(s(1), () -> Giambio.sleep(s(0.5))));
            assertEquals(2.5, Giambio.clock());
        });
    }

    @Test
    void absoluteVariants() throws Exception {
        run(() -> {
            assertEquals(Optional.empty(), Giambio.skipAt(3, () -> {
                Giambio.sleepForever();
                return 1;
            }));
            assertEquals(3.0, Giambio.clock());
            assertThrows(TooSlowException.class, () -> Giambio.withDeadline(4, () -> {
                Giambio.sleepForever();
                return 1;
            }));
            assertEquals(4.0, Giambio.clock());
            assertThrows(IllegalArgumentException.class, () -> Giambio.withDeadline(Double.NaN, () -> 1));
            assertThrows(IllegalArgumentException.class, () -> Giambio.skipAfter(s(-1), () -> 1));
            assertThrows(IllegalArgumentException.class, () -> Giambio.withTimeout(s(-1), () -> 1));
        });
    }

    @Test
    void nestedTimeoutsAreAttributedToTheRightScope() throws Exception {
        run(() -> {
            // inner fires first: the inner raises, the outer is untouched
            assertThrows(TooSlowException.class, () -> Giambio.withTimeout(s(5), () -> {
                assertThrows(TooSlowException.class, () -> Giambio.withTimeout(s(1), () -> Giambio.sleep(s(10))));
                Giambio.sleep(s(10));
            }));
            assertEquals(5.0, Giambio.clock());
            // outer fires first: the inner timeout must not claim it
            List<String> log = new ArrayList<>();
            assertThrows(TooSlowException.class, () -> Giambio.withTimeout(s(1), () -> {
                try {
                    Giambio.withTimeout(s(5), () -> Giambio.sleep(s(10)));
                } catch (TooSlowException wrong) {
                    log.add("inner wrongly raised");
                }
            }));
            assertEquals(6.0, Giambio.clock());
            assertEquals(List.of(), log);
            // skipAfter inside withTimeout, outer fires first
            assertThrows(TooSlowException.class, () -> Giambio.withTimeout(s(1), () -> {
                boolean completed = Giambio.skipAfter(s(5), () -> Giambio.sleep(s(10)));
                log.add("skipAfter returned " + completed);
            }));
            assertEquals(List.of(), log);
        });
    }

    @Test
    void aTimeoutCancelsAPoolsChildrenAndItsWait() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            boolean done = Giambio.skipAfter(s(2), () -> Giambio.createPool(pool -> {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    pool.spawn(() -> {
                        try {
                            Giambio.sleep(s(100));
                        } catch (Cancelled c) {
                            log.add(n + ":" + c.reason());
                            throw c;
                        }
                    });
                }
            }));
            assertFalse(done);
            assertEquals(2.0, Giambio.clock());
        });
        assertEquals(List.of("0:DEADLINE", "1:DEADLINE", "2:DEADLINE"), log);
    }

    @Test
    void aTimeoutCancelsAJoin() throws Exception {
        run(() -> Giambio.createPool(pool -> {
            Task<Void> slow = pool.spawn(() -> Giambio.sleep(s(10)));
            assertThrows(TooSlowException.class, () -> Giambio.withTimeout(s(1), () -> slow.join()));
            assertEquals(1.0, Giambio.clock());
            assertFalse(slow.isDone());
            slow.join();
            assertEquals(10.0, Giambio.clock());
        }));
    }

    @Test
    void aTimeoutCancelsWaitAllTasksBlockedAndSleepForever() throws Exception {
        run(() -> {
            assertFalse(Giambio.skipAfter(s(1), Giambio::sleepForever));
            Giambio.createPool(pool -> {
                pool.spawn(() -> Giambio.sleep(s(5)));
                // the child is blocked, so this returns at once
                Giambio.waitAllTasksBlocked();
                assertEquals(1.0, Giambio.clock());
            });
        });
    }

    @Test
    void cancelledTaskInsideAPoolDoesNotFailThePoolWhenItsScopeCaughtIt() throws Exception {
        run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> Giambio.skipAfter(s(1), Giambio::sleepForever));
            pool.spawn(() -> Giambio.sleep(s(2)));
        }));
    }

    @Test
    void aFailingSiblingCancelsWithReasonFailure() throws Exception {
        List<CancelReason> reasons = new ArrayList<>();
        assertThrows(ArithmeticException.class, () -> run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                try {
                    Giambio.sleepForever();
                } catch (Cancelled c) {
                    reasons.add(c.reason());
                    assertTrue(c.getMessage().contains("ArithmeticException"), c.getMessage());
                    throw c;
                }
            });
            pool.spawn(() -> {
                throw new ArithmeticException("1/0");
            });
        })));
        assertEquals(List.of(CancelReason.FAILURE), reasons);
    }
}
