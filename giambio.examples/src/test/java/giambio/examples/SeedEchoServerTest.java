package giambio.examples;

import static giambio.examples.ChildJava.NetPeers.require;
import static giambio.examples.ChildJava.readUntil;
import static giambio.examples.ChildJava.talkLikeTheSeed;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The seed's echo server as written, in a child JVM, driven by the seed's own clients: {@code nc}
 * and a Python socket client; {@code exit} and a real SIGINT stop it.
 */
class SeedEchoServerTest {

    private static final String LOG_PREFIX = "\\[(INFO|ERROR)\\] \\d\\d/\\d\\d/\\d{4} (AM|PM) ";
    private static final Pattern SERVING = Pattern.compile(LOG_PREFIX + "Serving asynchronously at localhost:(\\d+)( on \\d+ loops)?");

    private static int startAndFindPort(ChildJava server) throws InterruptedException {
        String line = server.await(l -> SERVING.matcher(l).matches(), "the 'Serving asynchronously at' line");
        Matcher m = SERVING.matcher(line);
        assertTrue(m.matches());
        return Integer.parseInt(m.group(3));
    }

    @Test
    void ncTalksToItLikeTheSeedsTranscript() throws Exception {
        Path nc = require("nc");
        try (ChildJava server = ChildJava.start("giambio.examples.SeedEchoServer", "0")) {
            int port = startAndFindPort(server);
            Process client = new ProcessBuilder(nc.toString(), "-N", "localhost", Integer.toString(port)).start();
            try {
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                talkLikeTheSeed(in, out, "async server test", "yay!");
                out.close();   // Ctrl+D; -N makes nc shut the socket down at end of input
                server.await(l -> l.matches(LOG_PREFIX + "Connection from 127\\.0\\.0\\.1:\\d+ closed"),
                        "the disconnect line");
            } finally {
                client.destroyForcibly();
            }
            String log = server.output();
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX + "127\\.0\\.0\\.1:\\d+ connected")), log);
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX
                    + "Got: b'async server test\\\\n' from 127\\.0\\.0\\.1:\\d+")), log);
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX
                    + "Echoed back b'yay!\\\\n' to 127\\.0\\.0\\.1:\\d+")), log);
            assertTrue(server.isAlive(), "a client leaving does not stop the server");
        }
    }

    /** One loop (the seed), and three loops (D7): exit from any client stops every loop. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1", "3"})
    void exitFromAPythonClientStopsTheWholeServerWithItsException(String loops) throws Exception {
        Path python = require("python3");
        try (ChildJava server = ChildJava.start("giambio.examples.SeedEchoServer", "0", loops)) {
            int port = startAndFindPort(server);
            // a second client stays connected: exit must stop the whole server, closing it too
            String script = ChildJava.PYTHON_HELPERS + """
                    import socket, sys
                    port = int(sys.argv[1])
                    idle = socket.create_connection(("127.0.0.1", port))
                    until_prompt(idle)
                    s = socket.create_connection(("127.0.0.1", port))
                    until_prompt(s)
                    s.sendall(b"hello from python\\n")
                    print(until_prompt(s).decode(), end="|")
                    s.sendall(b"exit\\n")
                    print(to_eof(s).decode(), end="|")
                    print("idle got EOF" if idle.recv(1024) == b"" else "idle still open")
                    """;
            Process client = new ProcessBuilder(python.toString(), "-c", script, Integer.toString(port)).start();
            String transcript = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, client.waitFor(), errors);
            assertEquals("Got: hello from python\n-> |Shutting down the server\n|idle got EOF\n", transcript);
            assertEquals(0, server.waitFor(), "main logs the exception and returns normally");
            String log = server.output();
            assertTrue(log.lines().anyMatch(l -> l.matches("\\[ERROR\\] \\d\\d/\\d\\d/\\d{4} (AM|PM) Exiting due to a Exception: ")),
                    log);
        }
    }

    @Test
    void ctrlCStopsTheServerClosesEveryClientAndIsLogged() throws Exception {
        Path python = require("python3");
        try (ChildJava server = ChildJava.start("giambio.examples.SeedEchoServer", "0")) {
            int port = startAndFindPort(server);
            String script = ChildJava.PYTHON_HELPERS + """
                    import socket, sys
                    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                    until_prompt(s)
                    print("connected", flush=True)
                    sys.stdin.readline()
                    print("EOF" if s.recv(1024) == b"" else "still open", flush=True)
                    """;
            Process client = new ProcessBuilder(python.toString(), "-c", script, Integer.toString(port)).start();
            InputStream clientOut = client.getInputStream();
            assertEquals("connected\n", readUntil(clientOut, "\n"));
            server.await(l -> l.endsWith(" connected"), "the connect line");
            server.interrupt();
            assertEquals(0, server.waitFor(), "main catches KeyboardInterrupt and returns normally");
            client.getOutputStream().write('\n');
            client.getOutputStream().flush();
            assertEquals("EOF\n", readUntil(clientOut, "\n"), "unwinding closed the client's socket");
            assertEquals(0, client.waitFor());
            String log = server.output();
            assertTrue(log.lines().anyMatch(l -> l.matches(LOG_PREFIX + "Ctrl\\+C detected, exiting")), log);
        }
    }

    @Test
    void reprMatchesPythonsBytesRepr() {
        assertEquals("b'async server test\\n'", SeedLog.repr("async server test\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b\"it's\"", SeedLog.repr("it's".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b'\\'\"'", SeedLog.repr("'\"".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("b'\\x00\\xff\\t\\r\\\\'", SeedLog.repr(new byte[] {0, (byte) 0xff, '\t', '\r', '\\'}));
    }
}
