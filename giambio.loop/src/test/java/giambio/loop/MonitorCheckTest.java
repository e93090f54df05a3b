package giambio.loop;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The continuation kernel's opt-in monitor check: a checkpoint inside {@code synchronized}
 * fails naming the task instead of deadlocking the loop later. Runs in the continuation
 * surefire execution, which opens java.lang to giambio.loop.
 */
class MonitorCheckTest {

    @BeforeEach
    void needsTheKernelAndTheOpens() {
        assumeTrue(new ContinuationKernelProvider().unavailableReason().isEmpty(), "continuation kernel unavailable");
        assumeTrue(Object.class.getModule().isOpen("java.lang", MonitorCheck.class.getModule()),
                "java.lang is not opened to giambio.loop");
        System.setProperty(MonitorCheck.PROPERTY, "true");
    }

    @AfterEach
    void clear() {
        System.clearProperty(MonitorCheck.PROPERTY);
    }

    @Test
    void checkpointInsideSynchronizedFailsNamingTheTask() throws Exception {
        Object lock = new Object();
        List<String> log = new ArrayList<>();
        Giambio.run(RunOptions.builder().kernel("continuation").build(), () -> Giambio.createPool(pool -> {
            pool.spawn("holder", () -> {
                synchronized (lock) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, Giambio::checkpoint);
                    log.add(e.getMessage());
                }
                Giambio.checkpoint();
                log.add("holder after");
            });
            pool.spawn("contender", () -> {
                synchronized (lock) {
                    log.add("contender in");
                }
            });
        }));
        assertEquals(3, log.size(), log.toString());
        assertTrue(log.get(0).contains("task 'holder'") && log.get(0).contains("monitor of [" + lock), log.get(0));
        assertEquals(List.of("contender in", "holder after"), log.subList(1, 3));
    }

    @Test
    void checkpointsOutsideMonitorsPass() throws Exception {
        int n = Giambio.run(RunOptions.builder().kernel("continuation").build(), () -> {
            int[] count = {0};
            Giambio.createPool(pool -> {
                for (int t = 0; t < 3; t++) {
                    pool.spawn(() -> {
                        for (int i = 0; i < 10; i++) {
                            count[0]++;
                            Giambio.checkpoint();
                        }
                    });
                }
            });
            return count[0];
        });
        assertEquals(30, n);
    }
}
