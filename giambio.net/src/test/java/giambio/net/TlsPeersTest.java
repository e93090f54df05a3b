package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.randomBytes;
import static giambio.net.TlsTesting.certs;
import static giambio.net.TlsTesting.clientConfig;
import static giambio.net.TlsTesting.serverConfig;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BrokenResourceException;
import giambio.api.Giambio;
import giambio.api.sync.MemoryChannel;
import giambio.api.sync.SendChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.Test;

/**
 * TLS against real peers in other processes: {@code openssl s_client} / {@code s_server}
 * (OpenSSL 3) and Python's {@code ssl} module, in both directions, with a self-signed
 * certificate made by {@code keytool} ({@link TlsTesting}). Skipped with a message when a
 * program is missing; {@code .ci/run} installs them.
 */
class TlsPeersTest {

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Receives until a newline (included) or end of stream. */
    private static String receiveLine(ByteStream s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte[] b = s.receive(1);
            if (b.length == 0) {
                break;
            }
            out.write(b[0]);
            if (b[0] == '\n') {
                break;
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] receiveAll(ByteStream s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] d = s.receive(65536); d.length > 0; d = s.receive(65536)) {
            out.write(d);
        }
        return out.toByteArray();
    }

    private static int port(SocketListener l) {
        return ((InetSocketAddress) l.localAddress()).getPort();
    }

    /**
     * Serves {@code listener} over TLS with {@code handler} until {@code results} results came
     * and {@code peer} ended; returns the results.
     */
    private static String[] serveTlsFor(SocketListener listener, TlsConfig config, PeerProcess peer, int results,
            Handler handler) throws Exception {
        String[] got = new String[results];
        Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> Giambio.createPool(pool -> {
            MemoryChannel<String> channel = MemoryChannel.unbounded();
            pool.spawn("server", () -> Net.serveTls(listener, config, tls -> handler.handle(tls, channel.sender())));
            for (int i = 0; i < results; i++) {
                got[i] = channel.receiver().receive();
            }
            peer.awaitExitInTask();
            pool.cancel();
        })));
        return got;
    }

    /** A TLS connection handler that reports what it saw. */
    @FunctionalInterface
    private interface Handler {
        void handle(TlsStream tls, SendChannel<String> report) throws Exception;
    }

    // ---- openssl s_client against a giambio server ---------------------------------------

    @Test
    void opensslClientGetsAnEchoWithAlpnSniAndVerifiedCertificate() throws Exception {
        SocketListener listener = SocketListener.bind(anyLoopbackPort());
        try (PeerProcess client = PeerProcess.start("openssl", "s_client", "-connect", "127.0.0.1:" + port(listener),
                "-servername", "sni.giambio.test", "-alpn", "h2,echo", "-CAfile", certs().certPem().toString(),
                "-verify_return_error", "-verify_hostname", TlsTesting.HOST, "-ign_eof")) {
            client.write("hello over tls\n");
            client.closeInput();
            String[] seen = serveTlsFor(listener, serverConfig().withApplicationProtocols("echo", "other"), client, 1,
                    (tls, report) -> {
                        String line = receiveLine(tls);
                        tls.sendAll(ascii("echo: " + line));
                        report.send(tls.serverName().orElse("-") + " " + tls.applicationProtocol().orElse("-") + " "
                                + tls.session().getProtocol());
                        // returning closes the stream: close_notify, then the socket
                    });
            String out = client.output();
            assertEquals("sni.giambio.test echo TLSv1.3", seen[0]);
            assertTrue(out.contains("ALPN protocol: echo"), out);
            assertTrue(out.contains("Verify return code: 0 (ok)"), out);
            assertTrue(out.contains("echo: hello over tls"), out);
            // s_client prints "closed" when the server's close_notify ends the session (an
            // unclean end prints an "unexpected eof" error instead)
            assertTrue(out.lines().anyMatch("closed"::equals), out);
            assertFalse(out.contains("unexpected eof"), out);
        }
    }

    @Test
    void opensslClientsCloseNotifyIsACleanEndOfStream() throws Exception {
        SocketListener listener = SocketListener.bind(anyLoopbackPort());
        // without -ign_eof, s_client ends the session (close_notify) when its input ends
        try (PeerProcess client = PeerProcess.start("openssl", "s_client", "-connect", "127.0.0.1:" + port(listener),
                "-CAfile", certs().certPem().toString(), "-quiet", "-no_ign_eof")) {
            client.write("some data\n");
            client.closeInput();
            String[] seen = serveTlsFor(listener, serverConfig(), client, 1, (tls, report) -> {
                try {
                    report.send("clean end after \"" + ascii(receiveAll(tls)).strip() + "\"");
                } catch (IOException e) {
                    report.send("failed: " + e);
                }
            });
            assertEquals("clean end after \"some data\"", seen[0]);
        }
    }

    @Test
    void opensslClientKeyUpdateKeepsTheConnectionWorking() throws Exception {
        SocketListener listener = SocketListener.bind(anyLoopbackPort());
        // interactive commands: "K" sends a TLS 1.3 KeyUpdate that asks for ours in return
        try (PeerProcess client = PeerProcess.start("openssl", "s_client", "-connect", "127.0.0.1:" + port(listener),
                "-CAfile", certs().certPem().toString())) {
            String[] seen = new String[1];
            Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> Giambio.createPool(pool -> {
                MemoryChannel<String> channel = MemoryChannel.unbounded();
                pool.spawn("server", () -> Net.serveTls(listener, serverConfig(), tls -> {
                    for (String line = receiveLine(tls); !line.isEmpty(); line = receiveLine(tls)) {
                        tls.sendAll(ascii("echo: " + line));
                        channel.sender().send(line.strip());
                    }
                }));
                client.write("one\n");
                assertEquals("one", channel.receiver().receive());
                client.write("K\n");
                client.awaitLineInTask("KEYUPDATE");
                client.write("two\n");
                assertEquals("two", channel.receiver().receive());
                client.awaitLineInTask("echo: two");
                client.closeInput();
                client.awaitExitInTask();
                pool.cancel();
                seen[0] = "ok";
            })));
            assertEquals("ok", seen[0]);
            String out = client.output();
            assertTrue(out.contains("echo: one") && out.contains("echo: two"), out);
        }
    }

    @Test
    void opensslClientRenegotiationIsRefused() throws Exception {
        SocketListener listener = SocketListener.bind(anyLoopbackPort());
        try (PeerProcess client = PeerProcess.start("openssl", "s_client", "-connect", "127.0.0.1:" + port(listener),
                "-CAfile", certs().certPem().toString(), "-tls1_2")) {
            String[] seen = new String[2];
            Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> Giambio.createPool(pool -> {
                MemoryChannel<String> channel = MemoryChannel.unbounded();
                pool.spawn("server", () -> Net.serveTls(listener, serverConfig(), tls -> {
                    channel.sender().send(receiveLine(tls).strip() + " " + tls.session().getProtocol());
                    SSLProtocolException e = assertThrows(SSLProtocolException.class, () -> tls.receive(100));
                    BrokenResourceException later = assertThrows(BrokenResourceException.class, () -> tls.receive(100));
                    channel.sender().send(e.getMessage() + " | " + later.getMessage());
                }));
                client.write("before\n");
                seen[0] = channel.receiver().receive();
                client.write("R\n");   // s_client: renegotiate
                seen[1] = channel.receiver().receive();
                pool.cancel();
            })));
            assertEquals("before TLSv1.2", seen[0]);
            assertTrue(seen[1].contains("renegotiation"), seen[1]);
            assertTrue(seen[1].contains("is broken"), seen[1]);
        }
    }

    // ---- a giambio client against openssl s_server ---------------------------------------

    /** Starts s_server on a free loopback port and returns it with the port. */
    private static PeerProcess opensslServer(int[] port, String... extra) throws Exception {
        String both = certs().keyAndCertPem().toString();
        String[] base = {"openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", both, "-key", both, "-naccept", "1"};
        String[] cmd = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, cmd, base.length, extra.length);
        PeerProcess server = PeerProcess.start(cmd);
        String accept = server.awaitLine("ACCEPT");
        port[0] = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1).strip());
        return server;
    }

    @Test
    void giambioClientTalksToOpensslServerThroughAKeyUpdate() throws Exception {
        int[] port = new int[1];
        String both = certs().keyAndCertPem().toString();
        try (PeerProcess server = opensslServer(port, "-alpn", "echo", "-servername", TlsTesting.HOST, "-cert2", both,
                "-key2", both, "-msg")) {
            String[] seen = new String[1];
            try {
                Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> {
                    try (TlsStream tls = Net.openTlsStream("127.0.0.1", port[0],
                            clientConfig().withApplicationProtocols("h2", "echo"))) {
                        seen[0] = tls.applicationProtocol().orElse("-") + " " + tls.session().getProtocol();
                        tls.sendAll(ascii("ping\n"));
                        server.awaitLineInTask("ping");
                        server.write("pong\n");
                        assertEquals("pong\n", receiveLine(tls));
                        // s_server: KeyUpdate, asking for ours. s_server takes a command only when
                        // it reads it alone, so the next line waits until it has acted on it.
                        server.write("K\n");
                        server.awaitLineInTask(">>> TLS 1.3, Handshake [length 0005], KeyUpdate");   // -msg: sent
                        server.write("after the update\n");
                        assertEquals("after the update\n", receiveLine(tls));
                        tls.sendAll(ascii("still readable\n"));   // under our new key
                        server.awaitLineInTask("still readable");
                    }
                }));
            } catch (Throwable t) {
                throw new AssertionError("failed against s_server; its output:\n" + server.output(), t);
            }
            assertEquals("echo TLSv1.3", seen[0]);
            server.awaitExit();
            String out = server.output();
            assertFalse(out.contains("error"), out);
        }
    }

    @Test
    void giambioClientRefusesRenegotiationFromOpensslServer() throws Exception {
        int[] port = new int[1];
        try (PeerProcess server = opensslServer(port, "-tls1_2")) {
            Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> {
                try (TlsStream tls = Net.openTlsStream("127.0.0.1", port[0], clientConfig())) {
                    assertEquals("TLSv1.2", tls.session().getProtocol());
                    tls.sendAll(ascii("hello\n"));
                    server.awaitLineInTask("hello");
                    server.write("r\n");               // s_server: renegotiate (HelloRequest)
                    SSLProtocolException e = assertThrows(SSLProtocolException.class, () -> tls.receive(100));
                    assertTrue(e.getMessage().contains("renegotiation"), e.getMessage());
                    BrokenResourceException b = assertThrows(BrokenResourceException.class, () -> tls.sendAll(ascii("x")));
                    assertTrue(b.getMessage().contains("renegotiation"), b.getMessage());
                    assertSame(e, b.getCause());
                }
            }));
        }
    }

    @Test
    void hostnameVerificationFailsAgainstAWrongName() throws Exception {
        int[] port = new int[1];
        try (PeerProcess server = opensslServer(port)) {
            Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> {
                try (TlsStream tls = TlsStream.client(Net.openTcpStream("127.0.0.1", port[0]), "wrong.giambio.test",
                        clientConfig())) {
                    SSLHandshakeException e = assertThrows(SSLHandshakeException.class, tls::handshake);
                    assertTrue(e.getMessage().contains("wrong.giambio.test"), e.getMessage());
                    BrokenResourceException b = assertThrows(BrokenResourceException.class, () -> tls.receive(1));
                    assertTrue(b.getMessage().contains("handshake failed"), b.getMessage());
                }
            }));
            server.awaitExit();
            // the JDK told the server why: a certificate_unknown alert
            assertTrue(server.output().contains("certificate unknown"), server.output());
        }
    }

    // ---- Python's ssl module -------------------------------------------------------------

    private static final String PY_CLIENT = """
            import socket, ssl, sys, random
            port, cafile = int(sys.argv[1]), sys.argv[2]
            ctx = ssl.create_default_context(cafile=cafile)          # verifies chain and host name
            ctx.set_alpn_protocols(["h2", "echo"])
            data = random.Random(5).randbytes(300000)
            # 1: echo, then a clean shutdown from our side (close_notify both ways)
            with socket.create_connection(("127.0.0.1", port)) as raw:
                with ctx.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False) as s:
                    s.sendall(data)
                    got = bytearray()
                    while len(got) < len(data):
                        got += s.recv(65536)
                    print("echo", "ok" if bytes(got) == data else "BAD", s.selected_alpn_protocol(), s.version())
                    s.unwrap()
                    print("unwrap ok")
            # 2: the server says bye and closes; b"" only comes with its close_notify
            with socket.create_connection(("127.0.0.1", port)) as raw:
                with ctx.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False) as s:
                    s.sendall(b"bye?")
                    got = bytearray()
                    try:
                        while True:
                            chunk = s.recv(100)
                            if not chunk:
                                break
                            got += chunk
                        print("clean end after", got.decode())
                    except ssl.SSLEOFError as e:
                        print("UNCLEAN end:", e)
            """;

    @Test
    void pythonClientVerifiesGetsEchoAndSeesCloseNotify() throws Exception {
        SocketListener listener = SocketListener.bind(anyLoopbackPort());
        try (PeerProcess client = PeerProcess.python(PY_CLIENT, Integer.toString(port(listener)),
                certs().certPem().toString())) {
            String[] seen = serveTlsFor(listener, serverConfig().withApplicationProtocols("echo"), client, 2,
                    (tls, report) -> {
                        byte[] first = tls.receive(4);
                        if (ascii(first).equals("bye?")) {
                            tls.sendAll(ascii("bye"));
                            report.send("bye " + tls.serverName().orElse("-"));
                            return;   // close: close_notify
                        }
                        tls.sendAll(first);
                        long n = first.length;
                        for (byte[] d = tls.receive(65536); d.length > 0; d = tls.receive(65536)) {
                            tls.sendAll(d);
                            n += d.length;
                        }
                        report.send("echoed " + n + " then a clean end, alpn " + tls.applicationProtocol().orElse("-"));
                    });
            assertEquals(0, client.awaitExit(), client.output());
            assertEquals("echoed 300000 then a clean end, alpn echo", seen[0]);
            assertEquals("bye localhost", seen[1]);
            String out = client.output();
            assertTrue(out.contains("echo ok echo TLSv1.3"), out);
            assertTrue(out.contains("unwrap ok"), out);
            assertTrue(out.contains("clean end after bye"), out);
        }
    }

    private static final String PY_SERVER = """
            import socket, ssl, sys
            both, version = sys.argv[1], sys.argv[2]
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(both)
            ctx.set_alpn_protocols(["echo"])
            if version == "1.2":
                ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            names = []
            ctx.sni_callback = lambda sslobj, name, c: names.append(name)
            srv = socket.create_server(("127.0.0.1", 0))
            print("port", srv.getsockname()[1], flush=True)
            raw, _ = srv.accept()
            s = ctx.wrap_socket(raw, server_side=True, suppress_ragged_eofs=False)
            total = 0
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    total += len(chunk)
                print("clean end after", total, "sni", names, "alpn", s.selected_alpn_protocol(), s.version())
                s.sendall(b"bye after %d" % total)
                s.unwrap()
                print("unwrapped")
            except ssl.SSLEOFError as e:
                print("UNCLEAN end after", total, e)
            except OSError as e:
                print("after the end:", type(e).__name__, e)
            """;

    @Test
    void giambioClientHalfClosesAgainstAPythonServer() throws Exception {
        try (PeerProcess server = PeerProcess.python(PY_SERVER, certs().keyAndCertPem().toString(), "1.3")) {
            int port = Integer.parseInt(server.awaitLine("port").substring(5).strip());
            byte[] payload = randomBytes(1_000_000, 9);
            String[] reply = new String[1];
            Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> {
                try (TlsStream tls = Net.openTlsStream("localhost", port, clientConfig().withApplicationProtocols("echo"))) {
                    tls.sendAll(payload);
                    tls.sendEof();                          // close_notify: TLS 1.3 half-close
                    reply[0] = ascii(receiveAll(tls));      // the server still talks, then its close_notify
                }
            }));
            assertEquals("bye after " + payload.length, reply[0]);
            assertEquals(0, server.awaitExit(), server.output());
            String out = server.output();
            assertTrue(out.contains("clean end after " + payload.length + " sni ['localhost'] alpn echo TLSv1.3"), out);
            assertTrue(out.contains("unwrapped"), out);
        }
    }

    @Test
    void giambioClientSendEofOnTls12IsACleanEndAndTheAnswerStillArrives() throws Exception {
        try (PeerProcess server = PeerProcess.python(PY_SERVER, certs().keyAndCertPem().toString(), "1.2")) {
            int port = Integer.parseInt(server.awaitLine("port").substring(5).strip());
            String[] reply = new String[1];
            Giambio.run(() -> Giambio.withTimeout(PeerProcess.LIMIT, () -> {
                try (TlsStream tls = Net.openTlsStream("localhost", port, clientConfig())) {
                    assertEquals("TLSv1.2", tls.session().getProtocol());
                    tls.sendAll(ascii("12345"));
                    tls.sendEof();
                    try {
                        reply[0] = "received \"" + ascii(receiveAll(tls)) + "\"";
                    } catch (IOException e) {
                        reply[0] = "failed: " + e;
                    }
                }
            }));
            // TLS 1.2 defines no half-close, but the JDK engine still reads what the peer sends
            // before its own close_notify: Python answers, then unwraps (its close_notify)
            assertEquals("received \"bye after 5\"", reply[0]);
            assertEquals(0, server.awaitExit(), server.output());
            String out = server.output();
            assertTrue(out.contains("clean end after 5 sni ['localhost'] alpn None TLSv1.2"), out);
            assertTrue(out.contains("unwrapped"), out);
        }
    }
}
