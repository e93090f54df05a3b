package giambio.loop.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Giambio#dumpTasks()} on a tree of nested pools. */
class DumpTasksTest {

    /** The kernel the tests run on (the CI may pick another with -Dgiambio.kernel). */
    static final String KERNEL = System.getProperty("giambio.kernel", "").isBlank() ? "baton"
            : System.getProperty("giambio.kernel");

    static void sleeper() {
        Giambio.sleep(Duration.ofSeconds(10));
    }

    static void nestedPoolOwner() throws Exception {
        Giambio.createPool(inner -> {
            inner.spawn("grandchild", DumpTasksTest::sleeper);
            inner.spawn("runner", () -> {
                for (int i = 0; i < 3; i++) {
                    Giambio.checkpoint();
                }
            });
        });
    }

    @Test
    void dumpShowsTasksPoolsStatesAndStacks() throws Exception {
        String dump = Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).build(), () -> {
            String[] result = new String[1];
            Giambio.createPool(outer -> {
                outer.spawn("child", DumpTasksTest::sleeper);
                outer.spawn("parent", DumpTasksTest::nestedPoolOwner);
                outer.spawn("dumper", () -> {
                    Giambio.sleep(Duration.ofSeconds(1));
                    result[0] = Giambio.dumpTasks();
                    outer.cancel();
                });
            });
            return result[0];
        });
        Files.writeString(Path.of("target", "dump-sample.txt"), dump);
        List<String> lines = dump.lines().toList();
        List<String> skeleton = lines.stream()
                .filter(l -> !l.strip().startsWith("at ") && !l.contains("(stack unavailable")).toList();
        assertEquals(List.of(
                "giambio tasks at 1.000 s on the loop clock (kernel '" + KERNEL + "', 5 tasks):",
                "task #1 'main' WAITING",
                "  pool: 3 tasks",
                "    task #2 'child' WAITING",
                "    task #3 'parent' WAITING",
                "      pool: 1 task",
                "        task #5 'grandchild' WAITING",
                "    task #4 'dumper' RUNNING (this task called dumpTasks)"), skeleton, dump);
        if (!KERNEL.equals("baton")) {
            assertTrue(dump.contains("(stack unavailable under kernel '" + KERNEL + "')"), dump);
            return;
        }
        // Stacks: each waiting task shows where it waits in its own code, loop frames cut off.
        String child = section(lines, "task #2 'child'");
        assertTrue(child.contains("giambio.api.Giambio.sleep(") && child.contains("DumpTasksTest.sleeper("), child);
        assertTrue(section(lines, "task #1 'main'").contains("giambio.api.Giambio.createPool("), dump);
        assertTrue(section(lines, "task #3 'parent'").contains("DumpTasksTest.nestedPoolOwner("), dump);
        assertTrue(lines.stream().filter(l -> l.strip().startsWith("at ")).noneMatch(l -> l.contains("BatonKernel")
                || l.contains("LockSupport")), dump);
    }

    /** The stack lines right after the line that starts with {@code head}. */
    static String section(List<String> lines, String head) {
        int i = 0;
        while (!lines.get(i).strip().startsWith(head)) {
            i++;
        }
        StringBuilder b = new StringBuilder();
        for (i++; i < lines.size() && lines.get(i).strip().startsWith("at "); i++) {
            b.append(lines.get(i)).append('\n');
        }
        return b.toString();
    }

    @Test
    void dumpOutsideALoopFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Giambio::dumpTasks);
        assertTrue(e.getMessage().contains("Giambio.dumpTasks"), e.getMessage());
    }
}
