package giambio.loop.sync;

import static giambio.loop.sync.Loops.*;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.sync.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void setWakesEveryWaiterInOrder() throws Exception {
        List<String> log = new ArrayList<>();
        Event e = new Event();
        run(() -> Giambio.createPool(pool -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.spawn(() -> {
                    e.await();
                    log.add("woke " + n + " at " + Giambio.clock());
                });
            }
            sleep(1);
            assertEquals(3, e.tasksWaiting());
            assertFalse(e.isSet());
            e.set();
            assertTrue(e.isSet());
            assertEquals(0, e.tasksWaiting());
            e.set(); // idempotent
        }));
        assertEquals(List.of("woke 0 at 1.0", "woke 1 at 1.0", "woke 2 at 1.0"), log);
    }

    @Test
    void awaitOnSetEventStillCheckpoints() throws Exception {
        List<String> log = new ArrayList<>();
        Event e = new Event();
        run(() -> {
            e.set();
            Giambio.createPool(pool -> {
                pool.spawn(() -> log.add("other"));
                e.await(); // must yield to "other"
                log.add("after await");
            });
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                e.await(); // set, but the scope is cancelled: raises
                log.add("not reached");
            });
            assertTrue(scope.cancelledCaught());
        });
        assertEquals(List.of("other", "after await"), log);
    }

    @Test
    void waitIsCancellableByDeadline() throws Exception {
        Event e = new Event();
        run(() -> {
            assertTrue(timesOut(2, e::await));
            assertEquals(2.0, Giambio.clock());
            assertEquals(0, e.tasksWaiting(), "the cancelled waiter left the queue");
            assertFalse(e.isSet());
        });
    }

    @Test
    void waitIsCancellableByScopeCancel() throws Exception {
        Event e = new Event();
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            CancelScope scope = CancelScope.create();
            pool.spawn(() -> {
                scope.run(e::await);
                log.add("cancelled=" + scope.cancelledCaught());
            });
            pool.spawn(() -> {
                e.await();
                log.add("second woke");
            });
            sleep(1);
            scope.cancel();
            sleep(1);
            assertEquals(1, e.tasksWaiting());
            e.set();
        }));
        assertEquals(List.of("cancelled=true", "second woke"), log);
    }

    @Test
    void pendingCancelRaisesBeforeWaiting() throws Exception {
        Event e = new Event();
        run(() -> {
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, e::await);
                assertEquals(0, e.tasksWaiting());
            });
        });
    }

    @Test
    void boundToTheFirstLoop() throws Exception {
        Event e = new Event();
        assertFalse(e.isSet()); // callable anywhere
        IllegalStateException outside = assertThrows(IllegalStateException.class, e::set);
        assertTrue(outside.getMessage().contains("running giambio loop"), outside.getMessage());
        run(() -> e.set());
        WrongThreadException other = assertThrows(WrongThreadException.class, () -> run(() -> e.await()));
        assertTrue(other.getMessage().contains("another giambio loop"), other.getMessage());
    }

    @Test
    void foreignThreadFails() throws Exception {
        Event e = new Event();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        run(() -> e.set()); // binds the event to that loop
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                e.set();
            } catch (Throwable x) {
                seen.set(x);
            }
        });
        t.join();
        assertInstanceOf(WrongThreadException.class, seen.get());
        assertTrue(seen.get().getMessage().contains("Event.set"), seen.get().getMessage());
    }
}
