package giambio.loop.sync;

import static giambio.loop.sync.Loops.*;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BrokenResourceException;
import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Task;
import giambio.api.sync.Lock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LockTest {

    @Test
    void fifoHandoffWithoutBarging() throws Exception {
        List<String> log = new ArrayList<>();
        Lock lock = new Lock();
        run(() -> Giambio.createPool(pool -> {
            lock.acquire();
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.spawn("w" + n, () -> {
                    lock.acquire();
                    log.add("w" + n);
                    sleep(1);
                    lock.release();
                });
            }
            sleep(1);
            assertEquals(3, lock.statistics().tasksWaiting());
            lock.release();
            // ownership went straight to w0: the lock is held, and the releaser cannot barge
            assertTrue(lock.isLocked());
            assertEquals("w0", lock.statistics().owner().orElseThrow().name());
            assertFalse(lock.tryAcquire());
            lock.acquire(); // queues behind w1 and w2
            log.add("main");
            lock.release();
        }));
        assertEquals(List.of("w0", "w1", "w2", "main"), log);
    }

    @Test
    void acquireOnFreeLockIsACheckpoint() throws Exception {
        List<String> log = new ArrayList<>();
        Lock lock = new Lock();
        run(() -> {
            Giambio.createPool(pool -> {
                pool.spawn(() -> log.add("other"));
                lock.acquire();
                log.add("acquired");
                lock.release();
            });
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, lock::acquire);
                assertFalse(lock.isLocked(), "a cancelled acquire takes nothing");
                assertTrue(lock.tryAcquire(), "tryAcquire is not a checkpoint");
                lock.release();
            });
        });
        assertEquals(List.of("other", "acquired"), log);
    }

    @Test
    void releaseByNonOwnerNamesBothTasks() throws Exception {
        Lock lock = new Lock();
        run(() -> Giambio.createPool(pool -> {
            pool.spawn("holder", () -> {
                lock.acquire();
                sleep(2);
                lock.release();
            });
            pool.spawn("intruder", () -> {
                sleep(1);
                IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
                assertTrue(e.getMessage().contains("'intruder'") && e.getMessage().contains("'holder'"), e.getMessage());
            });
        }));
        run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, new Lock()::release);
            assertTrue(e.getMessage().contains("not held"), e.getMessage());
        });
    }

    @Test
    void notReentrant() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            lock.acquire();
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
            assertTrue(e.getMessage().contains("not reentrant"), e.getMessage());
            e = assertThrows(IllegalStateException.class, lock::tryAcquire);
            assertTrue(e.getMessage().contains("not reentrant"), e.getMessage());
            lock.release();
            assertFalse(lock.isLocked());
        });
    }

    @Test
    void ownerExitingWhileHoldingBreaksWaitersAndFutureAcquirers() throws Exception {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        run(() -> {
            Giambio.createPool(pool -> {
                pool.spawn("careless", () -> {
                    lock.acquire();
                    sleep(1);
                });
                for (int i = 0; i < 2; i++) {
                    int n = i;
                    pool.spawn(() -> {
                        sleep(0.5);
                        BrokenResourceException e = assertThrows(BrokenResourceException.class, lock::acquire);
                        assertTrue(e.getMessage().contains("'careless'"), e.getMessage());
                        log.add("broken " + n + " at " + Giambio.clock());
                    });
                }
            });
            assertThrows(BrokenResourceException.class, lock::acquire);
            assertThrows(BrokenResourceException.class, lock::tryAcquire);
        });
        assertEquals(List.of("broken 0 at 1.0", "broken 1 at 1.0"), log);
    }

    @Test
    void ownerExitingWithoutWaitersIsNoticedLater() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            Giambio.createPool(pool -> pool.spawn("careless", lock::acquire));
            BrokenResourceException e = assertThrows(BrokenResourceException.class, lock::acquire);
            assertTrue(e.getMessage().contains("'careless'"), e.getMessage());
        });
    }

    @Test
    void cancelledWaiterLeavesTheQueue() throws Exception {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            lock.acquire();
            pool.spawn("impatient", () -> {
                assertTrue(timesOut(1, lock::acquire));
                log.add("gave up at " + Giambio.clock());
            });
            Task<?> patient = pool.spawn("patient", () -> {
                lock.acquire();
                log.add("patient got it at " + Giambio.clock());
                lock.release();
            });
            sleep(0.5);
            assertEquals(2, lock.statistics().tasksWaiting());
            sleep(1);
            assertEquals(1, lock.statistics().tasksWaiting());
            lock.release();
            patient.join();
        }));
        assertEquals(List.of("gave up at 1.0", "patient got it at 1.5"), log);
    }

    @Test
    void cancelAfterHandoffKeepsOwnership() throws Exception {
        // The lock was handed to the waiter before its cancellation; it owns the lock and
        // sees Cancelled only at its next checkpoint.
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            lock.acquire();
            CancelScope scope = CancelScope.create();
            pool.spawn("waiter", () -> scope.run(() -> {
                lock.acquire();
                log.add("owner=" + lock.statistics().owner().orElseThrow().name());
                try {
                    Giambio.checkpoint();
                } finally {
                    lock.release();
                }
            }));
            sleep(1);
            lock.release();
            scope.cancel();
        }));
        assertEquals(List.of("owner=waiter"), log);
        assertFalse(lock.isLocked());
    }

    @Test
    void withLockReleasesOnFailure() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            assertSame(boom, assertThrows(IllegalArgumentException.class, () -> lock.withLock(() -> {
                assertTrue(lock.isLocked());
                throw boom;
            })));
            assertFalse(lock.isLocked());
            assertEquals(7, lock.withLock(() -> 7));
            assertFalse(lock.isLocked());
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1, 2, 3})
    void stress200TasksMutualExclusionAndFifo(long seed) throws Exception {
        int tasks = 200;
        int rounds = 20;
        Lock lock = new Lock();
        List<Integer> requested = new ArrayList<>();
        List<Integer> granted = new ArrayList<>();
        int[] inside = {0};
        int[] total = {0};
        Giambio.run(seed < 0 ? virtual() : shuffled(seed), () -> Giambio.createPool(pool -> {
            for (int i = 0; i < tasks; i++) {
                int n = i;
                pool.spawn(() -> {
                    for (int r = 0; r < rounds; r++) {
                        requested.add(n);
                        lock.acquire();
                        granted.add(n);
                        assertEquals(0, inside[0]++, "mutual exclusion");
                        Giambio.checkpoint();
                        total[0]++;
                        inside[0]--;
                        lock.release();
                        if (r % 3 == 0) {
                            Giambio.checkpoint();
                        }
                    }
                });
            }
        }));
        assertEquals(tasks * rounds, total[0]);
        assertEquals(requested, granted, "the lock is granted in the order it was requested");
        assertFalse(lock.isLocked());
    }
}
