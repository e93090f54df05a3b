package giambio.loop.debug;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.Portal;
import giambio.api.sync.Event;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 5, item 4: the task tree dumped from another thread through the loop's thread-safe portal. */
class CrossThreadDumpTest {

    @Test
    void anotherThreadDumpsTheTaskTreeThroughAPortal() throws Exception {
        String dump = Giambio.run(() -> {
            Event done = new Event();
            CompletableFuture<String> fromThread = new CompletableFuture<>();
            Giambio.createPool(pool -> {
                Portal portal = Portal.open(pool);
                pool.spawn("sleeper", Giambio::sleepForever);
                pool.spawn("closer", () -> {
                    done.await();
                    pool.cancel();
                });
                Giambio.waitAllTasksBlocked();
                Thread.ofPlatform().name("outsider").start(() -> {
                    try {
                        fromThread.complete(portal.call(Giambio::dumpTasks));
                    } catch (Throwable e) {
                        fromThread.completeExceptionally(e);
                    } finally {
                        try {
                            portal.run(done::set);
                        } catch (Exception e) {
                            fromThread.completeExceptionally(e);
                        }
                    }
                });
            });
            return fromThread.get(10, TimeUnit.SECONDS);
        });
        assertTrue(dump.contains("task #1 'main' WAITING"), dump);
        assertTrue(dump.contains("'sleeper' WAITING"), dump);
        assertTrue(dump.contains("'closer' WAITING"), dump);
        assertTrue(dump.contains("(this task called dumpTasks)"), dump);
    }
}
