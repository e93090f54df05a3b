package giambio.examples;

import static giambio.examples.ChildJava.NetPeers.require;
import static giambio.examples.ChildJava.talkLikeTheSeed;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's echo server over TLS, in a child JVM with a self-signed certificate made by
 * {@code keytool} in a temporary directory, driven by real TLS clients: {@code openssl s_client}
 * (which verifies the certificate and the host name) and Python's {@code ssl} module; every
 * byte of each transcript is checked, and {@code exit} stops the server.
 */
class SeedTlsEchoServerTest {

    private static final String LOG_PREFIX = "\\[(INFO|WARNING|ERROR)\\] \\d\\d/\\d\\d/\\d{4} (AM|PM) ";
    private static final Pattern SERVING = Pattern.compile(LOG_PREFIX + "Serving TLS asynchronously at localhost:(\\d+)");
    private static final String PASSWORD = "giambio-example";

    @TempDir
    Path dir;

    /** Makes server.p12 (key and self-signed certificate for localhost) and server.pem (the certificate). */
    private void makeCertificate() throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "7",
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-storepass", PASSWORD,
                "-file", "server.pem");
        assertTrue(Files.readString(dir.resolve("server.pem")).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }

    private ChildJava startServer() throws IOException {
        return ChildJava.start("giambio.examples.SeedTlsEchoServer", "0", dir.resolve("server.p12").toString(),
                PASSWORD);
    }

    private static int port(ChildJava server) throws InterruptedException {
        Matcher m = SERVING.matcher(server.await(l -> SERVING.matcher(l).matches(), "the 'Serving TLS' line"));
        assertTrue(m.matches());
        return Integer.parseInt(m.group(3));
    }

    @Test
    void opensslClientVerifiesTheServerAndTalksLikeTheSeedsTranscript() throws Exception {
        Path openssl = require("openssl");
        makeCertificate();
        try (ChildJava server = startServer()) {
            int port = port(server);
            Process client = new ProcessBuilder(openssl.toString(), "s_client", "-quiet", "-no_ign_eof",
                    "-connect", "127.0.0.1:" + port, "-servername", "localhost", "-verify_hostname", "localhost",
                    "-CAfile", dir.resolve("server.pem").toString(), "-verify_return_error")
                    .redirectError(dir.resolve("s_client.err").toFile()).start();
            try {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                talkLikeTheSeed(in, out, "async server test", "yay!");
                out.close();   // end of input: s_client sends close_notify, the server sees end of stream
                server.await(l -> l.matches(LOG_PREFIX + "Connection from 127\\.0\\.0\\.1:\\d+ closed"),
                        "the disconnect line");
                assertEquals(-1, in.read(), "nothing after the last prompt");
                assertTrue(client.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, client.exitValue(), Files.readString(dir.resolve("s_client.err")));
            } finally {
                client.destroyForcibly();
            }
            String log = server.output();
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX
                    + "Got: b'async server test\\\\n' from 127\\.0\\.0\\.1:\\d+")), log);
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX
                    + "Echoed back b'yay!\\\\n' to 127\\.0\\.0\\.1:\\d+")), log);
            assertTrue(server.isAlive(), "a client leaving does not stop the server");
        }
    }

    @Test
    void pythonSslClientsAnUntrustingOneIsDroppedAndExitStopsTheServer() throws Exception {
        Path python = require("python3");
        makeCertificate();
        try (ChildJava server = startServer()) {
            int port = port(server);
            String script = ChildJava.PYTHON_HELPERS + """
                    import socket, ssl, sys
                    port, cafile = int(sys.argv[1]), sys.argv[2]
                    # a client that trusts only the system's authorities refuses the certificate
                    try:
                        with ssl.create_default_context().wrap_socket(
                                socket.create_connection(("127.0.0.1", port)), server_hostname="localhost") as bad:
                            bad.recv(1)
                        print("untrusted client connected?!", end="|")
                    except ssl.SSLCertVerificationError as e:
                        print("untrusted: " + e.verify_message, end="|")
                    ctx = ssl.create_default_context(cafile=cafile)
                    idle = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
                    print(until_prompt(idle).decode(), end="|")
                    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
                    print(s.version() in ("TLSv1.2", "TLSv1.3"), end="|")
                    until_prompt(s)
                    s.sendall(b"hello from python\\n")
                    print(until_prompt(s).decode(), end="|")
                    s.sendall(b"exit\\n")
                    print(to_eof(s).decode(), end="|")
                    print("idle got EOF" if idle.recv(1024) == b"" else "idle still open")   # its close_notify
                    """;
            Process client = new ProcessBuilder(python.toString(), "-c", script, Integer.toString(port),
                    dir.resolve("server.pem").toString()).start();
            String transcript = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, client.waitFor(), errors);
            assertEquals("untrusted: self-signed certificate|"
                    + "Welcome to the server pal, feel free to send me something!\n-> |True|"
                    + "Got: hello from python\n-> |Shutting down the server\n|idle got EOF\n", transcript);
            assertEquals(0, server.waitFor(), "main logs the exception and returns normally");
            String log = server.output();
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX
                    + "TLS handshake with 127\\.0\\.0\\.1:\\d+ failed: .*")), log);
            assertTrue(log.lines().anyMatch(l -> l.matches(
                    "\\[ERROR\\] \\d\\d/\\d\\d/\\d{4} (AM|PM) Exiting due to a Exception: ")), log);
        }
    }
}
