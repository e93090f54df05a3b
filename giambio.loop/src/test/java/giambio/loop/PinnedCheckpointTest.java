package giambio.loop;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The continuation kernel's sharp-edge guard: a checkpoint the JVM cannot suspend (here, inside
 * a class initializer, which pins the continuation with a native frame) fails with a clear
 * error naming the task, and the loop goes on; the baton kernel suspends there normally.
 */
class PinnedCheckpointTest {

    /** Initialised by a task on the continuation kernel. */
    static final class InitOnContinuation {
        static final List<String> LOG = new ArrayList<>();

        static {
            try {
                Giambio.checkpoint();
                LOG.add("suspended");
            } catch (IllegalStateException e) {
                LOG.add(e.getMessage());
            }
        }

        private InitOnContinuation() {
        }
    }

    /** Initialised by a task on the baton kernel. */
    static final class InitOnBaton {
        static final List<String> LOG = new ArrayList<>();

        static {
            Giambio.checkpoint();
            LOG.add("suspended");
        }

        private InitOnBaton() {
        }
    }

    @Test
    void continuationKernelRejectsASuspendInAClassInitializerNamingTheTask() throws Exception {
        assumeTrue(new ContinuationKernelProvider().unavailableReason().isEmpty(), "continuation kernel unavailable");
        List<String> order = new ArrayList<>();
        Giambio.run(RunOptions.builder().kernel("continuation").build(), () -> Giambio.createPool(pool -> {
            pool.spawn("initializer", () -> {
                order.add("init start");
                order.add("log " + InitOnContinuation.LOG.size());
                Giambio.checkpoint();
                order.add("init end");
            });
            pool.spawn("other", () -> {
                order.add("other");
                Giambio.checkpoint();
                order.add("other end");
            });
        }));
        String message = InitOnContinuation.LOG.get(0);
        assertTrue(message.contains("task 'initializer'") && message.contains("Pinned: NATIVE"), message);
        // The failed checkpoint did not switch: the initializer ran on, then both took turns.
        assertEquals(List.of("init start", "log 1", "other", "init end", "other end"), order);
    }

    @Test
    void batonKernelSuspendsInAClassInitializer() throws Exception {
        List<String> order = new ArrayList<>();
        Giambio.run(RunOptions.builder().kernel("baton").build(), () -> Giambio.createPool(pool -> {
            pool.spawn("initializer", () -> order.add("log " + InitOnBaton.LOG));
            pool.spawn("other", () -> order.add("other"));
        }));
        assertEquals(List.of("other", "log [suspended]"), order);
    }
}
