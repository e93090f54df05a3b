package giambio.loop.core;

import static giambio.loop.core.Loops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelReason;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Task;
import giambio.api.TaskFailedException;
import giambio.api.TaskPool;
import giambio.debug.TaskState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** S4-S7 and S13: pools, tasks, failure propagation, nesting, checkpoints. */
class PoolTest {

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void poolWaitsForAllChildrenWhichRunConcurrently() throws Exception {
        double took = runVirtual(() -> {
            double start = Giambio.clock();
            Giambio.createPool(pool -> {
                pool.spawn(() -> Giambio.sleep(s(2)));
                pool.spawn(() -> Giambio.sleep(s(2)));
            });
            return Giambio.clock() - start;
        });
        assertEquals(2.0, took, "two 2 s children must take 2 s, not 4 s");
    }

    @Test
    void spawnReturnsAtOnceAndChildrenRunInSpawnOrderAtTheNextCheckpoint() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> log.add("a"));
            pool.spawn(() -> log.add("b"));
            log.add("body before checkpoint");
            Giambio.checkpoint();
            log.add("body after checkpoint");
        }));
        assertEquals(List.of("body before checkpoint", "a", "b", "body after checkpoint"), log);
    }

    @Test
    void taskHandleReportsNameStateResultAndJoin() throws Exception {
        runVirtual(() -> Giambio.createPool(pool -> {
            Task<Integer> t = pool.spawn("worker", () -> {
                Giambio.sleep(s(1));
                return 42;
            });
            assertEquals("worker", t.name());
            assertEquals(TaskState.RUNNABLE, t.state());
            assertFalse(t.isDone());
            assertThrows(IllegalStateException.class, t::result);
            Giambio.waitAllTasksBlocked();
            assertEquals(TaskState.WAITING, t.state());
            assertEquals(42, t.join());
            assertEquals(TaskState.SUCCEEDED, t.state());
            assertEquals(42, t.result());
            assertTrue(t.exception().isEmpty());
            assertSame(Giambio.currentTask(), t.parent().orElseThrow());
            assertTrue(t.id() > Giambio.currentTask().id());
        }));
    }

    @Test
    void generatedNamesAndRootName() throws Exception {
        runVirtual(() -> {
            assertEquals("main", Giambio.currentTask().name());
            assertTrue(Giambio.currentTask().parent().isEmpty());
            assertEquals(TaskState.RUNNING, Giambio.currentTask().state());
            Giambio.createPool(pool -> {
                Task<Void> unnamed = pool.spawn(() -> {
                });
                assertEquals("task-" + unnamed.id(), unnamed.name());
                assertSame(unnamed.name(), unnamed.name(), "the generated name is built once");
                assertEquals("given", pool.spawn("given", () -> {
                }).name());
            });
        });
    }

    @Test
    void cancellationReachesTheLiveChildrenInSpawnOrderAfterOnesInTheMiddleFinished() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(pool -> {
            for (String name : List.of("a", "b", "c", "d", "e")) {
                pool.spawn(name, () -> {
                    try {
                        Giambio.sleep(name.equals("b") || name.equals("d") ? s(1) : s(100));
                        log.add(name + " finished");
                    } catch (Cancelled c) {
                        log.add(name + " cancelled");
                        throw c;
                    }
                });
            }
            Giambio.sleep(s(2));
            pool.spawn("f", () -> {
                try {
                    Giambio.sleep(s(100));
                } catch (Cancelled c) {
                    log.add("f cancelled");
                    throw c;
                }
            });
            Giambio.sleep(s(1));
            pool.cancel();
        }));
        assertEquals(List.of("b finished", "d finished", "a cancelled", "c cancelled", "e cancelled", "f cancelled"), log,
                "finished children leave the middle of the pool's lists; the rest are reached in spawn order");
    }

    @Test
    void childFailureCancelsSiblingsAndBodyAndTheSameExceptionComesOut() {
        IOException boom = new IOException("boom");
        List<String> log = new ArrayList<>();
        IOException thrown = assertThrows(IOException.class, () -> runVirtual(() -> Giambio.createPool(pool -> {
            pool.spawn("sleeper", () -> {
                try {
                    Giambio.sleep(s(100));
                } catch (Cancelled c) {
                    log.add("sleeper cancelled: " + c.reason());
                    throw c;
                }
            });
            pool.spawn("failer", () -> {
                Giambio.sleep(s(1));
                throw boom;
            });
            try {
                Giambio.sleep(s(100));
            } catch (Cancelled c) {
                log.add("body cancelled at " + Giambio.clock());
                throw c;
            }
        })));
        assertSame(boom, thrown);
        assertEquals(0, thrown.getSuppressed().length, "Cancelled consequences are not attached");
        assertEquals(List.of("body cancelled at 1.0", "sleeper cancelled: FAILURE"), log, "delivery order is deterministic: the body entered the pool first");
    }

    @Test
    void laterFailuresAreSuppressedInTheFirstOne() {
        IllegalStateException first = new IllegalStateException("first");
        IOException second = new IOException("second");
        Error third = new AssertionError("third");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> runVirtual(() -> Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try {
                            Giambio.sleep(s(10));
                        } finally {
                            throw second; // cleanup that fails while cancelled
                        }
                    });
                    pool.spawn(() -> {
                        Giambio.sleep(s(1));
                        throw first;
                    });
                    pool.spawn(() -> {
                        try {
                            Giambio.sleepForever();
                        } finally {
                            throw third;
                        }
                    });
                })));
        assertSame(first, thrown);
        assertArrayEquals(new Throwable[] {second, third}, thrown.getSuppressed());
    }

    @Test
    void bodyFailureCancelsChildrenAndIsRethrownAfterThey() {
        RuntimeException boom = new RuntimeException("body");
        List<String> log = new ArrayList<>();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> runVirtual(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                try {
                    Giambio.sleep(s(100));
                } finally {
                    Giambio.checkpoint(); // still cancelled: level-triggered
                }
            });
            pool.spawn(() -> {
                try {
                    Giambio.sleep(s(100));
                } finally {
                    log.add("child cleaned up");
                }
            });
            Giambio.sleep(s(1));
            throw boom;
        })));
        assertSame(boom, thrown);
        assertEquals(List.of("child cleaned up"), log);
    }

    @Test
    void failureInAGrandchildReachesTheRoot() {
        IllegalArgumentException boom = new IllegalArgumentException("deep");
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> runVirtual(() -> nest(5, boom))));
    }

    private static void nest(int depth, RuntimeException boom) throws Exception {
        Giambio.createPool(pool -> {
            if (depth == 0) {
                pool.spawn(() -> {
                    Giambio.sleep(s(1));
                    throw boom;
                });
            } else {
                pool.spawn(() -> nest(depth - 1, boom));
                pool.spawn(() -> Giambio.sleep(s(100)));
            }
        });
    }

    @Test
    void cancellingAnOuterPoolReachesGrandchildren() throws Exception {
        List<String> cancelled = new ArrayList<>();
        double took = runVirtual(() -> {
            Giambio.createPool(outer -> {
                outer.spawn(() -> Giambio.createPool(inner -> {
                    for (int i = 0; i < 3; i++) {
                        int n = i;
                        inner.spawn(() -> {
                            try {
                                Giambio.sleepForever();
                            } catch (Cancelled c) {
                                cancelled.add("grandchild " + n);
                                throw c;
                            }
                        });
                    }
                }));
                Giambio.sleep(s(3));
                outer.cancel();
            });
            return Giambio.clock();
        });
        assertEquals(3.0, took);
        assertEquals(List.of("grandchild 0", "grandchild 1", "grandchild 2"), cancelled);
    }

    @Test
    void childrenMaySpawnMoreChildrenIntoTheirPool() throws Exception {
        List<Integer> order = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(pool -> pool.spawn(() -> {
            order.add(1);
            pool.spawn(() -> {
                Giambio.sleep(s(1));
                order.add(3);
                pool.spawn(() -> order.add(4));
            });
            order.add(2);
        })));
        assertEquals(List.of(1, 2, 3, 4), order);
    }

    @Test
    void spawningIntoAClosedPoolFailsClearly() throws Exception {
        AtomicReference<TaskPool> leaked = new AtomicReference<>();
        runVirtual(() -> {
            Giambio.createPool(leaked::set);
            assertTrue(leaked.get().isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaked.get().spawn(() -> {
            }));
            assertTrue(e.getMessage().contains("closed pool"), e.getMessage());
        });
    }

    @Test
    void joinOfFailedAndCancelledTasks() throws Exception {
        IOException boom = new IOException("x");
        IOException out = assertThrows(IOException.class, () -> runVirtual(() -> Giambio.createPool(pool -> {
            Task<Void> victim = pool.spawn(Giambio::sleepForever);
            Task<Void> failer = pool.spawn(() -> {
                Giambio.sleep(s(1));
                throw boom;
            });
            Giambio.waitAllTasksBlocked();
            victim.cancel();
            CancellationException ce = assertThrows(CancellationException.class, victim::join);
            assertInstanceOf(Cancelled.class, ce.getCause());
            assertEquals(TaskState.CANCELLED, victim.state());
            assertEquals(CancelReason.EXPLICIT, ((Cancelled) victim.exception().orElseThrow()).reason());
            // joining the failer: the body is cancelled by the failure, so the join itself raises Cancelled
            Cancelled c = assertThrows(Cancelled.class, failer::join);
            assertEquals(CancelReason.FAILURE, c.reason());
            assertEquals(TaskState.FAILED, failer.state());
            assertSame(boom, failer.exception().orElseThrow());
            throw c;
        })));
        assertSame(boom, out);
    }

    @Test
    void joinOfAFailedTaskFromOutsideThePoolWrapsTheSameException() throws Exception {
        IOException boom = new IOException("x");
        runVirtual(() -> {
            AtomicReference<Task<Void>> failed = new AtomicReference<>();
            assertSame(boom, assertThrows(IOException.class, () -> Giambio.createPool(pool -> failed.set(pool.spawn(() -> {
                throw boom;
            })))));
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> failed.get().join());
            assertSame(boom, e.getCause());
        });
    }

    @Test
    void taskCancelEndsOnlyThatTaskQuietly() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(pool -> {
            Task<Void> a = pool.spawn(() -> {
                Giambio.sleepForever();
            });
            pool.spawn(() -> {
                Giambio.sleep(s(2));
                log.add("b finished");
            });
            Giambio.sleep(s(1));
            a.cancel();
            a.cancel(); // idempotent
            assertEquals(TaskState.CANCELLED, assertDoesNotThrowJoinState(a));
        }));
        assertEquals(List.of("b finished"), log);
    }

    private static TaskState assertDoesNotThrowJoinState(Task<Void> t) {
        assertThrows(CancellationException.class, t::join);
        return t.state();
    }

    @Test
    void joiningItselfOrAnAncestorFails() throws Exception {
        runVirtual(() -> {
            Task<?> root = Giambio.currentTask();
            assertThrows(IllegalStateException.class, root::join);
            Giambio.createPool(pool -> pool.spawn(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, root::join);
                assertTrue(e.getMessage().contains("ancestor"), e.getMessage());
            }));
        });
    }

    @Test
    void sleepZeroAndCheckpointYieldToOthers() throws Exception {
        List<String> log = new ArrayList<>();
        runVirtual(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    log.add("a" + i);
                    Giambio.sleep(Duration.ZERO);
                }
            });
            pool.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    log.add("b" + i);
                    Giambio.checkpoint();
                }
            });
        }));
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), log);
    }

    @Test
    void negativeSleepFailsClearly() throws Exception {
        runVirtual(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Giambio.sleep(Duration.ofSeconds(-1)));
            assertTrue(e.getMessage().contains("negative"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Giambio.sleepUntil(Double.NaN));
        });
    }

    @Test
    void sleepUntilUsesTheLoopClock() throws Exception {
        assertEquals(7.5, runVirtual(() -> {
            Giambio.sleepUntil(7.5);
            Giambio.sleepUntil(1.0); // in the past: just a checkpoint
            return Giambio.clock();
        }));
    }

    @Test
    void manyTasksAndDeepNesting() throws Exception {
        int n = runVirtual(() -> {
            int[] count = {0};
            Giambio.createPool(pool -> {
                for (int i = 0; i < 2000; i++) {
                    pool.spawn(() -> {
                        Giambio.sleep(s(1));
                        count[0]++;
                    });
                }
            });
            return count[0];
        });
        assertEquals(2000, n);
        assertEquals(100, runVirtual(() -> depth(100)));
    }

    private static int depth(int n) throws Exception {
        if (n == 0) {
            return 0;
        }
        int[] got = new int[1];
        Giambio.createPool(pool -> pool.spawn(() -> {
            got[0] = depth(n - 1) + 1;
        }));
        return got[0];
    }
}
