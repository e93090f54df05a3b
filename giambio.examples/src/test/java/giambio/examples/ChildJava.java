package giambio.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A giambio program in a child JVM, as a user starts it: on the module path, with the kernel
 * of the current test run, SIGINT at its default disposition (so that {@link #interrupt()} is a
 * real Ctrl+C even when the build runs in a background job, where SIGINT is ignored), and its
 * standard output and error collected line by line.
 */
final class ChildJava implements AutoCloseable {

    /** How long any wait for the child may take before the test fails (never part of an assertion on speed). */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final Thread pump;

    private ChildJava(Process process) {
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    fresh.add(line);
                }
            } catch (IOException closed) {
                // the child is gone
            }
        });
    }

    /**
     * Starts {@code mainClass} of module giambio.examples with {@code args}; standard error is
     * merged into the collected lines.
     */
    static ChildJava start(String mainClass, String... args) throws IOException {
        return startWithJvmOptions(List.of(), mainClass, args);
    }

    /** Like {@link #start}, with extra JVM options before the main module. */
    static ChildJava startWithJvmOptions(List<String> jvmOptions, String mainClass, String... args) throws IOException {
        return start(0, jvmOptions, mainClass, args);
    }

    /**
     * Like {@link #start}, with at most {@code nofile} open file descriptors (soft and hard
     * {@code RLIMIT_NOFILE}, as {@code ulimit -n} sets it).
     */
    static ChildJava startWithFdLimit(int nofile, String mainClass, String... args) throws IOException {
        return start(nofile, List.of(), mainClass, args);
    }

    private static ChildJava start(int nofile, List<String> jvmOptions, String mainClass, String... args) throws IOException {
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "tests do not run on the module path; skipping the process test");
        Path python = NetPeers.onPath("python3");
        assertNotNull(python, "python3 is needed to start the child with SIGINT at its default disposition "
                + "(.ci/run installs it)");
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-c",
                "import os, resource, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
                        + (nofile > 0 ? "resource.setrlimit(resource.RLIMIT_NOFILE, (" + nofile + ", " + nofile + "))\n" : "")
                        + "os.execv(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if ("continuation".equals(System.getProperty("giambio.kernel"))) {
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.vm=giambio.loop");
            cmd.add("-Dgiambio.kernel=continuation");
        }
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("--module-path", modulePath, "-m", "giambio.examples/" + mainClass));
        cmd.addAll(List.of(args));
        return new ChildJava(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Waits for the first new line that matches, failing with everything seen if none comes. */
    String await(Predicate<String> what, String description) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? fresh.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                fail("the child never printed " + description + "; it printed:\n" + output());
            }
            if (what.test(line)) {
                return line;
            }
        }
    }

    /** Sends SIGINT, as Ctrl+C in a terminal does. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT failed");
    }

    /** Waits for the child to exit and returns its exit status. */
    int waitFor() throws InterruptedException {
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the child did not exit; it printed:\n" + output());
        pump.join(PATIENCE.toMillis());
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything printed so far. */
    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Finds executables. */
    static final class NetPeers {
        private NetPeers() {
        }

        static Path onPath(String name) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            return null;
        }

        /** The executable {@code tool}, or the test is skipped (assumption) naming it. */
        static Path require(String tool) {
            Path p = onPath(tool);
            Assumptions.assumeTrue(p != null, tool + " is not installed (.ci/run installs it); skipping");
            return p;
        }
    }

    /**
     * Python helpers for the seed-server tests' client scripts: {@code until_prompt(s)} reads
     * until the seed's {@code "-> "} prompt (exits if the server closes first), {@code to_eof(s)}
     * reads until the server closes. Prefix a script with it.
     */
    static final String PYTHON_HELPERS = """
            def until_prompt(s):
                data = b""
                while not data.endswith(b"-> "):
                    chunk = s.recv(1024)
                    if not chunk:
                        raise SystemExit("closed early: %r" % data)
                    data += chunk
                return data
            def to_eof(s):
                rest = b""
                while True:
                    chunk = s.recv(1024)
                    if not chunk:
                        return rest
                    rest += chunk
            """;

    /** What the seed's echo servers say to a new client: the welcome line and the prompt. */
    static final String SEED_WELCOME = "Welcome to the server pal, feel free to send me something!\n-> ";

    /**
     * The client's side of the seed's echo-server transcript: reads the welcome and prompt,
     * then sends each line and checks that it comes back as {@code Got: line} and a new prompt.
     *
     * @param in    what the server sends (through the client program)
     * @param out   what the client program sends to the server
     * @param lines the lines to send, without their newline
     */
    static void talkLikeTheSeed(java.io.InputStream in, java.io.OutputStream out, String... lines) throws IOException {
        assertEquals(SEED_WELCOME, readUntil(in, "-> "));
        for (String line : lines) {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("Got: " + line + "\n-> ", readUntil(in, "-> "));
        }
    }

    /** Reads {@code in} byte by byte until {@code end} has arrived; returns everything read. */
    static String readUntil(java.io.InputStream in, String end) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                fail("the stream ended before '" + end + "'; got: " + got.toString(StandardCharsets.US_ASCII));
            }
            got.write(b);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }
}
