package giambio.loop.cancel;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Action;
import giambio.api.CancelReason;
import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.TaskPool;
import giambio.api.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** S8-S12: cancel scopes, level-triggered delivery, shielding, deadlines. After trio's test_run cancel tests. */
class CancelScopeTest {

    static void run(Action main) throws Exception {
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).build(), main);
    }

    static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    @Test
    void cancelInsideTheScopeStopsAtTheNextCheckpointAndIsCaught() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                log.add("before");
                scope.cancel();
                log.add("no checkpoint yet");
                Giambio.checkpoint();
                log.add("unreachable");
            });
            assertTrue(scope.cancelCalled());
            assertTrue(scope.cancelledCaught());
        });
        assertEquals(List.of("before", "no checkpoint yet"), log);
    }

    @Test
    void cancelledIsNotCaughtByCatchException() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                while (true) { // a catch-log-continue loop must still end
                    try {
                        Giambio.sleep(s(1));
                    } catch (Exception e) {
                        log.add("swallowed " + e);
                    }
                }
            });
            assertTrue(scope.cancelledCaught());
        });
        assertEquals(List.of(), log);
        assertTrue(Error.class.isAssignableFrom(Cancelled.class));
    }

    @Test
    void cancellationIsLevelTriggered() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                for (int i = 0; i < 3; i++) {
                    try {
                        Giambio.checkpoint();
                        log.add("checkpoint passed");
                    } catch (Cancelled c) {
                        log.add("cancelled " + i);
                    }
                }
                Giambio.sleep(s(5));
            });
            assertEquals(0.0, Giambio.clock());
        });
        assertEquals(List.of("cancelled 0", "cancelled 1", "cancelled 2"), log);
    }

    @Test
    void cancelBeforeEnteringMakesTheFirstCheckpointRaise() throws Exception {
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.cancel();
            List<String> log = new ArrayList<>();
            scope.run(() -> {
                log.add("body starts");
                Giambio.sleep(s(10));
                log.add("unreachable");
            });
            assertEquals(List.of("body starts"), log);
            assertTrue(scope.cancelledCaught());
            assertEquals(0.0, Giambio.clock());
        });
    }

    @Test
    void aScopeCanBeEnteredOnlyOnce() throws Exception {
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.run(() -> {
            }));
            assertTrue(e.getMessage().contains("only once"), e.getMessage());
        });
    }

    @Test
    void cancelFromAnotherTaskWakesASleeper() throws Exception {
        run(() -> {
            CancelScope scope = CancelScope.create();
            Giambio.createPool(pool -> {
                pool.spawn(() -> scope.run(() -> Giambio.sleep(s(100))));
                pool.spawn(() -> {
                    Giambio.sleep(s(3));
                    scope.cancel();
                });
            });
            assertTrue(scope.cancelledCaught());
            assertEquals(3.0, Giambio.clock());
        });
    }

    @Test
    void cancelFromAForeignThreadFailsClearly() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        run(() -> CancelScope.create().run(() -> {
            Giambio.createPool(pool -> {
                TaskPool p = pool;
                Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        p.cancelScope().cancel();
                    } catch (Throwable e) {
                        seen.set(e);
                    }
                });
                t.join();
            });
        }));
        assertInstanceOf(WrongThreadException.class, seen.get());
    }

    @Test
    void innerScopeDoesNotSwallowOuterCancellation() throws Exception {
        run(() -> {
            CancelScope outer = CancelScope.create();
            CancelScope inner = CancelScope.create();
            List<String> log = new ArrayList<>();
            outer.run(() -> {
                inner.run(() -> {
                    outer.cancel();
                    Giambio.checkpoint();
                });
                log.add("unreachable: the inner scope must let the outer Cancelled through");
            });
            assertTrue(outer.cancelledCaught());
            assertFalse(inner.cancelledCaught());
            assertFalse(inner.cancelCalled());
            assertEquals(List.of(), log);
        });
    }

    @Test
    void whenBothAreCancelledTheOutermostCatches() throws Exception {
        run(() -> {
            CancelScope outer = CancelScope.create();
            CancelScope inner = CancelScope.create();
            outer.run(() -> inner.run(() -> {
                inner.cancel();
                outer.cancel();
                Giambio.checkpoint();
            }));
            assertTrue(outer.cancelledCaught());
            assertFalse(inner.cancelledCaught());
        });
    }

    @Test
    void aScopeSwallowsOnlyCancelled() throws Exception {
        IOException boom = new IOException("boom");
        run(() -> {
            CancelScope scope = CancelScope.create();
            assertSame(boom, assertThrows(IOException.class, () -> scope.run(() -> {
                scope.cancel();
                throw boom;
            })));
            assertFalse(scope.cancelledCaught());
        });
    }

    @Test
    void anExceptionThrownByCleanupWhileCancelledIsNotLost() throws Exception {
        IOException closeFailed = new IOException("close failed");
        run(() -> {
            CancelScope scope = CancelScope.create();
            IOException thrown = assertThrows(IOException.class, () -> scope.run(() -> {
                scope.cancel();
                try (AutoCloseable resource = () -> {
                    throw closeFailed;
                }) {
                    Giambio.checkpoint();
                }
            }));
            assertSame(closeFailed, thrown);
            assertTrue(scope.cancelledCaught());
        });
    }

    @Test
    void shieldedScopeIgnoresOuterCancellationButNotItsOwnDeadline() throws Exception {
        run(() -> {
            CancelScope outer = CancelScope.create();
            List<String> log = new ArrayList<>();
            outer.run(() -> {
                outer.cancel();
                CancelScope shielded = CancelScope.create();
                shielded.setShield(true);
                shielded.run(() -> {
                    Giambio.sleep(s(2));
                    log.add("shielded sleep finished at " + Giambio.clock());
                });
                CancelScope shieldedWithDeadline = CancelScope.create();
                shieldedWithDeadline.setShield(true);
                shieldedWithDeadline.setTimeout(s(1));
                shieldedWithDeadline.run(() -> Giambio.sleep(s(100)));
                log.add("own deadline fired at " + Giambio.clock() + ": " + shieldedWithDeadline.cancelledCaught());
                Giambio.checkpoint();
                log.add("unreachable");
            });
            assertTrue(outer.cancelledCaught());
            assertEquals(List.of("shielded sleep finished at 2.0", "own deadline fired at 3.0: true"), log);
        });
    }

    @Test
    void droppingTheShieldWhileWaitingDeliversAtOnce() throws Exception {
        run(() -> {
            CancelScope outer = CancelScope.create();
            CancelScope shielded = CancelScope.create();
            shielded.setShield(true);
            Giambio.createPool(pool -> {
                pool.spawn(() -> outer.run(() -> shielded.run(() -> Giambio.sleep(s(100)))));
                pool.spawn(() -> {
                    Giambio.sleep(s(1));
                    outer.cancel();
                    Giambio.sleep(s(1));
                    shielded.setShield(false);
                });
            });
            assertTrue(outer.cancelledCaught());
            assertFalse(shielded.cancelledCaught());
            assertEquals(2.0, Giambio.clock());
        });
    }

    @Test
    void absoluteAndRelativeDeadlines() throws Exception {
        run(() -> {
            CancelScope absolute = CancelScope.create();
            absolute.setDeadline(Giambio.clock() + 5);
            absolute.run(() -> Giambio.sleep(s(100)));
            assertEquals(5.0, Giambio.clock());
            assertTrue(absolute.cancelledCaught());

            CancelScope relative = CancelScope.create();
            relative.setTimeout(s(2)); // counted from entry, not creation
            assertTrue(Double.isNaN(relative.deadline()));
            Giambio.sleep(s(10));
            relative.run(() -> {
                assertEquals(17.0, relative.deadline());
                Giambio.sleep(s(100));
            });
            assertEquals(17.0, Giambio.clock());
        });
    }

    @Test
    void deadlinesChangedWhileWaitingTakeEffectAtOnce() throws Exception {
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.setTimeout(s(10));
            Giambio.createPool(pool -> {
                pool.spawn(() -> scope.run(() -> Giambio.sleep(s(100))));
                pool.spawn(() -> {
                    Giambio.sleep(s(1));
                    scope.setDeadline(20);   // extend
                    Giambio.sleep(s(14));    // t = 15
                    scope.setTimeout(s(2));  // shorten: t = 17
                });
            });
            assertEquals(17.0, Giambio.clock());
            assertTrue(scope.cancelledCaught());

            CancelScope past = CancelScope.create();
            past.run(() -> {
                past.setDeadline(Giambio.clock() - 1);
                assertTrue(past.cancelCalled(), "a deadline in the past cancels at once");
                Giambio.checkpoint();
            });
            assertTrue(past.cancelledCaught());

            CancelScope removed = CancelScope.create();
            removed.setTimeout(s(1));
            removed.run(() -> {
                removed.setDeadline(Double.POSITIVE_INFINITY);
                Giambio.sleep(s(5));
            });
            assertFalse(removed.cancelledCaught());
        });
    }

    @Test
    void badDeadlinesFailClearly() throws Exception {
        run(() -> {
            CancelScope scope = CancelScope.create();
            assertThrows(IllegalArgumentException.class, () -> scope.setDeadline(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> scope.setDeadline(Double.NEGATIVE_INFINITY));
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> scope.setTimeout(s(-1)));
            assertTrue(neg.getMessage().contains("negative"), neg.getMessage());
            scope.setDeadline(50);
            IllegalStateException both = assertThrows(IllegalStateException.class, () -> scope.setTimeout(s(1)));
            assertTrue(both.getMessage().contains("not both"), both.getMessage());
            CancelScope other = CancelScope.create();
            other.setTimeout(s(1));
            assertThrows(IllegalStateException.class, () -> other.setDeadline(3));
        });
    }

    @Test
    void cancelledCarriesReasonAndMessage() throws Exception {
        run(() -> {
            AtomicReference<Cancelled> seen = new AtomicReference<>();
            CancelScope scope = CancelScope.create();
            scope.setTimeout(s(1));
            scope.run(() -> {
                try {
                    Giambio.sleep(s(5));
                } catch (Cancelled c) {
                    seen.set(c);
                    throw c;
                }
            });
            assertEquals(CancelReason.DEADLINE, seen.get().reason());
            assertTrue(seen.get().getMessage().contains("deadline"), seen.get().getMessage());
            assertTrue(seen.get().getMessage().contains("'main'"), seen.get().getMessage());
        });
    }

    @Test
    void currentEffectiveDeadlineIsTheMinimumUpToAShield() throws Exception {
        run(() -> {
            assertEquals(Double.POSITIVE_INFINITY, Giambio.currentEffectiveDeadline());
            CancelScope a = CancelScope.create();
            a.setDeadline(10);
            a.run(() -> {
                CancelScope b = CancelScope.create();
                b.setDeadline(20);
                b.run(() -> assertEquals(10.0, Giambio.currentEffectiveDeadline()));
                CancelScope c = CancelScope.create();
                c.setDeadline(20);
                c.setShield(true);
                c.run(() -> assertEquals(20.0, Giambio.currentEffectiveDeadline()));
            });
        });
    }

    @Test
    void callReturnsTheValueOrEmpty() throws Exception {
        run(() -> {
            assertEquals(Optional.of(7), CancelScope.create().call(() -> 7));
            CancelScope scope = CancelScope.create();
            assertEquals(Optional.empty(), scope.call(() -> {
                scope.cancel();
                Giambio.checkpoint();
                return 7;
            }));
        });
    }

    @Test
    void taskSpawnedIntoACancelledPoolStartsAndIsCancelledAtItsFirstCheckpoint() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            pool.cancel();
            pool.spawn(() -> {
                log.add("started");
                Giambio.checkpoint();
                log.add("unreachable");
            });
        }));
        assertEquals(List.of("started"), log);
    }

    @Test
    void cancelDeliveredToARunnableTaskAtItsNextCheckpoint() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            var t = pool.spawn(() -> {
                for (int i = 0; ; i++) {
                    log.add("step " + i);
                    Giambio.checkpoint();
                }
            });
            Giambio.checkpoint(); // t runs step 0 and yields (runnable, not parked)
            t.cancel();
            Giambio.checkpoint();
        }));
        assertEquals(List.of("step 0"), log);
    }
}
