package giambio.loop.cancel;

import static giambio.loop.cancel.CancelScopeTest.run;
import static giambio.loop.cancel.CancelScopeTest.s;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.debug.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases after trio's test_cancel_edge_cases and friends. */
class CancelEdgeCaseTest {

    @Test
    void cancellingAnExitedScopeChangesNothing() throws Exception {
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.run(() -> Giambio.sleep(s(1)));
            scope.cancel();
            assertTrue(scope.cancelCalled());
            assertFalse(scope.cancelledCaught());
            Giambio.sleep(s(1)); // the task is not affected
            scope.setDeadline(0);
            Giambio.checkpoint();
        });
    }

    @Test
    void aPoolWhoseChildIsShieldedRaisesTheOuterCancellationAfterTheChildFinishes() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            CancelScope outer = CancelScope.create();
            outer.setTimeout(s(1));
            outer.run(() -> {
                Giambio.createPool(pool -> pool.spawn(() -> {
                    CancelScope shield = CancelScope.create();
                    shield.setShield(true);
                    shield.run(() -> Giambio.sleep(s(5)));
                    log.add("child done at " + Giambio.clock());
                }));
                log.add("unreachable: the pool must re-raise the cancellation its owner saw");
            });
            assertTrue(outer.cancelledCaught());
            assertEquals(5.0, Giambio.clock());
        });
        assertEquals(List.of("child done at 5.0"), log);
    }

    @Test
    void aChildThatSwallowsCancelledDoesNotStopThePoolFromRaisingIt() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            boolean completed = Giambio.skipAfter(s(1), () -> {
                Giambio.createPool(pool -> pool.spawn(() -> {
                    try {
                        Giambio.sleep(s(10));
                    } catch (Cancelled swallowed) {
                        log.add("child swallowed it");
                    }
                }));
                log.add("unreachable");
            });
            assertFalse(completed);
        });
        assertEquals(List.of("child swallowed it"), log);
    }

    @Test
    void cancellingAPoolFromItsOwnChildEndsEverythingQuietly() throws Exception {
        run(() -> {
            Giambio.createPool(pool -> {
                pool.spawn(Giambio::sleepForever);
                pool.spawn(() -> {
                    Giambio.sleep(s(2));
                    pool.cancel();
                    Giambio.checkpoint();
                    fail("unreachable");
                });
                Giambio.sleepForever();
            });
            assertEquals(2.0, Giambio.clock());
            assertTrue(Giambio.currentTask().state() == TaskState.RUNNING);
        });
    }

    @Test
    void aShieldedScopeInsideACancelledPoolKeepsItsTaskAlive() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                CancelScope shield = CancelScope.create();
                shield.setShield(true);
                shield.run(() -> {
                    Giambio.sleep(s(3));
                    log.add("cleanup finished");
                });
                Giambio.checkpoint();
                log.add("unreachable");
            });
            Giambio.sleep(s(1));
            pool.cancel();
        }));
        assertEquals(List.of("cleanup finished"), log);
    }

    @Test
    void scopesAreLoopConfinedOnceEntered() throws Exception {
        CancelScope[] leaked = new CancelScope[1];
        run(() -> {
            leaked[0] = CancelScope.create();
            leaked[0].run(() -> {
            });
        });
        assertThrows(WrongThreadException.class, () -> leaked[0].cancel());
        // an unentered scope may be configured anywhere
        CancelScope fresh = CancelScope.create();
        fresh.setShield(true);
        fresh.cancel();
        assertTrue(fresh.cancelCalled());
    }
}
