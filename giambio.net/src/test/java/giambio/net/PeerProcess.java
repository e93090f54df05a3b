package giambio.net;

import giambio.api.ThreadCancelPolicy;
import giambio.api.Threads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A real peer in another process ({@code openssl}, {@code python3}) for the TLS tests and the
 * Python echo clients ({@link PythonEchoClients}): its
 * output (stdout and stderr merged) is collected line by line by a reader thread, and its
 * stdin can be written to. Waits for output are bounded; from a giambio task they run on a
 * worker thread ({@link #awaitLineInTask}), so the loop keeps running.
 */
final class PeerProcess implements AutoCloseable {

    /** Upper bound for any wait on a peer (the machine is shared and may be slow). */
    static final Duration LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private final String description;

    private PeerProcess(Process process, String description) {
        this.process = process;
        this.description = description;
        this.reader = Thread.ofPlatform().daemon().name("peer-output " + description).start(this::readAll);
    }

    /** Starts {@code command}; skips the test (with a message) if the program is missing. */
    static PeerProcess start(String... command) throws IOException {
        Path program = NetTesting.onPath(command[0]);
        Assumptions.assumeTrue(program != null, command[0] + " is not on PATH; skipping (.ci/run installs it)");
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, program.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new PeerProcess(p, String.join(" ", command));
    }

    /** Starts a Python program given as text, with arguments. */
    static PeerProcess python(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-u", "-c", script));
        cmd.addAll(List.of(args));
        return start(cmd.toArray(String[]::new));
    }

    private void readAll() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                lines.add("(reading the output failed: " + e + ")");
            }
        }
    }

    /** Waits (blocking the calling thread) for a line matching {@code test} and returns it. */
    synchronized String awaitLine(Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (test.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                throw new AssertionError("no matching line from " + description + " within " + LIMIT + "; output:\n"
                        + output());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    /** Waits for a line containing {@code text}. */
    String awaitLine(String text) throws InterruptedException {
        return awaitLine(l -> l.contains(text));
    }

    /** {@link #awaitLine(String)} from a giambio task: the wait runs on a worker thread. */
    String awaitLineInTask(String text) throws Exception {
        return Threads.runInThread(ThreadCancelPolicy.ABANDON, () -> awaitLine(text));
    }

    /** Waits for the process to end (from a giambio task, on a worker thread) and returns its exit code. */
    int awaitExitInTask() throws Exception {
        return Threads.runInThread(ThreadCancelPolicy.ABANDON, this::awaitExit);
    }

    /** Whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits (blocking) for the process to end and its output to be read. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(description + " did not end within " + LIMIT + "; output:\n" + output());
        }
        reader.join(LIMIT.toMillis());
        return process.exitValue();
    }

    /** Writes {@code text} to the process's stdin and flushes it. */
    void write(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes the process's stdin (end of input). */
    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** Everything the process printed so far. */
    synchronized String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Reads a file for a failure message. */
    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }
}
