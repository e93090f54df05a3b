package giambio.loop.sync;

import static giambio.loop.sync.Loops.run;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BrokenResourceException;
import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.sync.CapacityLimiter;
import giambio.api.sync.Condition;
import giambio.api.sync.Lock;
import giambio.api.sync.MemoryChannel;
import giambio.api.sync.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of giambio.api.sync that the first mutation check (docs/reliability.md, "Mutation
 * check") showed no test pinned: each test names the surviving mutant it kills. Every wait is
 * bounded by a virtual-clock timeout, so a broken primitive fails instead of hanging.
 */
class SyncMutationGapsTest {

    private static void sleep(double seconds) throws Exception {
        Giambio.sleep(Duration.ofMillis((long) (seconds * 1000)));
    }

    /**
     * Kills Lock.release's negated {@code !waiters.isEmpty()}: when the lock passes to an heir
     * while others still wait, the heir is watched, so its dying with the lock breaks the rest.
     */
    @Test
    void anHeirThatExitsHoldingTheLockBreaksTheTasksStillWaiting() throws Exception {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        run(() -> Giambio.withTimeout(Duration.ofSeconds(10), () -> Giambio.createPool(pool -> {
            pool.spawn("first", () -> {
                lock.acquire();
                sleep(1);
                lock.release();
            });
            pool.spawn("heir", () -> {
                sleep(0.1);
                lock.acquire(); // gets it at 1.0 and ends holding it
            });
            pool.spawn("last", () -> {
                sleep(0.2);
                BrokenResourceException e = assertThrows(BrokenResourceException.class, lock::acquire);
                assertTrue(e.getMessage().contains("'heir'"), e.getMessage());
                log.add("broken at " + Giambio.clock());
            });
        })));
        assertEquals(List.of("broken at 1.0"), log);
    }

    /** Kills the removed {@code checkpointIfCancelled} in ChannelState.receive. */
    @Test
    void receiveInACancelledScopeRaisesCancelledAndLeavesTheItem() throws Exception {
        run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            channel.sender().send("x");
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, () -> channel.receiver().receive());
            });
            assertEquals("x", channel.receiver().receive(), "the item stays in the channel");
        });
    }

    /**
     * Kills the removed {@code checkpointIfCancelled} in Condition.await: a cancelled await
     * raises at once, still holding the lock, so a task waiting for the lock never gets it.
     */
    @Test
    void awaitInACancelledScopeRaisesWithoutLettingGoOfTheLock() throws Exception {
        Lock lock = new Lock();
        Condition condition = new Condition(lock);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.withTimeout(Duration.ofSeconds(10), () -> Giambio.createPool(pool -> {
            lock.acquire();
            pool.spawn(() -> {
                lock.acquire();
                log.add("waiter got the lock");
                lock.release();
            });
            Giambio.waitAllTasksBlocked();
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, condition::await);
                assertEquals(List.of(), log, "the lock was not let go");
            });
            assertTrue(lock.isLocked());
            lock.release();
        })));
        assertEquals(List.of("waiter got the lock"), log);
    }

    /** Kills the removed {@code cancelShieldedCheckpoint} in CapacityLimiter.acquireOnBehalfOf. */
    @Test
    void acquiringAFreeTokenIsAScheduleConsumingCheckpoint() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> log.add("other"));
            limiter.acquire();
            log.add("acquired");
            limiter.release();
        }));
        assertEquals(List.of("other", "acquired"), log);
    }

    /** Kills the boundary mutants of Semaphore's constructor, release and maxValue at zero. */
    @Test
    void aSemaphoreMayStartAtZeroAndBeBoundedAtZero() throws Exception {
        run(() -> {
            Semaphore empty = new Semaphore(0);
            assertEquals(0, empty.value());
            assertFalse(empty.tryAcquire());
            Semaphore none = new Semaphore(0, 0);
            assertEquals(OptionalInt.of(0), none.maxValue());
            IllegalStateException e = assertThrows(IllegalStateException.class, none::release);
            assertTrue(e.getMessage().contains("maximum value 0"), e.getMessage());
            assertEquals(0, none.value());
        });
    }
}
