package giambio.loop.threads;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.Task;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FuturesTest {

    /** A fresh virtual clock for each run. */
    private static RunOptions virtual() {
        return RunOptions.builder().clock(VirtualClock.autojumping()).build();
    }

    @Test
    void awaitAFutureCompletedByAnotherThread() throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        String got = Giambio.run(() -> {
            Thread.ofPlatform().start(() -> f.complete("hi"));
            return Threads.await(f);
        });
        assertEquals("hi", got);
    }

    @Test
    void awaitACompletedFutureStillCheckpoints() throws Exception {
        StringBuilder log = new StringBuilder();
        Giambio.run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> log.append("other "));
            log.append(Threads.await(CompletableFuture.completedFuture("done")));
        }));
        assertEquals("other done", log.toString());
    }

    @Test
    void awaitRethrowsTheSameException() throws Exception {
        IOException boom = new IOException("boom");
        Giambio.run(() -> {
            assertSame(boom, assertThrows(IOException.class, () -> Threads.await(CompletableFuture.failedFuture(boom))));
            // a dependent stage wraps it in a CompletionException; await unwraps it
            CompletableFuture<String> dependent = CompletableFuture.<String>failedFuture(boom).thenApply(s -> s);
            assertSame(boom, assertThrows(IOException.class, () -> Threads.await(dependent)));
            CompletableFuture<String> cancelled = new CompletableFuture<>();
            cancelled.cancel(false);
            assertThrows(CancellationException.class, () -> Threads.await(cancelled));
        });
    }

    @Test
    void cancellationStopsWaitingAndOptionallyCancelsTheFuture() throws Exception {
        CompletableFuture<String> keep = new CompletableFuture<>();
        CompletableFuture<String> cancel = new CompletableFuture<>();
        Giambio.run(virtual(), () -> {
            assertTrue(Giambio.skipAfter(Duration.ofSeconds(1), () -> Threads.await(keep)).isEmpty());
            assertTrue(Giambio.skipAfter(Duration.ofSeconds(1), () -> Threads.await(cancel, true)).isEmpty());
            assertEquals(2.0, Giambio.clock());
        });
        assertFalse(keep.isDone());
        assertTrue(cancel.isCancelled());
        keep.complete("late"); // completing after the loop ended must not throw
    }

    @Test
    void taskOutcomeAsFuture() throws Exception {
        IOException boom = new IOException("boom");
        AtomicReference<CompletableFuture<Integer>> ok = new AtomicReference<>();
        AtomicReference<CompletableFuture<Object>> failed = new AtomicReference<>();
        AtomicReference<CompletableFuture<Object>> cancelled = new AtomicReference<>();
        Giambio.run(virtual(), () -> {
            try {
                Giambio.createPool(pool -> {
                    Task<Integer> a = pool.spawn(() -> {
                        Giambio.sleep(Duration.ofSeconds(1));
                        return 42;
                    });
                    Task<Object> b = pool.spawn(() -> {
                        Giambio.sleep(Duration.ofSeconds(2));
                        throw boom;
                    });
                    Task<Object> c = pool.spawn(() -> {
                        Giambio.sleepForever();
                        return null;
                    });
                    ok.set(a.toFuture());
                    failed.set(b.toFuture());
                    cancelled.set(c.toFuture());
                    assertFalse(ok.get().isDone());
                    assertSame(ok.get(), a.toFuture());
                    a.join();
                    assertEquals(42, ok.get().getNow(-1));
                });
            } catch (IOException e) {
                assertSame(boom, e);
            }
        });
        assertEquals(42, ok.get().get());
        ExecutionException e = assertThrows(ExecutionException.class, () -> failed.get().get());
        assertSame(boom, e.getCause());
        assertTrue(cancelled.get().isCancelled());
    }

    @Test
    void toFutureOfAFinishedTaskAndFromAnotherThread() throws Exception {
        AtomicReference<Object> seenByThread = new AtomicReference<>();
        Giambio.run(() -> Giambio.createPool(pool -> {
            Task<String> t = pool.spawn(() -> {
                Giambio.sleep(Duration.ofMillis(50));
                return "x";
            });
            CompletableFuture<String> f = t.toFuture();
            Thread watcher = Thread.ofPlatform().start(() -> {
                try {
                    seenByThread.set(f.get(30, TimeUnit.SECONDS));
                } catch (Exception e) {
                    seenByThread.set(e);
                }
            });
            t.join();
            assertEquals("x", t.toFuture().getNow("not yet"));
            pool.spawn(() -> Threads.runInThread(() -> {
                watcher.join();
                return null;
            }));
        }));
        assertEquals("x", seenByThread.get());
    }

    @Test
    void toFutureFromAForeignThreadFails() throws Exception {
        AtomicReference<Task<?>> task = new AtomicReference<>();
        Giambio.run(() -> Giambio.createPool(pool -> task.set(pool.spawn(() -> 1))));
        assertThrows(WrongThreadException.class, () -> task.get().toFuture());
    }
}
