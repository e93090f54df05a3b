package giambio.loop.sync;

import static giambio.loop.sync.Loops.*;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.sync.Condition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionTest {

    @Test
    void awaitRequiresTheLock() throws Exception {
        Condition c = new Condition();
        run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, c::await);
            assertTrue(e.getMessage().contains("must hold"), e.getMessage());
            assertThrows(IllegalStateException.class, c::signal);
            assertThrows(IllegalStateException.class, c::signalAll);
        });
    }

    @Test
    void signalWakesOneInFifoOrderAndSignalAllWakesTheRest() throws Exception {
        Condition c = new Condition();
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.spawn(() -> c.lock().withLock(() -> {
                    c.await();
                    assertTrue(c.lock().isLocked(), "holds the lock again");
                    log.add("woke " + n);
                }));
            }
            sleep(1);
            assertEquals(3, c.tasksWaiting());
            assertFalse(c.lock().isLocked(), "await released the lock");
            c.lock().withLock(c::signal);
            sleep(1);
            assertEquals(List.of("woke 0"), log);
            c.lock().withLock(c::signalAll);
        }));
        assertEquals(List.of("woke 0", "woke 1", "woke 2"), log);
    }

    @Test
    void cancelledAwaitReacquiresTheLockBeforeCancelledPropagates() throws Exception {
        Condition c = new Condition();
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            pool.spawn("waiter", () -> {
                boolean cut = timesOut(1, () -> {
                    c.lock().acquire();
                    try {
                        c.await();
                    } catch (Cancelled e) {
                        log.add("cancelled at " + Giambio.clock() + ", owner="
                                + c.lock().statistics().owner().map(t -> t.name()).orElse("none"));
                        throw e;
                    } finally {
                        c.lock().release();
                    }
                });
                assertTrue(cut);
            });
            pool.spawn("hog", () -> {
                sleep(0.5);
                c.lock().acquire(); // hold the lock past the waiter's deadline
                sleep(2);
                c.lock().release();
            });
        }));
        // cancelled at 1.0, but it had to wait for the lock until the hog released it at 2.5
        assertEquals(List.of("cancelled at 2.5, owner=waiter"), log);
        assertEquals(0, c.tasksWaiting());
    }

    @Test
    void producerConsumerQueue() throws Exception {
        Condition nonEmpty = new Condition();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        List<Integer> got = new ArrayList<>();
        Giambio.run(shuffled(5), () -> Giambio.createPool(pool -> {
            for (int k = 0; k < 4; k++) {
                pool.spawn(() -> {
                    for (int i = 0; i < 25; i++) {
                        int v = nonEmpty.lock().withLock(() -> {
                            while (queue.isEmpty()) {
                                nonEmpty.await();
                            }
                            return queue.poll();
                        });
                        got.add(v);
                    }
                });
            }
            for (int i = 0; i < 100; i++) {
                int v = i;
                nonEmpty.lock().withLock(() -> {
                    queue.add(v);
                    nonEmpty.signal();
                });
                if (i % 7 == 0) {
                    Giambio.checkpoint();
                }
            }
        }));
        assertEquals(100, got.size());
        assertEquals(100, got.stream().distinct().count());
    }
}
