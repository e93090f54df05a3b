package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.openFds;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Action;
import giambio.api.Giambio;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * S19: a cancelled or failed operation leaks no file descriptor. Each scenario runs once to
 * warm up (class loading may open jar files), then again between two counts of
 * /proc/self/fd; every scenario does at least 20 operations, so a leak of one descriptor per
 * operation cannot hide in the small tolerance.
 */
class FdLeakTest {

    private static final int N = 25;
    /** Descriptors other JVM threads may open or close meanwhile. */
    private static final int TOLERANCE = 2;

    @BeforeAll
    static void linuxOnly() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")),
                "counting file descriptors needs /proc/self/fd (Linux); skipping the fd leak tests");
    }

    private static void assertNoLeak(Action scenario) throws Exception {
        Giambio.run(scenario);
        long before = openFds();
        Giambio.run(scenario);
        long after = openFds();
        assertTrue(after - before <= TOLERANCE, () -> "open file descriptors went from " + before + " to " + after
                + "; now open: " + describeFds());
    }

    private static String describeFds() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(f -> {
                try {
                    return f.getFileName() + "->" + Files.readSymbolicLink(f);
                } catch (java.io.IOException gone) {
                    return f.getFileName() + "->?";
                }
            }).toList().toString();
        } catch (java.io.IOException e) {
            return "(cannot list: " + e + ")";
        }
    }

    @Test
    void refusedConnectsLeakNothing() throws Exception {
        SocketAddress target = NetTesting.closedLoopbackPort();
        assertNoLeak(() -> {
            for (int i = 0; i < N; i++) {
                assertThrows(ConnectException.class, () -> Net.openTcpStream(target));
                assertThrows(ConnectException.class, () -> Net.openTcpStream("127.0.0.1",
                        ((java.net.InetSocketAddress) target).getPort()));
            }
        });
    }

    @Test
    void cancelledConnectsLeakNothing() throws Exception {
        AtomicInteger cancelled = new AtomicInteger();
        assertNoLeak(() -> {
            // A listener that never accepts, with the smallest backlog: once its queue is full,
            // Linux drops further SYNs and connects hang until cancelled.
            try (SocketListener full = SocketListener.bind(anyLoopbackPort(), 1)) {
                List<SocketStream> connected = new ArrayList<>();
                try {
                    for (int i = 0; i < N + 5; i++) {
                        Giambio.skipAfter(Duration.ofMillis(30), () -> {
                            connected.add(Net.openTcpStream(full.localAddress()));
                        });
                    }
                    cancelled.set(N + 5 - connected.size());
                } finally {
                    for (SocketStream s : connected) {
                        s.close();
                    }
                }
            }
        });
        Assumptions.assumeTrue(cancelled.get() >= N,
                "connects to a full backlog did not hang on this system (" + cancelled.get() + " cancelled)");
    }

    @Test
    void aCancelledServerLeaksNothing() throws Exception {
        assertNoLeak(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort(), 64);
            AtomicInteger waiting = new AtomicInteger();
            List<SocketStream> clients = new ArrayList<>();
            try {
                Giambio.createPool(pool -> {
                    pool.spawn("server", () -> Net.serveTcp(listener, s -> {
                        waiting.incrementAndGet();
                        s.receive(1);                          // never gets anything
                    }));
                    for (int i = 0; i < N; i++) {
                        clients.add(Net.openTcpStream(listener.localAddress()));
                    }
                    while (waiting.get() < N) {
                        Giambio.sleep(Duration.ofMillis(1));
                    }
                    pool.cancel();                              // handlers, accept loop, listener
                });
                assertFalse(listener.isOpen());
                for (SocketStream c : clients) {
                    assertEquals(0, c.receive(1).length, "the server closed its side");
                }
            } finally {
                for (SocketStream c : clients) {
                    c.close();
                }
            }
        });
    }

    @Test
    void cancelledReceivesAcceptsAndUdpReceivesLeakNothing() throws Exception {
        assertNoLeak(() -> {
            for (int i = 0; i < N; i++) {
                try (SocketListener listener = SocketListener.bind(anyLoopbackPort());
                     UdpSocket udp = UdpSocket.bind(anyLoopbackPort())) {
                    assertFalse(Giambio.skipAfter(Duration.ofMillis(1), () -> {
                        listener.accept().close();
                    }));
                    assertFalse(Giambio.skipAfter(Duration.ofMillis(1), () -> {
                        udp.receiveFrom(10);
                    }));
                    SocketStream client = Net.openTcpStream(listener.localAddress());
                    try (client; SocketStream server = listener.accept()) {
                        assertFalse(Giambio.skipAfter(Duration.ofMillis(1), () -> {
                            server.receive(1);
                        }));
                    }
                }
            }
        });
    }
}
