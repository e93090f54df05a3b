package giambio.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a server that runs out of file descriptors keeps serving the connections it has,
 * logs the exhaustion, and accepts again once descriptors free up (before, {@code accept}'s
 * "Too many open files" ended {@code serveTcp} and dropped every live connection). The plain
 * echo server runs in a child JVM limited to {@value #NOFILE} descriptors; the clients are
 * this JVM's sockets on loopback.
 */
class FdExhaustionTest {

    private static final int NOFILE = 128;
    private static final int MORE_AFTER_RECOVERY = 20;

    private static String echo(Socket s, String text, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        byte[] want = text.getBytes(StandardCharsets.US_ASCII);
        byte[] got = new byte[want.length];
        InputStream in = s.getInputStream();
        int n = 0;
        while (n < got.length) {
            int r = in.read(got, n, got.length - n);
            if (r < 0) {
                throw new IOException("the server closed the connection after " + n + " bytes");
            }
            n += r;
        }
        return new String(got, StandardCharsets.US_ASCII);
    }

    private static long openFiles(long pid) throws IOException {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    @Test
    void theServerSurvivesDescriptorExhaustionAndRecovers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd")),
                "needs /proc (Linux) to see the child's descriptors");
        try (ChildJava server = ChildJava.startWithFdLimit(NOFILE, "giambio.examples.EchoServer", "0")) {
            String listening = server.await(l -> l.startsWith("Echo server listening on "), "its port");
            int port = Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1));
            List<Socket> served = new ArrayList<>();
            Socket pending = null;
            String pendingText = null;
            try {
                // connect one client at a time until the server reports that accept ran out of descriptors
                for (int i = 0; pending == null; i++) {
                    assertTrue(i < 10 * NOFILE, "the server never ran out of descriptors:\n" + server.output());
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    String text = "client " + i + "\n";
                    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
                    while (true) {
                        try {
                            assertEquals(text, echo(s, text, 200));   // short poll, not a speed assertion
                            served.add(s);
                            break;
                        } catch (SocketTimeoutException notYet) {
                            assertTrue(server.isAlive(), "the server died:\n" + server.output());
                            if (openFiles(server.pid()) >= NOFILE) {   // accept has no descriptor left
                                pending = s;
                                pendingText = text;
                                break;
                            }
                        }
                    }
                }
                assertTrue(served.size() > 10, "served before exhaustion: " + served.size());

                // every connection it had is still served while it cannot accept
                for (int i = 0; i < served.size(); i++) {
                    String again = "again " + i + "\n";
                    served.get(i).getOutputStream().write(again.getBytes(StandardCharsets.US_ASCII));
                    assertEquals(again, echo(served.get(i), again, (int) ChildJava.PATIENCE.toMillis()));
                }
                assertTrue(server.isAlive());

                // descriptors free up: the waiting client is served, and new ones too
                for (Socket s : served) {
                    s.close();
                }
                served.clear();
                assertEquals(pendingText, echo(pending, pendingText, (int) ChildJava.PATIENCE.toMillis()),
                        "the client that waited while descriptors ran out is served once they free up");
                for (int i = 0; i < MORE_AFTER_RECOVERY; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    served.add(s);
                    String more = "after recovery " + i + "\n";
                    s.getOutputStream().write(more.getBytes(StandardCharsets.US_ASCII));
                    assertEquals(more, echo(s, more, (int) ChildJava.PATIENCE.toMillis()));
                }
            } finally {
                for (Socket s : served) {
                    s.close();
                }
                if (pending != null) {
                    pending.close();
                }
            }
            assertTrue(server.isAlive(), "the server is still running:\n" + server.output());
        }
    }
}
