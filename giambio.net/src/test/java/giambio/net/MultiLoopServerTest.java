package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.onPath;
import static giambio.net.NetTesting.openFds;
import static giambio.net.NetTesting.randomBytes;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.Threads;
import giambio.api.sync.CrossLoopChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** D7: serving on a group of loops, and handing sockets between loops. */
@Timeout(120)
class MultiLoopServerTest {

    private static final int LOOPS = 4;

    private static void assumeSupported(MultiLoopServer.Spread spread) {
        Assumptions.assumeTrue(spread != MultiLoopServer.Spread.REUSE_PORT || MultiLoopServer.reusePortSupported(),
                "SO_REUSEPORT is not supported here");
    }

    /** Serves on a platform thread until stopped; the outcome of serve is kept. */
    private static final class Serving {
        final AtomicReference<Throwable> outcome = new AtomicReference<>();
        final Thread thread;

        Serving(MultiLoopServer server, ConnectionHandler<? super SocketStream> handler) {
            thread = Thread.ofPlatform().name("serving").start(() -> {
                try {
                    server.serve(handler);
                    outcome.set(new AssertionError("serve returned normally"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
        }

        Throwable stop() throws InterruptedException {
            thread.interrupt();
            return join();
        }

        Throwable join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(thread.isAlive(), "serve did not return");
            return outcome.get();
        }
    }

    @ParameterizedTest
    @EnumSource(MultiLoopServer.Spread.class)
    void pythonAndNetcatClientsGetEveryByteEchoedByEveryLoop(MultiLoopServer.Spread spread, @TempDir Path dir)
            throws Exception {
        assumeSupported(spread);
        Path python = onPath("python3");
        Path nc = onPath("nc");
        Assumptions.assumeTrue(python != null && nc != null, "python3 and nc (netcat-openbsd) are needed");
        MultiLoopServer server = MultiLoopServer.bind(anyLoopbackPort(), LOOPS, spread);
        assertEquals(spread, server.spread());
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        Set<Integer> loopsUsed = ConcurrentHashMap.newKeySet();
        Serving serving = new Serving(server, stream -> {
            loopsUsed.add(Giambio.loopIndex());
            NetTesting.echo(stream);
        });
        PythonEchoClients clients = new PythonEchoClients(server.localAddress(), 40, 40_000, 7);
        PeerProcess py = clients.start();
        byte[] payload = randomBytes(500_000, 11);
        Path in = Files.write(dir.resolve("nc-in"), payload);
        Process netcat = new ProcessBuilder(nc.toString(), "-N", "127.0.0.1", Integer.toString(port))
                .redirectInput(in.toFile()).redirectOutput(dir.resolve("nc-out").toFile())
                .redirectError(dir.resolve("nc-err").toFile()).start();
        try (py) {
            clients.assertEveryByteEchoed(py);
            assertTrue(netcat.waitFor(60, TimeUnit.SECONDS), "nc did not finish");
            assertEquals(0, netcat.exitValue(), () -> PeerProcess.read(dir.resolve("nc-err")));
            assertArrayEquals(payload, Files.readAllBytes(dir.resolve("nc-out")));
        } finally {
            netcat.destroyForcibly();
        }
        Throwable end = serving.stop();
        assertInstanceOf(InterruptedException.class, end, () -> "serve ended with " + end);
        if (spread == MultiLoopServer.Spread.ACCEPTING_LOOP) {
            assertEquals(Set.of(0, 1, 2, 3), loopsUsed, "round-robin reaches every loop");
        } else {
            assertTrue(loopsUsed.size() > 1, "SO_REUSEPORT spread 41 connections over one loop only: " + loopsUsed);
        }
        assertThrows(java.net.ConnectException.class, () -> new Socket("127.0.0.1", port).close(),
                "every listener is closed once serve returned");
    }

    @ParameterizedTest
    @EnumSource(MultiLoopServer.Spread.class)
    void aHandlersExceptionStopsEveryLoopAndLeavesServeAsTheSameObject(MultiLoopServer.Spread spread)
            throws Exception {
        assumeSupported(spread);
        IllegalStateException boom = new IllegalStateException("handler failed");
        MultiLoopServer server = MultiLoopServer.bind(anyLoopbackPort(), LOOPS, spread);
        Serving serving = new Serving(server, stream -> {
            if (stream.receive(1).length > 0) {
                throw boom;
            }
        });
        try (Socket s = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
            s.getOutputStream().write('!');
            assertSame(boom, serving.join());
        }
    }

    @ParameterizedTest
    @EnumSource(MultiLoopServer.Spread.class)
    void stoppingTheServerLeaksNoFileDescriptor(MultiLoopServer.Spread spread) throws Exception {
        assumeSupported(spread);
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
        runHeldConnections(spread); // warm-up: the JDK opens its own descriptors once
        long before = openFds();
        runHeldConnections(spread);
        long after = openFds();
        assertTrue(after - before <= 2, "open file descriptors went from " + before + " to " + after);
    }

    /** 30 clients whose handlers hold their connection until the server is stopped. */
    private static void runHeldConnections(MultiLoopServer.Spread spread) throws Exception {
        MultiLoopServer server = MultiLoopServer.bind(anyLoopbackPort(), LOOPS, spread);
        CountDownLatch held = new CountDownLatch(30);
        Serving serving = new Serving(server, stream -> {
            held.countDown();
            Giambio.sleepForever();
        });
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                clients.add(new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort()));
            }
            assertTrue(held.await(60, TimeUnit.SECONDS));
            // and some more that are only queued or handed over when the server stops
            for (int i = 0; i < 10; i++) {
                clients.add(new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort()));
            }
            assertInstanceOf(InterruptedException.class, serving.stop());
            for (Socket c : clients) {
                c.setSoTimeout(30_000);
                try {
                    assertEquals(-1, c.getInputStream().read(), "the server closed every connection");
                } catch (java.net.SocketException reset) {
                    // a connection still in the listener's backlog is reset when the listener closes
                    assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
                }
            }
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    @Test
    void anAcceptedChannelHandedToAnotherLoopBecomesThatLoopsStreamAndOnlyThatLoopsStream() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
        handOffAndEcho();
        long before = openFds();
        handOffAndEcho();
        long after = openFds();
        assertTrue(after - before <= 2, "open file descriptors went from " + before + " to " + after);
    }

    private static void handOffAndEcho() throws Exception {
        byte[] payload = randomBytes(100_000, 5);
        CrossLoopChannel<SocketChannel> handoff = CrossLoopChannel.open(1);
        CrossLoopChannel<SocketStream> back = CrossLoopChannel.open(1);
        AtomicReference<Throwable> misuse = new AtomicReference<>();
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(anyLoopbackPort())) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Giambio.runGroup(2, index -> {
                if (index == 0) {
                    Giambio.createPool(pool -> {
                        pool.spawn("client", () -> {
                            try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                                client.sendAll(payload);
                                client.sendEof();
                                assertArrayEquals(payload, NetTesting.receiveAll(client, 65536));
                            }
                        });
                        // accept a raw channel (a blocking accept on a worker thread) and hand it over
                        handoff.sender().send(Threads.runInThread(server::accept));
                        SocketStream theirs = back.receiver().receive();
                        misuse.set(assertThrows(WrongThreadException.class, () -> theirs.receive(1)));
                    });
                } else {
                    try (SocketStream mine = SocketStream.wrap(handoff.receiver().receive())) {
                        NetTesting.echo(mine);
                        back.sender().send(mine);
                        Giambio.sleep(java.time.Duration.ofMillis(1)); // loop 0 tries it meanwhile
                        while (misuse.get() == null) {
                            Giambio.sleep(java.time.Duration.ofMillis(1));
                        }
                    }
                }
            });
        }
        assertTrue(misuse.get().getMessage().contains("from a task of another giambio loop"), misuse.get().getMessage());
    }

    @Test
    void misuseNamesTheCall() throws Exception {
        var zero = assertThrows(IllegalArgumentException.class, () -> MultiLoopServer.bind(anyLoopbackPort(), 0));
        assertTrue(zero.getMessage().contains("MultiLoopServer.bind") && zero.getMessage().contains("not 0"));
        var viaNet = assertThrows(IllegalArgumentException.class,
                () -> Net.serveTcp(-2, anyLoopbackPort(), NetTesting::echo));
        assertTrue(viaNet.getMessage().contains("not -2"), viaNet.getMessage());
        MultiLoopServer server = MultiLoopServer.bind(anyLoopbackPort(), 1);
        server.close();
        var twice = assertThrows(IllegalStateException.class, () -> server.serve(NetTesting::echo));
        assertTrue(twice.getMessage().contains("MultiLoopServer.serve"), twice.getMessage());
    }

}
