package giambio.loop.core;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.Portal;
import giambio.api.RunOptions;
import giambio.debug.Debugger;
import giambio.debug.TaskView;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint of the only runnable task skips the switch when nothing could run in its place
 * (KernelBase.wouldPickAgain). These tests pin what must still get in: another thread's
 * action, ready I/O, a due timer, a cancellation, and a debugger's view of every step. Each
 * spinning task loops on {@code Giambio.checkpoint()} only; if the shortcut swallowed what it
 * waits for, it would spin until its guard (a hang guard, not a timing claim) and fail.
 */
class CheckpointShortcutTest {

    /** How long a spinner may wait for what it expects before the test calls it a hang. */
    private static final long GUARD_NANOS = TimeUnit.SECONDS.toNanos(30);

    private interface Flag {
        boolean isSet();
    }

    /** Spins on checkpoints until {@code flag} is set; fails after the guard. */
    private static long spinUntil(Flag flag, String what) {
        long start = System.nanoTime();
        long spins = 0;
        while (!flag.isSet()) {
            Giambio.checkpoint();
            spins++;
            if ((spins & 0xFFFF) == 0 && System.nanoTime() - start > GUARD_NANOS) {
                fail("a task spinning on checkpoints never let in " + what + " (" + spins + " checkpoints)");
            }
        }
        return spins;
    }

    @Test
    void anActionFromAnotherThreadGetsInWhileTheOnlyTaskSpins() throws Exception {
        Giambio.run(() -> Giambio.createPool(pool -> {
            Portal portal = Portal.open(pool);
            boolean[] set = new boolean[1];           // loop-confined: written by the portal call
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    portal.run(() -> set[0] = true);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            spinUntil(() -> set[0], "a portal call from another thread");
            assertTrue(set[0]);
            caller.join();                            // it has returned: the call ran
        }));
    }

    @Test
    void readyIoGetsInWhileTheOnlyRunnableTaskSpins() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            Giambio.run(() -> Giambio.createPool(pool -> {
                int[] got = {-1};
                pool.spawn(() -> {
                    Lowlevel.waitReady(source, SelectionKey.OP_READ);
                    ByteBuffer b = ByteBuffer.allocate(1);
                    source.read(b);
                    got[0] = b.get(0);
                });
                Giambio.checkpoint();                 // the reader runs and waits for readiness
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        sink.write(ByteBuffer.wrap(new byte[] {42}));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                spinUntil(() -> got[0] != -1, "the reader whose pipe became readable");
                assertEquals(42, got[0]);
                writer.join();
            }));
        }
    }

    @Test
    void aDueTimerGetsInWhileTheOnlyRunnableTaskSpins() throws Exception {
        Giambio.run(() -> Giambio.createPool(pool -> {
            boolean[] woke = new boolean[1];
            pool.spawn(() -> {
                Giambio.sleep(Duration.ofMillis(5));  // real clock: the spinner never lets it idle
                woke[0] = true;
            });
            Giambio.checkpoint();                     // the sleeper runs and waits for its timer
            spinUntil(() -> woke[0], "a sleeping task whose deadline passed");
            assertTrue(woke[0]);
        }));
    }

    @Test
    void aCheckpointOfTheOnlyTaskStillRaisesCancellation() throws Exception {
        Giambio.run(() -> {
            CancelScope scope = CancelScope.create();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, Giambio::checkpoint);
            });
            Giambio.checkpoint();                     // outside the scope: no cancellation
        });
    }

    @Test
    void aDebuggerSeesEveryCheckpointAsAStep() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        Debugger counting = new Debugger() {
            @Override
            public void afterTaskStep(TaskView task) {
                steps.incrementAndGet();
            }
        };
        int checkpoints = 1000;
        Giambio.run(RunOptions.builder().debugger(counting).build(), () -> {
            for (int i = 0; i < checkpoints; i++) {
                Giambio.checkpoint();
            }
        });
        assertTrue(steps.get() > checkpoints, "every checkpoint of the only task is a step the debugger sees: "
                + steps.get() + " steps for " + checkpoints + " checkpoints");
    }
}
