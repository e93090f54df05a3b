package giambio.net;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Descriptor exhaustion (issue 11): a child JVM started under {@code ulimit -n 256} runs
 * {@link ExhaustionChild}'s echo server, uses up every descriptor, and gets a new connection:
 * the accept fails with "Too many open files", which is logged and retried while a live
 * connection keeps echoing; once descriptors are freed the waiting connection is served. The
 * same for a two-loop {@link MultiLoopServer} in both spreads: the accepting loop runs the same
 * accept loop as single-loop serving.
 */
class ExhaustionTest {

    /** A bound on each wait for the child, so a bug fails the test instead of hanging it. */
    private static final long PATIENCE_S = 60;

    @ParameterizedTest
    @ValueSource(strings = {"single", "REUSE_PORT", "ACCEPTING_LOOP"})
    void theServerSurvivesDescriptorExhaustionAndRecovers(String mode) throws Exception {
        Assumptions.assumeTrue(!mode.equals("REUSE_PORT") || MultiLoopServer.reusePortSupported(),
                "SO_REUSEPORT is not supported here");
        String modulePath = System.getProperty("jdk.module.path");
        assertNotNull(modulePath, "giambio.net's tests run on the module path");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n 256 && exec \"$@\"", "bash",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if ("continuation".equals(System.getProperty("giambio.kernel"))) {
            cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=giambio.loop", "-Dgiambio.kernel=continuation"));
        }
        cmd.addAll(List.of("--module-path", modulePath,
                "--patch-module", "giambio.net=" + Path.of("target", "test-classes").toAbsolutePath(),
                "--add-modules", "giambio.loop", "-m", "giambio.net/giambio.net.ExhaustionChild", mode));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    all.add(l);
                    lines.add(l);
                }
            } catch (IOException gone) {
                // the child ended
            }
        });
        try (Writer commands = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.US_ASCII)) {
            String portLine = await(lines, all, l -> l.startsWith("port "));
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(portLine.substring(5).trim()));
            try (Socket live = connect(server)) {
                echo(live, "before", all);                       // also warms the per-connection classes
                commands.write("fill\n");
                commands.flush();
                String filled = await(lines, all, l -> l.startsWith("filled "));
                assertTrue(Integer.parseInt(filled.substring(7)) > 0, filled);
                try (Socket waiting = connect(server)) {   // the kernel queues it; accept fails
                    waiting.getOutputStream().write("waited\n".getBytes(StandardCharsets.US_ASCII));
                    String warning = await(lines, all, l -> l.contains("out of resources"));
                    assertTrue(warning.contains("Too many open files"), warning);
                    echo(live, "during", all);                   // live connections are still served
                    commands.write("free\n");
                    commands.flush();
                    await(lines, all, l -> l.startsWith("freed "));
                    byte[] back;
                    try {
                        back = waiting.getInputStream().readNBytes(7);
                    } catch (IOException e) {
                        throw new AssertionError("the waiting connection failed after recovery (" + e
                                + "); the child printed: " + all, e);
                    }
                    assertEquals("waited\n", new String(back, StandardCharsets.US_ASCII), "served after recovery");
                    echo(waiting, "after", all);
                }
                echo(live, "still", all);
            }
            commands.write("quit\n");
            commands.flush();
            assertTrue(child.waitFor(PATIENCE_S, TimeUnit.SECONDS), "the child did not end: " + all);
            assertEquals(0, child.exitValue(), () -> "child output: " + all);
            assertTrue(all.contains("done"), () -> "child output: " + all);
        } finally {
            child.destroyForcibly();
        }
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, (int) TimeUnit.SECONDS.toMillis(PATIENCE_S));
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(PATIENCE_S));
        return s;
    }

    private static void echo(Socket s, String word, List<String> all) {
        byte[] line = (word + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] back;
        try {
            OutputStream out = s.getOutputStream();
            out.write(line);
            back = s.getInputStream().readNBytes(line.length);
        } catch (IOException e) {
            // Discussion: a reset here has happened once or twice in many runs of the "single"
            // case on a loaded machine; the child's log is what can tell why.
            throw new AssertionError("echo of '" + word + "' failed (" + e + "); the child printed: " + all, e);
        }
        assertArrayEquals(line, back, () -> word + "; the child printed: " + all);
    }

    private static String await(BlockingQueue<String> lines, List<String> all, Predicate<String> wanted)
            throws InterruptedException {
        while (true) {
            String l = lines.poll(PATIENCE_S, TimeUnit.SECONDS);
            assertNotNull(l, () -> "the child did not print the expected line; its output: " + all);
            if (wanted.test(l)) {
                return l;
            }
        }
    }
}
