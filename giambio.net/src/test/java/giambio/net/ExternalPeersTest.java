package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.onPath;
import static giambio.net.NetTesting.randomBytes;
import static giambio.net.NetTesting.receiveAll;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * giambio sockets against real peers in other processes: {@code nc} (netcat-openbsd) and
 * Python's {@code socket} module. Skipped, with a message, if the program is missing.
 */
class ExternalPeersTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static Path require(String program, String hint) {
        Path p = onPath(program);
        Assumptions.assumeTrue(p != null, program + " is not on PATH; skipping (" + hint + ")");
        return p;
    }

    /** Serves with {@code NetTesting::echo} while {@code client} runs. */
    private static void echoUntilExit(SocketListener listener, BooleanSupplier client) throws Exception {
        Giambio.withTimeout(LIMIT, () -> Giambio.createPool(pool -> {
            pool.spawn("server", () -> Net.serveTcp(listener, NetTesting::echo));
            while (client.getAsBoolean()) {
                Giambio.sleep(Duration.ofMillis(10));
            }
            pool.cancel();
        }));
    }

    @Test
    void netcatGetsItsBytesEchoed(@TempDir Path dir) throws Exception {
        Path nc = require("nc", "apt-get install netcat-openbsd");
        byte[] payload = randomBytes(300_000, 7);
        Path in = Files.write(dir.resolve("in"), payload);
        Path out = dir.resolve("out");
        SocketListener listener = SocketListener.bind(anyLoopbackPort());
        int port = ((InetSocketAddress) listener.localAddress()).getPort();
        // -N: shut the socket down for writing at end of input, then read until the server closes
        Process proc = new ProcessBuilder(nc.toString(), "-N", "127.0.0.1", Integer.toString(port))
                .redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        try {
            Giambio.run(() -> echoUntilExit(listener, proc::isAlive));
            assertEquals(0, proc.waitFor(), () -> "nc failed: " + read(dir.resolve("err")));
            assertArrayEquals(payload, Files.readAllBytes(out));
        } finally {
            proc.destroyForcibly();
        }
    }

    @Test
    void pythonClientsAtOnceGetTheirBytesEchoed() throws Exception {
        SocketListener listener = SocketListener.bind(anyLoopbackPort(), 128);
        PythonEchoClients clients = new PythonEchoClients(listener.localAddress(), 30, 50_000, 1);
        try (PeerProcess py = clients.start()) {
            Giambio.run(() -> echoUntilExit(listener, py::isAlive));
            clients.assertEveryByteEchoed(py);
        }
    }

    private static final String PY_SERVER = """
            import socket, sys
            srv = socket.create_server(("127.0.0.1", 0))
            print(srv.getsockname()[1], flush=True)
            conn, _ = srv.accept()
            total = 0
            with conn:
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    total += len(chunk)
                    conn.sendall(chunk)
            print("served", total, flush=True)
            """;

    @Test
    void openTcpStreamTalksToAPythonServer() throws Exception {
        Path python = require("python3", "install Python 3");
        Process proc = new ProcessBuilder(python.toString(), "-c", PY_SERVER)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            int port = Integer.parseInt(lines.readLine().strip());
            byte[] payload = randomBytes(2_000_000, 3);
            AtomicInteger received = new AtomicInteger();
            Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> {
                try (SocketStream s = Net.openTcpStream("127.0.0.1", port)) {
                    Giambio.createPool(pool -> {
                        pool.spawn(() -> {
                            s.sendAll(payload);
                            s.sendEof();
                        });
                        byte[] back = receiveAll(s, 32 * 1024);
                        assertArrayEquals(payload, back);
                        received.set(back.length);
                    });
                }
            }));
            assertEquals(payload.length, received.get());
            assertEquals("served " + payload.length, lines.readLine());
            assertTrue(proc.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS));
        } finally {
            proc.destroyForcibly();
        }
    }

    @Test
    void udpRoundTripWithAPythonPeer() throws Exception {
        Path python = require("python3", "install Python 3");
        String script = """
                import socket, sys
                port = int(sys.argv[1])
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.settimeout(30)
                s.sendto(b"ping", ("127.0.0.1", port))
                data, addr = s.recvfrom(100)
                print(data.decode(), flush=True)
                """;
        try (UdpSocket udp = UdpSocket.bind(anyLoopbackPort())) {
            int port = ((InetSocketAddress) udp.localAddress()).getPort();
            Process proc = new ProcessBuilder(python.toString(), "-c", script, Integer.toString(port))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                Giambio.run(() -> Giambio.withTimeout(LIMIT, () -> {
                    Datagram d = udp.receiveFrom(100);
                    assertEquals("ping", new String(d.data(), StandardCharsets.US_ASCII));
                    udp.sendTo(("pong:" + d.data().length).getBytes(StandardCharsets.US_ASCII), d.sender());
                }));
                String line = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertEquals("pong:4", line);
            } finally {
                proc.destroyForcibly();
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }
}
