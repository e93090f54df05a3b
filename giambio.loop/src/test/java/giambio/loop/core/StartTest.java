package giambio.loop.core;

import static giambio.loop.core.Loops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.TaskPool;
import giambio.api.TaskStatus;
import giambio.api.sync.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** S22: TaskPool.start (trio's nursery.start). */
class StartTest {

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void startReturnsTheReportedValueOnceReadyAndTheTaskRunsOnInThePool() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(pool -> {
            String value = pool.start("server", status -> {
                log.add("setting up at " + Giambio.clock());
                Giambio.sleep(s(1));
                status.started("ready");
                log.add("serving");
                Giambio.sleep(s(5));
                log.add("done at " + Giambio.clock());
            });
            log.add("start returned " + value + " at " + Giambio.clock());
        }));
        // started() is not a checkpoint: the task runs on to its next checkpoint, then start returns
        assertEquals(List.of("setting up at 0.0", "serving", "start returned ready at 1.0", "done at 6.0"), log,
                "start waits for started(), not for the task; the pool waits for the task");
    }

    @Test
    void anExceptionBeforeReadyComesOutOfStartAndLeavesThePoolAlone() throws Exception {
        IOException boom = new IOException("bind failed");
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(pool -> {
            pool.spawn("sibling", () -> {
                Giambio.sleep(s(3));
                log.add("sibling finished");
            });
            IOException thrown = assertThrows(IOException.class, () -> pool.start(status -> {
                Giambio.sleep(s(1));
                throw boom;
            }));
            assertSame(boom, thrown, "the same exception object comes out of start");
            assertFalse(pool.cancelScope().cancelCalled(), "the pool is not cancelled by a failed start");
        }));
        assertEquals(List.of("sibling finished"), log);
    }

    @Test
    void anExceptionAfterReadyFailsThePoolLikeAnySpawnedTask() throws Exception {
        IllegalStateException late = new IllegalStateException("crashed while serving");
        List<String> log = new ArrayList<>();
        Exception thrown = assertThrows(IllegalStateException.class, () -> runVirtual(() -> Giambio.createPool(pool -> {
            pool.spawn("sibling", () -> {
                try {
                    Giambio.sleep(s(10));
                } finally {
                    log.add("sibling unwound at " + Giambio.clock());
                }
            });
            pool.start(status -> {
                status.started();
                Giambio.sleep(s(2));
                throw late;
            });
            log.add("start returned");
        })));
        assertSame(late, thrown);
        assertEquals(List.of("start returned", "sibling unwound at 2.0"), log);
    }

    @Test
    void returningWithoutStartedIsAClearError() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runVirtual(() -> Giambio.createPool(pool -> pool.start("lazy", status -> { }))));
        assertTrue(e.getMessage().contains("'lazy'") && e.getMessage().contains("without calling TaskStatus.started()"),
                e.getMessage());
    }

    @Test
    void callingStartedTwiceIsAClearError() throws Exception {
        AtomicReference<Throwable> second = new AtomicReference<>();
        runVirtual(() -> Giambio.createPool(pool -> pool.start("twice", status -> {
            status.started(1);
            try {
                status.started(2);
            } catch (IllegalStateException expected) {
                second.set(expected);
            }
        })));
        assertNotNull(second.get());
        assertTrue(second.get().getMessage().contains("twice"), second.get().getMessage());
    }

    @Test
    void cancellingTheCallerWhileWaitingCancelsTheStartingTaskAndStartRaisesCancelled() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            boolean finished = Giambio.skipAfter(s(2), () -> Giambio.createPool(pool -> {
                try {
                    pool.start(status -> {
                        try {
                            Giambio.sleep(s(10));
                            status.started();
                        } finally {
                            log.add("starting task unwound at " + Giambio.clock());
                        }
                    });
                    log.add("start returned");
                } catch (Cancelled c) {
                    log.add("start raised Cancelled");
                    throw c;
                }
            }));
            log.add("skipAfter finished=" + finished);
        });
        assertEquals(List.of("starting task unwound at 2.0", "start raised Cancelled", "skipAfter finished=false"), log);
    }

    @Test
    void cancellingThePoolBeforeReadyDoesNotReachTheStartingTaskUntilItMoves() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(outer -> {
            CancelScope[] poolScope = new CancelScope[1];
            Event poolOpen = new Event();
            TaskPool[] target = new TaskPool[1];
            outer.spawn("pool owner", () -> Giambio.createPool(pool -> {
                target[0] = pool;
                poolScope[0] = pool.cancelScope();
                poolOpen.set();
                Giambio.sleepForever();
            }));
            poolOpen.await();
            outer.spawn("canceller", () -> {
                Giambio.sleep(s(1));
                target[0].cancel();
            });
            // started from a task outside the target pool: until ready it runs under this task
            target[0].start("mover", status -> {
                Giambio.sleep(s(2));
                log.add("still running at " + Giambio.clock() + ", pool cancelled=" + poolScope[0].cancelCalled());
                status.started();
                try {
                    Giambio.sleep(s(10));
                } catch (Cancelled c) {
                    log.add("cancelled after moving, at " + Giambio.clock());
                    throw c;
                }
            });
            log.add("start returned");
        }));
        assertEquals(List.of("still running at 2.0, pool cancelled=true", "cancelled after moving, at 2.0",
                "start returned"), log);
    }

    @Test
    void aPendingStartKeepsThePoolOpenUntilTheTaskHasMovedIn() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(outer -> {
            TaskPool[] target = new TaskPool[1];
            Event open = new Event();
            outer.spawn("pool owner", () -> {
                Giambio.createPool(pool -> {
                    target[0] = pool;
                    open.set();
                    pool.spawn("short child", () -> Giambio.sleep(s(1)));
                });   // its only child finishes at 1.0...
                log.add("pool closed at " + Giambio.clock());
            });
            open.await();
            target[0].start("late", status -> {
                Giambio.sleep(s(3));
                status.started();
                Giambio.sleep(s(1));
                log.add("late task done at " + Giambio.clock());
            });
            log.add("start returned at " + Giambio.clock());
        }));
        // ...but the pool waited for the pending start (3.0) and then for the task that moved in
        assertEquals(List.of("start returned at 3.0", "late task done at 4.0", "pool closed at 4.0"), log);
    }

    @Test
    void startIntoAClosedPoolFails() throws Exception {
        TaskPool[] leaked = new TaskPool[1];
        runVirtual(() -> {
            Giambio.createPool(pool -> leaked[0] = pool);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> leaked[0].start(TaskStatus::started));
            assertTrue(e.getMessage().contains("closed pool"), e.getMessage());
        });
    }

    @Test
    void startFromAnotherThreadIsRefused() throws Exception {
        TaskPool[] leaked = new TaskPool[1];
        AtomicReference<Throwable> seen = new AtomicReference<>();
        runVirtual(() -> Giambio.createPool(pool -> {
            leaked[0] = pool;
            Thread t = new Thread(() -> {
                try {
                    leaked[0].start(TaskStatus::started);
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            t.start();
            t.join();
        }));
        assertInstanceOf(WrongThreadException.class, seen.get());
        assertTrue(seen.get().getMessage().contains("TaskPool.start"), seen.get().getMessage());
    }

    @Test
    void nullArgumentsAreNamed() throws Exception {
        runVirtual(() -> Giambio.createPool(pool -> {
            NullPointerException a = assertThrows(NullPointerException.class, () -> pool.start(null));
            assertEquals("body", a.getMessage());
            NullPointerException b = assertThrows(NullPointerException.class, () -> pool.start(null, TaskStatus::started));
            assertEquals("name", b.getMessage());
        }));
    }

    @Test
    void theMovedTaskShowsUnderItsNewPoolInDumps() throws Exception {
        String[] dump = new String[1];
        runVirtual(() -> Giambio.createPool(outer -> {
            TaskPool[] target = new TaskPool[1];
            Event open = new Event();
            outer.spawn("pool owner", () -> Giambio.createPool(pool -> {
                target[0] = pool;
                open.set();
                Giambio.sleep(s(5));
            }));
            open.await();
            target[0].start("moved", status -> {
                status.started();
                Giambio.sleep(s(3));
            });
            Giambio.waitAllTasksBlocked();
            dump[0] = Giambio.dumpTasks();
        }));
        int owner = dump[0].indexOf("'pool owner'");
        int moved = dump[0].indexOf("'moved'");
        assertTrue(owner >= 0 && moved > owner, dump[0]);
        String ownerLine = dump[0].lines().filter(l -> l.contains("'pool owner'")).findFirst().orElseThrow();
        String movedLine = dump[0].lines().filter(l -> l.contains("'moved'")).findFirst().orElseThrow();
        assertTrue(indent(movedLine) > indent(ownerLine), "the moved task is nested under the pool owner:\n" + dump[0]);
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
