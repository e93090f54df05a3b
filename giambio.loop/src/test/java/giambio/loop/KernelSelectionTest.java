package giambio.loop;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which kernel runs: the continuation kernel's availability message, and proof that the
 * suite runs on the kernel named by {@code -Dgiambio.kernel} (both surefire executions).
 */
class KernelSelectionTest {

    private static final String FLAG = "--add-exports java.base/jdk.internal.vm=giambio.loop";

    @Test
    void continuationKernelNamesTheMissingFlag() throws Exception {
        ContinuationKernelProvider provider = new ContinuationKernelProvider();
        assertEquals("continuation", provider.name());
        // Above baton: a JVM that grants jdk.internal.vm gets this kernel by default (issue 9).
        assertTrue(provider.priority() > new BatonKernelProvider().priority());
        boolean exported = Object.class.getModule().isExported("jdk.internal.vm", ContinuationKernelProvider.class.getModule());
        Optional<String> reason = provider.unavailableReason();
        if (exported) {
            assertEquals(Optional.empty(), reason);
            assertEquals(7, Giambio.run(RunOptions.builder().kernel("continuation").build(), () -> 7));
        } else {
            assertTrue(reason.orElseThrow().contains(FLAG), reason.toString());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Giambio.run(RunOptions.builder().kernel("continuation").build(), () -> 7));
            assertTrue(e.getMessage().contains(FLAG), e.getMessage());
        }
    }

    @Test
    void theRequestedKernelRunsTheTasks() throws Exception {
        List<Thread> threads = new ArrayList<>();
        Giambio.run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> threads.add(Thread.currentThread()));
            pool.spawn(() -> threads.add(Thread.currentThread()));
        }));
        assertEquals(2, threads.size());
        String kernel = System.getProperty("giambio.kernel", "");
        if (kernel.equals("continuation")) {
            assertSame(threads.get(0), threads.get(1), "continuation tasks share the loop thread");
            assertEquals("giambio-loop", threads.get(0).getName());
        } else {
            assertNotSame(threads.get(0), threads.get(1), "baton tasks have threads of their own");
        }
        assertTrue(threads.get(0).isVirtual());
    }
}
