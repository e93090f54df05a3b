package giambio.net;

import static giambio.net.NetTesting.onPath;
import static giambio.net.NetTesting.randomBytes;
import static giambio.net.NetTesting.receiveAll;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.ClosedResourceException;
import giambio.api.Giambio;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6: Unix-domain stream sockets, between giambio tasks and against real peers
 * ({@code nc -U}, Python's {@code socket.AF_UNIX}); the socket file's life (removed on close,
 * stale file replaced, live socket and plain file refused).
 */
class UnixSocketTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static Path require(String program) {
        Path p = onPath(program);
        Assumptions.assumeTrue(p != null, program + " is not on PATH; skipping (.ci/run installs it)");
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Serves echo on {@code path} until {@code client} exits; returns whether the file existed while serving. */
    private static boolean echoUntilExit(Path path, Process client) throws Exception {
        boolean[] existed = new boolean[1];
        Giambio.withTimeout(LIMIT, () -> Giambio.createPool(pool -> {
            pool.start(status -> Net.serveUnix(path, NetTesting::echo, status));
            existed[0] = Files.exists(path);
            while (client.isAlive()) {
                Giambio.sleep(Duration.ofMillis(10));
            }
            pool.cancel();
        }));
        return existed[0];
    }

    @Test
    void roundTripBetweenTasksEveryByteAndTheFileIsRemovedWhenTheServerStops(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        byte[] payload = randomBytes(2_000_000, 11);
        long fdsBefore = NetTesting.openFds();
        Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> Giambio.createPool(pool -> {
            List<SocketListener> listeners = pool.start(status -> Net.serveUnix(path, NetTesting::echo, status));
            assertEquals(UnixDomainSocketAddress.of(path), listeners.get(0).localAddress());
            assertTrue(listeners.get(0).toString().startsWith("Unix listener " + path), listeners.get(0).toString());
            List<byte[]> got = new ArrayList<>();
            Giambio.createPool(clients -> {
                for (int i = 0; i < 3; i++) {
                    int seed = i;
                    clients.spawn(() -> {
                        try (SocketStream s = Net.openUnixStream(path)) {
                            assertEquals(UnixDomainSocketAddress.of(path), s.remoteAddress());
                            Giambio.createPool(p -> {
                                p.spawn(() -> {
                                    s.sendAll(randomBytes(payload.length, seed));
                                    s.sendEof();
                                });
                                byte[] back = receiveAll(s, 65536);
                                got.add(back);
                                assertArrayEquals(randomBytes(payload.length, seed), back);
                            });
                        }
                    });
                }
            });
            assertEquals(3, got.size());
            assertTrue(Files.exists(path), "the socket file exists while serving");
            pool.cancel();
        })));
        assertFalse(Files.exists(path), "the listener removes its socket file on close");
        assertEquals(fdsBefore, NetTesting.openFds(), "no descriptor leaked");
    }

    @Test
    void ncDashUGetsEveryByteEchoed(@TempDir Path dir) throws Exception {
        Path nc = require("nc");
        Path path = dir.resolve("nc.sock");
        byte[] payload = randomBytes(300_000, 3);
        Path in = Files.write(dir.resolve("in"), payload);
        Path out = dir.resolve("out");
        Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> Giambio.createPool(pool -> {
            pool.start(status -> Net.serveUnix(path, NetTesting::echo, status));
            // -N: shut the socket down for writing at end of input, then read until the server closes
            Process proc = new ProcessBuilder(nc.toString(), "-N", "-U", path.toString())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(dir.resolve("err").toFile()).start();
            try {
                while (proc.isAlive()) {
                    Giambio.sleep(Duration.ofMillis(10));
                }
                assertEquals(0, proc.exitValue(), () -> "nc failed: " + read(dir.resolve("err")));
            } finally {
                proc.destroyForcibly();
            }
            pool.cancel();
        })));
        assertArrayEquals(payload, Files.readAllBytes(out));
        assertFalse(Files.exists(path));
    }

    @Test
    void pythonAfUnixClientsAtOnceGetTheirBytesEchoed(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("py.sock");
        PythonEchoClients clients = new PythonEchoClients(UnixDomainSocketAddress.of(path), 20, 70_000, 1);
        Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> Giambio.createPool(pool -> {
            pool.start(status -> Net.serveUnix(path, NetTesting::echo, status));
            try (PeerProcess py = clients.start()) {
                py.awaitExitInTask();
                clients.assertEveryByteEchoed(py);
            }
            pool.cancel();
        })));
    }

    private static final String PY_SERVER = """
            import socket, sys, hashlib
            srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            srv.bind(sys.argv[1])
            srv.listen()
            print("ready", flush=True)
            conn, addr = srv.accept()
            total = hashlib.sha256()
            with conn:
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    total.update(chunk)
                conn.sendall(total.hexdigest().encode())
            """;

    @Test
    void openUnixStreamTalksToAPythonServer(@TempDir Path dir) throws Exception {
        Path python = require("python3");
        Path path = dir.resolve("pysrv.sock");
        byte[] payload = randomBytes(1_000_000, 5);
        Process proc = new ProcessBuilder(python.toString(), "-c", PY_SERVER, path.toString())
                .redirectError(dir.resolve("err").toFile()).start();
        try {
            assertEquals('r', proc.getInputStream().read(), () -> "python failed to start");
            String digest = Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> {
                try (SocketStream s = Net.openUnixStream(path)) {
                    s.sendAll(payload);
                    s.sendEof();
                    return new String(receiveAll(s, 4096), StandardCharsets.US_ASCII);
                }
            }));
            assertEquals(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(payload)), digest);
            assertEquals(0, proc.waitFor(), () -> "python failed: " + read(dir.resolve("err")));
        } finally {
            proc.destroyForcibly();
        }
    }

    @Test
    void aStaleSocketFileIsReplacedALiveOneAndAPlainFileAreRefused(@TempDir Path dir) throws Exception {
        // stale: a socket file whose server is gone (bound, never unlinked, closed)
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale), "the JDK leaves the file behind");
        try (SocketListener l = Net.openUnixListener(stale)) {
            assertEquals(UnixDomainSocketAddress.of(stale), l.localAddress());
        }
        assertFalse(Files.exists(stale));

        // live: a server is listening there; its file must survive our attempt
        Path live = dir.resolve("live.sock");
        try (SocketListener first = Net.openUnixListener(live)) {
            BindException e = assertThrows(BindException.class, () -> Net.openUnixListener(live));
            assertTrue(e.getMessage().contains(live.toString()) && e.getMessage().contains("a server is listening"),
                    e.getMessage());
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(live))) {
                assertTrue(c.isConnected(), "the first server still owns the path");
            }
        }

        // a plain file: never deleted
        Path plain = Files.writeString(dir.resolve("plain.txt"), "keep me");
        BindException e = assertThrows(BindException.class, () -> SocketListener.bind(UnixDomainSocketAddress.of(plain)));
        assertTrue(e.getMessage().contains("not a socket") && e.getMessage().contains(plain.toString()), e.getMessage());
        assertEquals("keep me", Files.readString(plain));
    }

    @Test
    void closingRemovesOnlyTheFileTheListenerBound(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("moved.sock");
        SocketListener old = Net.openUnixListener(path);
        // someone replaced the path with their own socket (e.g. a new server after rm)
        Files.delete(path);
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(path));
            old.close();
            assertTrue(Files.exists(path), "the old listener must not remove the new server's file");
        }
        Files.delete(path);
        // and a wrapped channel's file is the caller's: not removed
        Path wrapped = dir.resolve("wrapped.sock");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(wrapped));
        SocketListener.wrap(ch).close();
        assertTrue(Files.exists(wrapped));
    }

    @Test
    void tcpOnlyOptionsAreRefusedByNameOthersWork(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("opt.sock");
        Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> Giambio.createPool(pool -> {
            pool.start(status -> Net.serveUnix(path, NetTesting::echo, status));
            try (SocketStream s = Net.openUnixStream(path)) {
                assertTrue(s.toString().startsWith("Unix stream (unnamed) -> " + path), s.toString());
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> s.setOption(StandardSocketOptions.TCP_NODELAY, true));
                assertTrue(e.getMessage().contains("setOption(TCP_NODELAY)")
                        && e.getMessage().contains("Unix-domain socket has no such option"), e.getMessage());
                e = assertThrows(UnsupportedOperationException.class, () -> s.getOption(StandardSocketOptions.SO_KEEPALIVE));
                assertTrue(e.getMessage().contains("getOption(SO_KEEPALIVE)"), e.getMessage());
                s.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
                assertTrue(s.getOption(StandardSocketOptions.SO_SNDBUF) > 0);
            }
            pool.cancel();
        })));
    }

    @Test
    void connectFailuresSayWhatIsWrong(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none.sock");
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(stale));
        }
        long fdsBefore = NetTesting.openFds();
        Giambio.run(() -> {
            NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Net.openUnixStream(missing));
            assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("is the server running"),
                    e.getMessage());
            ConnectException c = assertThrows(ConnectException.class, () -> Net.openUnixStream(stale));
            assertTrue(c.getMessage().contains(stale.toString()) && c.getMessage().contains("refused"), c.getMessage());
            IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                    () -> Net.openTcpStream(UnixDomainSocketAddress.of(stale)));
            assertTrue(a.getMessage().contains("Net.openUnixStream"), a.getMessage());
        });
        assertEquals(fdsBefore, NetTesting.openFds(), "failed connects leak nothing");
    }

    @Test
    void aFullBacklogMakesTheClientWaitUntilTheServerAccepts(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("full.sock");
        List<SocketChannel> fillers = new ArrayList<>();
        try (SocketListener listener = SocketListener.bind(UnixDomainSocketAddress.of(path), 1)) {
            // fill the backlog with blocking clients nobody accepts (Linux queues backlog + 1)
            for (int i = 0; i < 2; i++) {
                fillers.add(SocketChannel.open(UnixDomainSocketAddress.of(path)));
            }
            Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> Giambio.createPool(pool -> {
                boolean[] connected = new boolean[1];
                pool.spawn(() -> {
                    try (SocketStream s = Net.openUnixStream(path)) {
                        connected[0] = true;
                        s.sendAll("late".getBytes(StandardCharsets.US_ASCII));
                    }
                });
                Giambio.waitAllTasksBlocked();
                assertFalse(connected[0], "the backlog is full: the client waits (EAGAIN is retried)");
                for (int i = 0; i < 3; i++) {
                    try (SocketStream accepted = listener.accept()) {
                        if (i == 2) {
                            assertEquals("late", new String(receiveAll(accepted, 16), StandardCharsets.US_ASCII));
                        }
                    }
                }
                assertTrue(connected[0]);
            })));
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
    }

    @Test
    void cancellingAWaitingAcceptClosesEverythingAndRemovesTheFile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("cancel.sock");
        long fdsBefore = NetTesting.openFds();
        boolean finished = Giambio.run(() -> Giambio.skipAfter(Duration.ofMillis(50),
                () -> Net.serveUnix(path, NetTesting::echo)));
        assertFalse(finished, "serveUnix only ends by cancellation here");
        assertFalse(Files.exists(path));
        assertEquals(fdsBefore, NetTesting.openFds());
        SocketListener l = Net.openUnixListener(path);
        l.close();
        assertThrows(ClosedResourceException.class, () -> Giambio.run(l::accept));
    }
}
