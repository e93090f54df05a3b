package giambio.examples;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.net.Net;
import giambio.net.SocketListener;
import giambio.net.SocketStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Drives the echo server example, in-process and as the {@code main} of a separate JVM. */
class EchoServerTest {

    private static byte[] message(int i) {
        byte[] b = new byte[10_000 + 997 * i];
        new Random(i).nextBytes(b);
        return b;
    }

    @Test
    void echoesManyGiambioClientsAtOnce() throws Exception {
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        int clients = 40;
        int[] ok = {0};
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            Giambio.createPool(pool -> {
                pool.spawn("echo server", () -> EchoServer.serve(listener, log));
                Giambio.createPool(clientPool -> {
                    for (int i = 0; i < clients; i++) {
                        byte[] msg = message(i);
                        clientPool.spawn(() -> {
                            try (SocketStream s = Net.openTcpStream(listener.localAddress())) {
                                clientPool.spawn(() -> {
                                    s.sendAll(msg);
                                    s.sendEof();
                                });
                                ByteArrayOutputStream back = new ByteArrayOutputStream();
                                for (byte[] d = s.receive(8192); d.length > 0; d = s.receive(8192)) {
                                    back.write(d);
                                }
                                assertArrayEquals(msg, back.toByteArray());
                                ok[0]++;
                            }
                        });
                    }
                });
                pool.cancel();
            });
        });
        assertEquals(clients, ok[0]);
        String text = logBytes.toString(StandardCharsets.UTF_8);
        assertEquals(clients, text.lines().filter(l -> l.endsWith(" connected")).count(), text);
        assertEquals(clients, text.lines().filter(l -> l.contains(" closed after echoing ")).count(), text);
    }

    @Test
    void mainServesBlockingJavaClientsFromAnotherProcess() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        Assumptions.assumeTrue(modulePath != null, "tests do not run on the module path; skipping the process test");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "--module-path", modulePath,
                "-m", "giambio.examples/giambio.examples.EchoServer", "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertNotNull(first, "the server printed nothing");
            Matcher m = Pattern.compile("Echo server listening on (\\S+):(\\d+)").matcher(first);
            assertTrue(m.matches(), first);
            assertEquals("127.0.0.1", m.group(1));
            int port = Integer.parseInt(m.group(2));
            Thread.ofPlatform().daemon().start(() -> out.lines().forEach(line -> { }));   // keep its log flowing
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] msg = message(i);
                results.add(threads.submit(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        s.setSoTimeout(30_000);
                        OutputStream os = s.getOutputStream();
                        InputStream is = s.getInputStream();
                        Thread writer = Thread.ofPlatform().start(() -> {
                            try {
                                os.write(msg);
                                s.shutdownOutput();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                        byte[] back = is.readAllBytes();
                        writer.join();
                        return Arrays.equals(msg, back);
                    }
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS));
            }
            assertTrue(server.isAlive(), "the server keeps serving");
        } finally {
            threads.shutdownNow();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    @Test
    void aBadPortIsRejectedWithItsValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EchoServer.main(new String[] {"http"}));
        assertTrue(e.getMessage().contains("'http'"), e.getMessage());
    }
}
