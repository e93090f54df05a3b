package giambio.bench.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * The echo-server comparison: a plain program (not JMH), because each server runs in a JVM of
 * its own. For every round, every server kind and every client count, it starts the server
 * ({@link EchoServerMain}) in a child JVM, opens that many blocking {@code java.net.Socket}
 * clients on 127.0.0.1 (one platform thread each), lets every client do request/response round
 * trips of a {@value #MESSAGE}-byte message (send it, read the whole echo back) for a warm-up
 * window, then for several measurement windows, and prints round trips per second and the
 * p50/p99/mean round-trip latency and the fairness across clients of each window.
 *
 * <h2>Bounds</h2>
 * Loopback only; every window lasts a fixed time and every client does at most
 * {@link #MAX_SAMPLES} round trips per window; each server child exits when its input closes
 * or after {@link EchoServerMain#MAX_LIFETIME_MS}.
 *
 * {@snippet lang=sh :
 * java -cp giambio.bench/target/benchmarks.jar giambio.bench.echo.EchoCompare \
 *     --servers giambio-baton,giambio-continuation,vthread,netty1,netty \
 *     --clients 1,16,64 --warmup 2 --window 2 --windows 3 --rounds 2
 * }
 *
 * <p>Many loops (D7): {@code giambio-loops} is {@link giambio.net.MultiLoopServer} with one
 * loop per core of the child JVM, {@code giambio-loops4} with 4 loops; {@code netty-epoll} is
 * Netty's native epoll transport ({@code netty-epoll1}: one event loop thread). {@code -Decho.serverJvmArgs="-XX:ActiveProcessorCount=4"}
 * passes JVM options to every server child (to simulate a core count).
 */
public final class EchoCompare {

    /** Bytes per request (and per echo). */
    static final int MESSAGE = 64;

    /** At most this many round trips per client per window (bounds count and memory). */
    static final int MAX_SAMPLES = 2_000_000;

    /** The server names {@code --servers} accepts. */
    static final List<String> KNOWN_SERVERS = List.of("giambio-baton", "giambio-continuation", "giambio-loops",
            "giambio-loopsN (N loops)", "vthread", "netty1", "netty", "netty-epoll", "netty-epoll1");

    /** How long to wait for a server to announce its port. */
    private static final long START_TIMEOUT_S = 30;

    private EchoCompare() {
    }

    /**
     * One window's result. {@code fairness} is the fewest round trips any client did divided by
     * the most (1 for one client): near 1 when the server serves its connections evenly.
     */
    record Window(String server, int clients, int round, int window, long roundTrips, double seconds,
                  long p50Nanos, long p99Nanos, double meanNanos, double fairness) {

        double perSecond() {
            return roundTrips / seconds;
        }
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code --servers a,b}, {@code --clients 1,16,64}, {@code --warmup seconds},
     *             {@code --window seconds}, {@code --windows n}, {@code --rounds n}
     * @throws Exception if a server fails to start or a client fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("--servers", "giambio-baton,giambio-continuation,vthread,netty1,netty");
        opts.put("--clients", "1,16,64");
        opts.put("--warmup", "2");
        opts.put("--window", "2");
        opts.put("--windows", "3");
        opts.put("--rounds", "2");
        for (int i = 0; i < args.length; i += 2) {
            if (!opts.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: '" + args[i] + "'; options: " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        List<String> servers = List.of(opts.get("--servers").split(","));
        for (String server : servers) {
            if (!KNOWN_SERVERS.contains(server) && !server.matches("giambio-loops\\d+")) {
                throw new IllegalArgumentException("unknown server '" + server + "'; known: " + String.join(", ", KNOWN_SERVERS));
            }
        }
        int[] clientCounts = Arrays.stream(opts.get("--clients").split(",")).mapToInt(Integer::parseInt).toArray();
        double warmup = Double.parseDouble(opts.get("--warmup"));
        double window = Double.parseDouble(opts.get("--window"));
        int windows = Integer.parseInt(opts.get("--windows"));
        int rounds = Integer.parseInt(opts.get("--rounds"));
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "# echo comparison: %d-byte messages, servers %s, clients %s, warm-up %.1f s, %d x %.1f s windows, %d rounds, %d cores%n",
                MESSAGE, servers, opts.get("--clients"), warmup, windows, window, rounds, Runtime.getRuntime().availableProcessors());
        out.println("round,server,clients,window,round_trips,seconds,rt_per_s,p50_us,p99_us,mean_us,fairness");
        List<Window> all = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String server : servers) {
                try (ServerProcess process = ServerProcess.start(server)) {
                    for (int clients : clientCounts) {
                        for (Window w : load(server, process.port, clients, round, warmup, window, windows)) {
                            all.add(w);
                            out.printf(Locale.ROOT, "%d,%s,%d,%d,%d,%.3f,%.0f,%.1f,%.1f,%.1f,%.2f%n", w.round, w.server, w.clients,
                                    w.window, w.roundTrips, w.seconds, w.perSecond(), w.p50Nanos / 1e3, w.p99Nanos / 1e3,
                                    w.meanNanos / 1e3, w.fairness);
                        }
                    }
                }
            }
        }
        summary(all, servers, clientCounts, out);
    }

    /** Prints, per server and client count, the median and min..max over all windows of all rounds. */
    private static void summary(List<Window> all, List<String> servers, int[] clientCounts, PrintStream out) {
        out.println();
        out.println("| server | clients | round trips/s median (min..max) | p50 µs median (min..max) | p99 µs median (min..max) | mean µs median | fairness median (min) |");
        out.println("|---|---|---|---|---|---|---|");
        for (int clients : clientCounts) {
            for (String server : servers) {
                List<Window> ws = all.stream().filter(w -> w.server.equals(server) && w.clients == clients).toList();
                if (ws.isEmpty()) {
                    continue;
                }
                double[] fairness = ws.stream().mapToDouble(Window::fairness).sorted().toArray();
                out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %.1f | %.2f (%.2f) |%n", server, clients,
                        stat(ws.stream().mapToDouble(Window::perSecond).toArray(), 1, "%.0f"),
                        stat(ws.stream().mapToDouble(w -> w.p50Nanos / 1e3).toArray(), 1, "%.1f"),
                        stat(ws.stream().mapToDouble(w -> w.p99Nanos / 1e3).toArray(), 1, "%.1f"),
                        median(ws.stream().mapToDouble(w -> w.meanNanos / 1e3).toArray()),
                        median(fairness), fairness[0]);
            }
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String stat(double[] values, double scale, String format) {
        double[] v = values.clone();
        Arrays.sort(v);
        double median = median(v);
        return String.format(Locale.ROOT, format + " (" + format + ".." + format + ")", median * scale, v[0] * scale, v[v.length - 1] * scale);
    }

    /**
     * Connects {@code clients} clients, runs a warm-up window and {@code windows} measured
     * windows, and closes the clients.
     */
    private static List<Window> load(String server, int port, int clients, int round, double warmup, double window, int windows)
            throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Client[] cs = new Client[clients];
        for (int i = 0; i < clients; i++) {
            cs[i] = new Client(address);
        }
        List<Window> results = new ArrayList<>();
        try {
            runWindow(cs, warmup);
            for (int w = 1; w <= windows; w++) {
                long elapsed = runWindow(cs, window);
                long total = 0;
                int fewest = Integer.MAX_VALUE;
                int most = 0;
                for (Client c : cs) {
                    total += c.count;
                    fewest = Math.min(fewest, c.count);
                    most = Math.max(most, c.count);
                }
                long[] samples = new long[Math.toIntExact(total)];
                int at = 0;
                for (Client c : cs) {
                    System.arraycopy(c.latencies, 0, samples, at, c.count);
                    at += c.count;
                }
                double sum = 0;
                for (long sample : samples) {
                    sum += sample;
                }
                Arrays.sort(samples);
                results.add(new Window(server, clients, round, w, total, elapsed / 1e9,
                        percentile(samples, 0.50), percentile(samples, 0.99),
                        total == 0 ? 0 : sum / total, most == 0 ? 0 : (double) fewest / most));
            }
        } finally {
            for (Client c : cs) {
                c.close();
            }
        }
        return results;
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * Runs every client on a thread of its own for {@code seconds}; returns the nanoseconds from
     * the common start to the last client's stop.
     */
    private static long runWindow(Client[] cs, double seconds) throws Exception {
        CyclicBarrier start = new CyclicBarrier(cs.length + 1);
        long[] startedAt = new long[1];
        Thread[] threads = new Thread[cs.length];
        Exception[] failure = new Exception[1];
        long duration = (long) (seconds * 1e9);
        for (int i = 0; i < cs.length; i++) {
            Client c = cs[i];
            threads[i] = Thread.ofPlatform().name("echo-client-" + i).start(() -> {
                try {
                    start.await();
                    c.run(startedAt[0] + duration);
                } catch (Exception e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
        }
        startedAt[0] = System.nanoTime();
        start.await(); // publishes startedAt to the clients (happens-before through the barrier)
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60) + (long) (seconds * 1000));
            if (t.isAlive()) {
                throw new IllegalStateException("client " + t.getName() + " did not stop: the server hangs");
            }
        }
        long elapsed = System.nanoTime() - startedAt[0];
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return elapsed;
    }

    /** One blocking client connection and its latency samples of the current window. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] request = new byte[MESSAGE];
        private final byte[] reply = new byte[MESSAGE];
        // latencies[0..count) are the round trips of the current window, in nanoseconds.
        // Discussion: grown on demand (doubling, up to MAX_SAMPLES); a full-size array per
        // client was 16 MB each and ran the load generator out of heap at 512 clients.
        long[] latencies = new long[4096];
        int count;

        Client(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, 10_000);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            for (int i = 0; i < MESSAGE; i++) {
                request[i] = (byte) ('a' + i % 26);
            }
        }

        /** Round trips until {@code deadline} (System.nanoTime) or MAX_SAMPLES. */
        void run(long deadline) throws IOException {
            count = 0;
            long now = System.nanoTime();
            while (now < deadline && count < MAX_SAMPLES) {
                request[0] = (byte) count;
                out.write(request);
                int got = 0;
                while (got < MESSAGE) {
                    int n = in.read(reply, got, MESSAGE - got);
                    if (n < 0) {
                        throw new IOException("the server closed the connection");
                    }
                    got += n;
                }
                if (reply[0] != request[0]) {
                    throw new IOException("wrong echo: sent " + request[0] + ", got " + reply[0]);
                }
                long after = System.nanoTime();
                if (count == latencies.length) {
                    latencies = java.util.Arrays.copyOf(latencies, Math.min(MAX_SAMPLES, 2 * count));
                }
                latencies[count++] = after - now;
                now = after;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A server child JVM; closing it closes its input, waits for it, and kills it if needed. */
    private static final class ServerProcess implements AutoCloseable {
        private final Process process;
        final int port;

        private ServerProcess(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static ServerProcess start(String server) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xms512m", "-Xmx512m"));
            String kind = switch (server) {
                case "giambio-baton" -> {
                    command.add("-Dgiambio.kernel=baton");
                    yield "giambio";
                }
                case "giambio-continuation" -> {
                    command.add("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED");
                    command.add("-Dgiambio.kernel=continuation");
                    yield "giambio";
                }
                case "vthread", "netty1", "netty", "netty-epoll", "netty-epoll1" -> server;
                default -> {
                    if (!server.startsWith("giambio-loops")) {
                        throw new IllegalArgumentException("unknown server '" + server + "'; known: " + KNOWN_SERVERS);
                    }
                    // giambio-loops: one loop per core of the child JVM; giambio-loopsN: N loops
                    command.add("--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED");
                    command.add("-Dgiambio.kernel=continuation");
                    yield "giambio-loops";
                }
            };
            String extra = System.getProperty("echo.serverJvmArgs", "").strip();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), EchoServerMain.class.getName(), kind));
            if (server.startsWith("giambio-loops") && server.length() > "giambio-loops".length()) {
                command.add(server.substring("giambio-loops".length()));
            }
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            // readLine blocks; the child prints PORT quickly or dies (then readLine returns null).
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("PORT ")) {
                    Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(System.err::println));
                    return new ServerProcess(p, Integer.parseInt(line.substring(5).trim()));
                }
                System.err.println("[" + server + "] " + line);
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
            p.destroyForcibly();
            throw new IOException("server '" + server + "' did not announce its port (exit " + p.waitFor() + ")");
        }

        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
