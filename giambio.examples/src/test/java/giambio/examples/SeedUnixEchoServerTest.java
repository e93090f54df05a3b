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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the seed's echo server over a Unix-domain socket, in a child JVM, driven by
 * {@code nc -U} and Python's {@code socket.AF_UNIX}; {@code exit} stops it and the socket file
 * is gone afterwards.
 */
class SeedUnixEchoServerTest {

    private static final String LOG_PREFIX = "\\[(INFO|ERROR)\\] \\d\\d/\\d\\d/\\d{4} (AM|PM) ";

    @Test
    void ncAndPythonTalkToTheSeedServerOverAUnixSocketAndExitStopsIt(@TempDir Path dir) throws Exception {
        Path nc = require("nc");
        Path python = require("python3");
        Path sock = dir.resolve("seed.sock");
        try (ChildJava server = ChildJava.start("giambio.examples.SeedUnixEchoServer", sock.toString())) {
            server.await(l -> l.matches(LOG_PREFIX + "Serving asynchronously at .*seed\\.sock"), "the serving line");
            assertTrue(Files.exists(sock), "the socket file exists while serving");

            Process ncClient = new ProcessBuilder(nc.toString(), "-N", "-U", sock.toString()).start();
            try {
                InputStream in = ncClient.getInputStream();
                OutputStream out = ncClient.getOutputStream();
                talkLikeTheSeed(in, out, "async server test");
                out.close();
                server.await(l -> l.matches(LOG_PREFIX + "Connection from unix client 1 closed"), "the disconnect line");
            } finally {
                ncClient.destroyForcibly();
            }

            String script = ChildJava.PYTHON_HELPERS + """
                    import socket, sys
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(sys.argv[1])
                    until_prompt(s)
                    s.sendall(b"hello over unix\\n")
                    first = until_prompt(s)
                    s.sendall(b"exit\\n")
                    sys.stdout.write((first + b"|" + to_eof(s)).decode())
                    """;
            Process py = new ProcessBuilder(python.toString(), "-c", script, sock.toString()).start();
            String transcript = new String(py.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(py.waitFor(ChildJava.PATIENCE.toSeconds(), TimeUnit.SECONDS));
            assertEquals("Got: hello over unix\n-> |Shutting down the server\n", transcript,
                    () -> new String(readQuietly(py.getErrorStream()), StandardCharsets.UTF_8));
            assertEquals(0, server.waitFor(), "the server exits normally after logging why");
            String log = server.output();
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX + "Got: b'hello over unix\\\\n' from unix client 2")), log);
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX + "Exiting due to a Exception: ")), log);
            assertFalse(Files.exists(sock), "the socket file is removed when the server stops");
        }
    }

    private static byte[] readQuietly(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
