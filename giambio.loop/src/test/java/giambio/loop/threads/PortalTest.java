package giambio.loop.threads;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.ClosedResourceException;
import giambio.api.Giambio;
import giambio.api.Portal;
import giambio.api.RunOptions;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import giambio.api.sync.MemoryChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class PortalTest {

    /** A fresh virtual clock for each run. */
    private static RunOptions virtual() {
        return RunOptions.builder().clock(VirtualClock.autojumping()).build();
    }

    @Test
    void threadCallsIntoTheLoop() throws Exception {
        double got = Giambio.run(virtual(), () -> {
            double[] r = new double[1];
            Giambio.createPool(pool -> {
                Portal portal = Portal.open(pool);
                r[0] = Threads.runInThread(() -> portal.call(() -> {
                    Giambio.sleep(Duration.ofSeconds(3));
                    return Giambio.clock();
                }));
            });
            return r[0];
        });
        assertEquals(3.0, got);
    }

    @Test
    void exceptionsGoToTheCallerNotThePool() throws Exception {
        IOException boom = new IOException("boom");
        Giambio.run(() -> Giambio.createPool(pool -> {
            Portal portal = Portal.open(pool);
            Object seen = Threads.runInThread(() -> {
                try {
                    portal.run(() -> {
                        throw boom;
                    });
                    return "no exception";
                } catch (IOException e) {
                    return e;
                }
            });
            assertSame(boom, seen);
        }));
    }

    @Test
    void callFromALoopTaskFailsInsteadOfDeadlocking() throws Exception {
        Giambio.run(() -> Giambio.createPool(pool -> {
            Portal portal = Portal.open(pool);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> portal.call(() -> 1));
            assertTrue(e.getMessage().contains("Portal.submit"), e.getMessage());
            assertEquals(5, Threads.await(portal.submit(() -> 5)));
        }));
    }

    @Test
    void closedPoolAndEndedLoopFailClearly() throws Exception {
        AtomicReference<Portal> outer = new AtomicReference<>();
        Giambio.run(() -> Giambio.createPool(pool -> {
            outer.set(Portal.open(pool));
            AtomicReference<Portal> inner = new AtomicReference<>();
            Giambio.createPool(p -> inner.set(Portal.open(p)));
            ClosedResourceException e = assertThrows(ClosedResourceException.class,
                    () -> Threads.runInThread(() -> inner.get().call(() -> 1)));
            assertTrue(e.getMessage().contains("pool has closed"), e.getMessage());
        }));
        ClosedResourceException e = assertThrows(ClosedResourceException.class, () -> outer.get().call(() -> 1));
        assertTrue(e.getMessage().contains("ended"), e.getMessage());
    }

    @Test
    void cancelledPoolCancelsTheCall() throws Exception {
        Giambio.run(virtual(), () -> {
            AtomicReference<CompletableFuture<Object>> f = new AtomicReference<>();
            Giambio.createPool(pool -> {
                Portal portal = Portal.open(pool);
                f.set(portal.submit(() -> {
                    Giambio.sleepForever();
                    return null;
                }));
                Giambio.sleep(Duration.ofSeconds(1));
                pool.cancel();
            });
            CancellationException e = assertThrows(CancellationException.class, () -> Threads.await(f.get()));
            assertInstanceOf(giambio.api.Cancelled.class, e.getCause());
        });
    }

    @Test
    void threadProducerWithBackPressure() throws Exception {
        List<Integer> got = new ArrayList<>();
        Giambio.run(() -> {
            MemoryChannel<Integer> ch = MemoryChannel.open(2);
            Giambio.createPool(pool -> {
                Portal portal = Portal.open(pool);
                pool.spawn(() -> Threads.runInThread(() -> {
                    for (int i = 0; i < 100; i++) {
                        int v = i;
                        portal.run(() -> ch.sender().send(v));
                    }
                    portal.run(() -> ch.sender().close());
                    return null;
                }));
                for (int v : ch.receiver()) {
                    got.add(v);
                }
            });
        });
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void callsRacingTheEndOfTheLoopNeverHang() throws Exception {
        // A thread keeps calling in while the pool and the loop end: every call must complete,
        // either run or failed with ClosedResourceException (some are left in the kernel's
        // inbox at shutdown). Bounded, so that a loop slower than the thread still ends.
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(100);
        AtomicReference<Thread> spammer = new AtomicReference<>();
        Giambio.run(() -> Giambio.createPool(pool -> {
            Portal portal = Portal.open(pool);
            spammer.set(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    CompletableFuture<Integer> f = portal.submit(() -> 1);
                    synchronized (futures) {
                        futures.add(f);
                    }
                    started.countDown();
                    if (f.isCompletedExceptionally()) {
                        return; // the loop has ended: submit fails at once
                    }
                    LockSupport.parkNanos(20_000);
                }
            }));
            Threads.runInThread(() -> started.await(30, TimeUnit.SECONDS));
        }));
        spammer.get().join(60_000);
        assertFalse(spammer.get().isAlive());
        int ok = 0;
        int closed = 0;
        synchronized (futures) {
            for (CompletableFuture<Integer> f : futures) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    ok++;
                } catch (ExecutionException e) {
                    assertInstanceOf(ClosedResourceException.class, e.getCause());
                    closed++;
                }
            }
        }
        assertTrue(ok >= 100, "calls made while the pool was open ran: " + ok);
        assertEquals(futures.size(), ok + closed);
    }
}
