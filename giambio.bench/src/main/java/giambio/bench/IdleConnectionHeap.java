package giambio.bench;

import giambio.api.Giambio;
import giambio.net.Net;
import giambio.net.SocketListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the heap an idle connection costs a giambio server (issue 11): a {@code serveTcp}
 * server whose handlers all wait in {@code receive(max)}, N connections opened by a Python
 * child process (so the client sockets are not in this JVM), heap used after GC with them
 * minus before them, divided by N. Not a JMH benchmark (it measures bytes, not time).
 *
 * <pre>
 * java -Xmx2g -cp giambio.api/target/classes:giambio.loop/target/classes:giambio.net/target/classes:giambio.bench/target/classes \
 *      giambio.bench.IdleConnectionHeap 10000 262144
 * </pre>
 * The process needs about N + 100 descriptors ({@code ulimit -n}); the Python client as many.
 */
public final class IdleConnectionHeap {

    private IdleConnectionHeap() {
    }

    /**
     * Prints bytes per idle connection.
     *
     * @param args [connections (10000)] [max of each receive (262144)]
     * @throws Exception if the measurement fails
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int max = args.length > 1 ? Integer.parseInt(args[1]) : 256 * 1024;
        AtomicInteger waiting = new AtomicInteger();
        CountDownLatch listening = new CountDownLatch(1);
        int[] port = new int[1];
        Thread server = Thread.ofPlatform().name("giambio loop").start(() -> {
            try {
                Giambio.run(() -> {
                    SocketListener l = SocketListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    port[0] = ((InetSocketAddress) l.localAddress()).getPort();
                    listening.countDown();
                    Net.serveTcp(l, stream -> {
                        waiting.incrementAndGet();
                        while (stream.receive(max).length > 0) {
                            // idle connections send nothing; this loop only ends at end of stream
                        }
                    });
                });
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        listening.await();
        long before = heapAfterGc();
        Process clients = new ProcessBuilder("python3", "-c", String.join("\n",
                "import socket, sys",
                "socks = [socket.create_connection(('127.0.0.1', int(sys.argv[1]))) for _ in range(int(sys.argv[2]))]",
                "print('connected', flush=True)",
                "sys.stdin.read()"), Integer.toString(port[0]), Integer.toString(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(clients.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (!"connected".equals(line)) {
            throw new IllegalStateException("the Python client failed: " + line);
        }
        while (waiting.get() < n) {
            Thread.sleep(50);
        }
        Thread.sleep(500);                    // the last handlers reach their receive
        long with = heapAfterGc();
        System.out.printf(Locale.ROOT, "%d idle connections waiting in receive(%d): heap %d -> %d bytes after GC, "
                + "%d bytes per connection%n", n, max, before, with, (with - before) / n);
        try (Writer w = new java.io.OutputStreamWriter(clients.getOutputStream(), StandardCharsets.US_ASCII)) {
            w.flush();
        }
        clients.waitFor(60, TimeUnit.SECONDS);
        server.interrupt();
        System.exit(0);
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
