package giambio.loop.core;

import static giambio.loop.core.Loops.runVirtual;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Task;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of giambio.api's core that the first mutation check (docs/reliability.md,
 * "Mutation check") showed no test pinned; each test names the surviving mutant it kills.
 */
class CoreMutationGapsTest {

    /** Kills PoolImpl.start's "replaced return value with null". */
    @Test
    void startReturnsTheValueTheTaskReported() throws Exception {
        int value = runVirtual(() -> {
            int[] got = new int[1];
            Giambio.createPool(pool -> {
                got[0] = pool.start(status -> status.started(42));
            });
            return got[0];
        });
        assertEquals(42, value);
    }

    /** Kills the removed {@code loop.checkpoint} in Task.join of a task that has finished. */
    @Test
    void joiningAFinishedTaskIsStillACheckpoint() throws Exception {
        runVirtual(() -> Giambio.createPool(pool -> {
            Task<Integer> done = pool.spawn(() -> 7);
            Giambio.sleep(Duration.ofSeconds(1));
            assertTrue(done.isDone());
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, done::join);
            });
            assertEquals(7, done.join());
        }));
    }

    /** Kills the removed {@code loop.checkpoint} in Giambio.sleepUntil of a time already past. */
    @Test
    void sleepingUntilATimeAlreadyPastIsACheckpoint() throws Exception {
        runVirtual(() -> {
            Giambio.sleep(Duration.ofSeconds(2));
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, () -> Giambio.sleepUntil(1.0));
            });
            Giambio.sleepUntil(1.0);
            assertEquals(2.0, Giambio.clock(), "a past deadline does not move the clock");
        });
    }

    /** Kills Giambio.skipAt's "replaced return value with Optional.empty". */
    @Test
    void skipAtReturnsTheBodysResultWhenTheDeadlineIsNotReached() throws Exception {
        Optional<Integer> result = runVirtual(() -> Giambio.skipAt(Giambio.clock() + 10, () -> 5));
        assertEquals(Optional.of(5), result);
    }
}
