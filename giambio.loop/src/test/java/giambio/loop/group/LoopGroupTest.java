package giambio.loop.group;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** D7: a structured group of loops (Giambio.runGroup). */
@Timeout(60)
class LoopGroupTest {

    @Test
    void everyLoopRunsOnItsOwnThreadWithItsIndex() throws Exception {
        Set<Integer> indexes = ConcurrentHashMap.newKeySet();
        Set<Object> kernels = ConcurrentHashMap.newKeySet();
        Giambio.runGroup(4, index -> {
            assertEquals(index, Giambio.loopIndex());
            assertEquals(4, Giambio.loopCount());
            indexes.add(index);
            kernels.add(giambio.api.Lowlevel.kernel());
            Giambio.createPool(pool -> pool.spawn(() -> Giambio.sleep(Duration.ofMillis(1))));
        });
        assertEquals(Set.of(0, 1, 2, 3), indexes);
        assertEquals(4, kernels.size(), "one kernel per loop");
    }

    @Test
    void aLoopOfItsOwnIsIndexZeroOfOne() throws Exception {
        Giambio.run(() -> {
            assertEquals(0, Giambio.loopIndex());
            assertEquals(1, Giambio.loopCount());
        });
    }

    @Test
    void theFirstFailureCancelsTheOthersAndLeavesAsTheSameObjectWithLaterOnesSuppressed() throws Exception {
        IllegalStateException first = new IllegalStateException("loop 0 failed");
        IllegalArgumentException later = new IllegalArgumentException("loop 1 failed while unwinding");
        AtomicInteger unwound = new AtomicInteger();
        CountDownLatch othersWaiting = new CountDownLatch(3);
        Exception thrown = assertThrows(Exception.class, () -> Giambio.runGroup(4, index -> {
            if (index == 0) {
                Threads.runInThread(() -> {
                    othersWaiting.await();
                    return null;
                });
                throw first;
            }
            try {
                othersWaiting.countDown();
                Giambio.sleepForever();
            } finally {
                unwound.incrementAndGet();
                if (index == 1) {
                    throw later;
                }
            }
        }));
        assertSame(first, thrown);
        assertArrayEquals(new Throwable[] {later}, first.getSuppressed());
        assertEquals(3, unwound.get(), "every other loop was cancelled and ran its finally");
    }

    @Test
    void cancellingTheCallingTaskCancelsEveryLoop() throws Exception {
        AtomicInteger unwound = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(3);
        Giambio.run(() -> {
            boolean completed = Giambio.skipAfter(Duration.ofMillis(50), () -> Giambio.runGroup(3, index -> {
                started.countDown();
                try {
                    Giambio.sleepForever();
                } finally {
                    unwound.incrementAndGet();
                }
            }));
            assertFalse(completed);
            assertEquals(0, started.getCount());
        });
        assertEquals(3, unwound.get());
    }

    @Test
    void interruptingTheCallingThreadCancelsEveryLoop() throws Exception {
        AtomicInteger unwound = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(2);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                Giambio.runGroup(2, index -> {
                    started.countDown();
                    try {
                        Giambio.sleepForever();
                    } finally {
                        unwound.incrementAndGet();
                    }
                });
                outcome.set(new AssertionError("runGroup returned normally"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join();
        InterruptedException e = assertInstanceOf(InterruptedException.class, outcome.get());
        assertTrue(e.getMessage().contains("Giambio.runGroup"), e.getMessage());
        assertEquals(2, unwound.get());
    }

    @Test
    void aFailureBeforeAnotherLoopStartedStillCancelsIt() throws Exception {
        RuntimeException boom = new RuntimeException("boom");
        AtomicInteger unwound = new AtomicInteger();
        // 16 loops: the first to run fails at once, often before later ones have registered
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Giambio.runGroup(16, index -> {
            if (index == 0) {
                throw boom;
            }
            try {
                Giambio.sleepForever();
            } finally {
                unwound.incrementAndGet();
            }
        }));
        assertSame(boom, thrown);
        assertEquals(0, boom.getSuppressed().length);
        assertEquals(15, unwound.get());
    }

    @Test
    void zeroOrNegativeLoopCountsAreRefusedByName() {
        for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Giambio.runGroup(n, index -> fail("no loop may run")));
            assertTrue(e.getMessage().contains("Giambio.runGroup") && e.getMessage().contains(String.valueOf(n)),
                    e.getMessage());
        }
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Giambio.runGroup(2, null));
        assertTrue(npe.getMessage().contains("Giambio.runGroup"), npe.getMessage());
    }

    @Test
    void theVirtualClockIsSharedAndNeverGoesBack() throws Exception {
        VirtualClock clock = VirtualClock.autojumping();
        Giambio.runGroup(RunOptions.builder().clock(clock).build(), 4, index -> {
            for (int i = 1; i <= 20; i++) {
                double before = Giambio.clock();
                Giambio.sleep(Duration.ofMinutes(index + i));
                assertTrue(Giambio.clock() >= before + 60.0 * (index + i), "slept the whole virtual duration");
            }
        });
        // loop 3 slept 4 + 5 + ... + 23 = 270 minutes in all
        assertTrue(clock.nanoTime() >= Duration.ofMinutes(270).toNanos(), clock.toString());
    }

    @Test
    void dumpTasksShowsTheWholeGroup() throws Exception {
        RuntimeException done = new RuntimeException("dumped");
        CountDownLatch parked = new CountDownLatch(2);
        AtomicReference<String> dump = new AtomicReference<>();
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> Giambio.runGroup(3, index -> {
            if (index == 0) {
                Threads.runInThread(() -> {
                    parked.await();
                    return null;
                });
                dump.set(Giambio.dumpTasks());
                throw done;
            }
            Giambio.createPool(pool -> {
                pool.spawn("sleeper-" + index, Giambio::sleepForever);
                Giambio.waitAllTasksBlocked();
                parked.countDown();
            });
        }));
        assertSame(done, thrown);
        String d = dump.get();
        assertTrue(d.contains("3 loops"), d);
        assertTrue(d.contains("== loop 0 (this loop)"), d);
        assertTrue(d.contains("== loop 1"), d);
        assertTrue(d.contains("== loop 2"), d);
        assertTrue(d.contains("'sleeper-1'"), d);
        assertTrue(d.contains("'sleeper-2'"), d);
        assertTrue(d.contains("(this task called dumpTasks)"), d);
    }

    // ---- each loop on an OS thread of its own (KernelConfig.dedicatedThread) ----------------

    private static boolean continuationKernel() {
        return "continuation".equals(System.getProperty("giambio.kernel"));
    }

    @Test
    void continuationLoopsOfAGroupRunOnTheGroupsPlatformThreads() throws Exception {
        Assumptions.assumeTrue(continuationKernel(), "the baton kernel runs every task on a virtual thread by design");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger virtualOnes = new AtomicInteger();
        Giambio.runGroup(3, index -> {
            Giambio.checkpoint();
            Thread t = Thread.currentThread();
            threads.add(t.getName());
            if (t.isVirtual()) {
                virtualOnes.incrementAndGet();
            }
        });
        assertEquals(0, virtualOnes.get(), "a group's continuation loop runs on the platform thread started for it");
        assertEquals(3, threads.size(), threads.toString());
        assertTrue(threads.stream().allMatch(n -> n.matches("giambio-group-\\d+-loop-[0-2]")), threads.toString());
    }

    @Test
    void aSingleRunStillHasAVirtualLoopThreadOfItsOwn() throws Exception {
        Assumptions.assumeTrue(continuationKernel(), "the baton kernel runs every task on a virtual thread by design");
        Thread caller = Thread.currentThread();
        Thread loop = Giambio.run(Thread::currentThread);
        assertNotSame(caller, loop);
        assertTrue(loop.isVirtual(), loop.toString());
    }

    /**
     * Every carrier of the JDK's virtual-thread scheduler is held by a spinning virtual
     * thread; the two loops of a group must still meet, which they can only do if each runs
     * on an OS thread of its own (before KernelConfig.dedicatedThread, the loops' virtual
     * threads waited for a carrier that never came).
     */
    @Test
    void continuationLoopsRunInParallelWhenTheVirtualThreadSchedulerIsSaturated() throws Exception {
        Assumptions.assumeTrue(continuationKernel(), "the baton kernel runs every task on a virtual thread by design");
        String set = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        int carriers = set != null ? Integer.parseInt(set) : Runtime.getRuntime().availableProcessors();
        java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(carriers);
        Thread[] hogs = new Thread[carriers];
        for (int i = 0; i < carriers; i++) {
            hogs[i] = Thread.ofVirtual().name("carrier-hog-" + i).start(() -> {
                spinning.countDown();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
        }
        java.util.concurrent.atomic.AtomicIntegerArray arrived = new java.util.concurrent.atomic.AtomicIntegerArray(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread group = Thread.ofPlatform().name("group-runner").start(() -> {
            try {
                Giambio.runGroup(2, index -> {
                    arrived.set(index, 1);
                    // each loop spins (no checkpoint, no park) until the other has arrived:
                    // only two OS threads running at once get both loops past this line
                    while (arrived.get(1 - index) == 0) {
                        Thread.onSpinWait();
                    }
                });
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        boolean metWhileSaturated;
        try {
            assertTrue(spinning.await(30, TimeUnit.SECONDS), "the hogs did not all start");
            // Discussion: a bound, not a timing claim: the loops meet within milliseconds when
            // they have OS threads; without, they never do, and releasing the hogs below lets
            // the group finish so that the failure is reported instead of hanging the suite.
            metWhileSaturated = group.join(Duration.ofSeconds(30));
        } finally {
            release.set(true);
            for (Thread h : hogs) {
                h.join();
            }
            group.join();
        }
        assertNull(failure.get());
        assertTrue(metWhileSaturated, "the loops of a group did not run while every carrier of the virtual-thread "
                + "scheduler was busy: a loop must own an OS thread");
        assertEquals(1, arrived.get(0));
        assertEquals(1, arrived.get(1));
    }
}
