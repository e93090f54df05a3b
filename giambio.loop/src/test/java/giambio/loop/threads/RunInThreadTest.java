package giambio.loop.threads;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.ThreadCancelPolicy;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Real threads: every wait has a generous bound, no assertion depends on timing. */
class RunInThreadTest {

    /** A fresh virtual clock for each run. */
    private static RunOptions virtual() {
        return RunOptions.builder().clock(VirtualClock.autojumping()).build();
    }

    /**
     * A sibling task that moves a manual clock by {@code amount} once every other task is
     * blocked: an autojumping clock does not jump while a task waits for a worker, so tests of
     * a deadline firing during thread work move the clock themselves.
     */
    private static giambio.api.Action jumpWhenBlocked(VirtualClock clock, Duration amount) {
        return () -> {
            Giambio.waitAllTasksBlocked();
            clock.jump(amount);
        };
    }

    @Test
    void runsOnAWorkerWhileTheLoopGoesOn() throws Exception {
        CountDownLatch loopRan = new CountDownLatch(1);
        List<String> log = new ArrayList<>();
        String thread = Giambio.run(() -> {
            String[] name = new String[1];
            Giambio.createPool(pool -> {
                pool.spawn(() -> {
                    name[0] = Threads.runInThread(() -> {
                        assertTrue(loopRan.await(30, TimeUnit.SECONDS), "the loop kept running");
                        return Thread.currentThread().getName();
                    });
                    log.add("worker done");
                });
                pool.spawn(() -> {
                    for (int i = 0; i < 10; i++) {
                        Giambio.checkpoint();
                    }
                    log.add("sibling ran");
                    loopRan.countDown();
                });
            });
            return name[0];
        });
        assertTrue(thread.startsWith("giambio-worker-"), thread);
        assertEquals(List.of("sibling ran", "worker done"), log);
    }

    @Test
    void exceptionsPassThroughUnchanged() throws Exception {
        IOException boom = new IOException("boom");
        Giambio.run(() -> {
            assertSame(boom, assertThrows(IOException.class, () -> Threads.runInThread(() -> {
                throw boom;
            })));
            assertNull(Threads.runInThread(() -> null));
        });
    }

    @Test
    void waitPolicyWaitsForTheThreadThenRaisesCancelled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean workFinished = new AtomicBoolean();
        List<String> log = new ArrayList<>();
        VirtualClock clock = VirtualClock.manual();
        Giambio.run(RunOptions.builder().clock(clock).build(), () -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                Optional<String> r = Giambio.skipAfter(Duration.ofSeconds(1), () -> Threads.runInThread(() -> {
                    assertTrue(release.await(30, TimeUnit.SECONDS));
                    workFinished.set(true);
                    return "result";
                }));
                log.add("returned " + r + " at " + Giambio.clock() + " finished=" + workFinished.get());
            });
            pool.spawn(() -> {
                Giambio.waitAllTasksBlocked();
                clock.jump(Duration.ofSeconds(10)); // the deadline at 1 s has passed
                Giambio.checkpoint();               // and fires before the worker can finish
                log.add("releasing at " + Giambio.clock());
                release.countDown();
            });
        }));
        assertEquals(List.of("releasing at 10.0", "returned Optional.empty at 10.0 finished=true"), log);
    }

    @Test
    void waitPolicyLetsTheWorksFailureEscapeTheCancelledScope() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException boom = new IllegalStateException("late failure");
        VirtualClock clock = VirtualClock.manual();
        Giambio.run(RunOptions.builder().clock(clock).build(), () -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                giambio.api.CancelScope scope = giambio.api.CancelScope.create();
                scope.setTimeout(Duration.ofSeconds(1));
                Throwable[] seen = new Throwable[1];
                IllegalStateException escaped = assertThrows(IllegalStateException.class, () -> scope.run(() -> {
                    try {
                        Threads.runInThread(() -> {
                            release.await(30, TimeUnit.SECONDS);
                            throw boom;
                        });
                    } catch (giambio.api.Cancelled c) {
                        seen[0] = c;
                        throw c;
                    }
                }));
                assertSame(boom, escaped, "nothing is lost: the failure escapes the scope");
                assertTrue(scope.cancelledCaught());
                assertSame(boom, seen[0].getSuppressed()[0], "it rode on the Cancelled");
                assertEquals(5.0, Giambio.clock());
            });
            pool.spawn(() -> {
                jumpWhenBlocked(clock, Duration.ofSeconds(5)).run();
                Giambio.checkpoint();               // the deadline fires before the worker can finish
                release.countDown();
            });
        }));
    }

    @Test
    void abandonPolicyReturnsAtOnceAndDropsTheResult() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch workerDone = new CountDownLatch(1);
        AtomicBoolean finishedBeforeLoopEnded = new AtomicBoolean(true);
        VirtualClock clock = VirtualClock.manual();
        double[] at = new double[1];
        Giambio.run(RunOptions.builder().clock(clock).build(), () -> Giambio.createPool(pool -> {
            pool.spawn(jumpWhenBlocked(clock, Duration.ofSeconds(1)));
            boolean completed = Giambio.skipAfter(Duration.ofSeconds(1), () -> {
                Threads.runInThread(ThreadCancelPolicy.ABANDON, () -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                        return "dropped";
                    } finally {
                        workerDone.countDown();
                    }
                });
            });
            assertFalse(completed);
            finishedBeforeLoopEnded.set(workerDone.getCount() == 0);
            at[0] = Giambio.clock();
        }));
        assertEquals(1.0, at[0]);
        assertFalse(finishedBeforeLoopEnded.get(), "the task did not wait for the abandoned thread");
        release.countDown();
        assertTrue(workerDone.await(30, TimeUnit.SECONDS));
    }

    @Test
    void interruptPolicyInterruptsTheThread() throws Exception {
        AtomicReference<Throwable> workSaw = new AtomicReference<>();
        VirtualClock clock = VirtualClock.manual();
        double[] at = new double[1];
        Giambio.run(RunOptions.builder().clock(clock).build(), () -> Giambio.createPool(pool -> {
            pool.spawn(jumpWhenBlocked(clock, Duration.ofSeconds(1)));
            giambio.api.CancelScope scope = giambio.api.CancelScope.create();
            scope.setTimeout(Duration.ofSeconds(1));
            scope.run(() -> Threads.runInThread(ThreadCancelPolicy.INTERRUPT, () -> {
                try {
                    Thread.sleep(Duration.ofMinutes(10));
                    return null;
                } catch (InterruptedException e) {
                    workSaw.set(e);
                    throw e;
                }
            }));
            assertTrue(scope.cancelledCaught(), "the interruption is a consequence, not a failure");
            at[0] = Giambio.clock();
        }));
        assertInstanceOf(InterruptedException.class, workSaw.get());
        assertEquals(1.0, at[0]);
    }

    @Test
    void customExecutor() throws Exception {
        try (ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            boolean virtual = Giambio.run(() -> Threads.runInThread(ThreadCancelPolicy.WAIT, virtualThreads,
                    () -> Thread.currentThread().isVirtual()));
            assertTrue(virtual);
        }
    }

    @Test
    void pendingCancellationRaisesBeforeStartingWork() throws Exception {
        AtomicBoolean started = new AtomicBoolean();
        Giambio.run(() -> {
            giambio.api.CancelScope scope = giambio.api.CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(giambio.api.Cancelled.class, () -> Threads.runInThread(() -> started.getAndSet(true)));
            });
        });
        assertFalse(started.get());
    }

    @Test
    void manyConcurrentCalls() throws Exception {
        int n = Giambio.run(() -> {
            int[] sum = {0};
            Giambio.createPool(pool -> {
                for (int i = 0; i < 50; i++) {
                    int k = i;
                    pool.spawn(() -> {
                        int v = Threads.runInThread(() -> k); // a checkpoint: read sum after it
                        sum[0] += v;
                    });
                }
            });
            return sum[0];
        });
        assertEquals(50 * 49 / 2, n);
    }
}
