package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.openFds;
import static giambio.net.NetTesting.randomBytes;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.Threads;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fault suite of issue 11 (loopback, bounded): a burst of 2,000 connects fully queued and
 * served; a client's reset ends its connection only under the default policy while a handler's
 * own exception still crashes the server; half-close, slow readers and floods with every
 * well-behaved client's bytes checked; {@code /proc/self/fd} back to its baseline each time.
 * File-descriptor exhaustion is {@link ExhaustionTest} (a child JVM with a low limit).
 */
class FaultSuiteTest {

    /** A bound on each blocking client operation, so a bug fails the test instead of hanging it. */
    private static final int PATIENCE_MS = 60_000;

    /**
     * Starts the JDK's virtual-thread I/O pollers (epoll descriptors it keeps for the JVM's
     * life) before any baseline is taken: the clients here block on sockets in threads that may
     * be virtual, and the first such wait creates them.
     */
    @org.junit.jupiter.api.BeforeAll
    static void startTheJdksPollers() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = connect(server.getLocalSocketAddress())) {
                    s.getOutputStream().write(1);
                    s.getInputStream().read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket in = server.accept()) {
                in.getInputStream().read();
                in.getOutputStream().write(1);
            }
            t.join();
        }
    }

    private static Socket connect(SocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, PATIENCE_MS);
        s.setSoTimeout(PATIENCE_MS);
        return s;
    }

    /** Sends {@code data}, half-closes, and returns everything the server sent back. */
    private static byte[] roundTrip(Socket s, byte[] data) throws IOException {
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                s.getInputStream().transferTo(back);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        s.getOutputStream().write(data);
        s.shutdownOutput();
        try {
            reader.join(PATIENCE_MS);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        assertFalse(reader.isAlive(), "the echo did not end");
        return back.toByteArray();
    }

    @Test
    void aBurstOf2000ConnectsIsQueuedByTheDefaultBacklogAndEveryOneIsServed() throws Exception {
        int n = 2000;
        assertTrue(SocketListenerImpl.DEFAULT_BACKLOG >= n, "somaxconn here is " + SocketListenerImpl.DEFAULT_BACKLOG);
        long baseline = openFds();
        SocketListener listener = SocketListener.bind(anyLoopbackPort());
        SocketAddress address = listener.localAddress();
        // Every connect completes before anything accepts: only the listen backlog holds them.
        // With the JDK's default of 50, connect 52 or so would wait for a SYN retry and time out.
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.connect(address, 5_000);
                s.setSoTimeout(PATIENCE_MS);
            }
            Giambio.run(() -> Giambio.createPool(pool -> {
                pool.spawn(() -> Net.serveTcp(listener, NetTesting::echo));
                Threads.runInThread(() -> {
                    for (int i = 0; i < n; i++) {
                        clients.get(i).getOutputStream().write(("client " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    for (int i = 0; i < n; i++) {
                        String expected = "client " + i + "\n";
                        byte[] back = new DataInputStream(clients.get(i).getInputStream()).readNBytes(expected.length());
                        assertEquals(expected, new String(back, StandardCharsets.US_ASCII));
                        clients.get(i).close();
                    }
                    return null;
                });
                pool.cancel();
            }));
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
        assertFalse(listener.isOpen());
        assertEquals(baseline, openFds(), () -> "file descriptors leaked: " + NetTesting.fdTargets());
    }

    @Test
    void aNegativeBacklogIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketListener.bind(anyLoopbackPort(), -1));
        assertTrue(e.getMessage().contains("SocketListener.bind") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void theBatchedAcceptTakesEveryQueuedConnectionAndStopsWhenNoneIsLeft() throws Exception {
        try (SocketListener l = SocketListener.bind(anyLoopbackPort());
             Socket a = connect(l.localAddress()); Socket b = connect(l.localAddress())) {
            Giambio.run(() -> {
                SocketListenerImpl impl = (SocketListenerImpl) l;
                try (SocketStream first = l.accept(); SocketStream second = impl.tryAccept()) {
                    assertNotNull(second, "the second queued connection");
                    assertNull(impl.tryAccept(), "nothing else is queued");
                    assertEquals(java.util.Set.of(a.getLocalSocketAddress(), b.getLocalSocketAddress()),
                            java.util.Set.of(first.remoteAddress(), second.remoteAddress()));
                }
            });
        }
    }

    /** An echo handler that records how it ended, for the reset tests. */
    private static final class Recorded {
        final List<Throwable> endings = new ArrayList<>();
        final giambio.api.sync.Event ended = new giambio.api.sync.Event();

        ConnectionHandler<SocketStream> echo() {
            return stream -> {
                try {
                    NetTesting.echo(stream);
                    endings.add(null);
                } catch (Throwable t) {
                    endings.add(t);
                    throw t;
                } finally {
                    ended.set();
                }
            };
        }
    }

    /** Connects, sends a byte, waits for its echo, then closes with SO_LINGER 0: a reset. */
    private static void resetAfterOneEcho(SocketAddress address) throws IOException {
        Socket s = connect(address);
        s.getOutputStream().write(1);
        assertEquals(1, s.getInputStream().read());
        s.setSoLinger(true, 0);
        s.getOutputStream().write(new byte[100]);   // unread by the time of the reset, on either side
        s.close();
    }

    @Test
    void aClientsResetEndsItsConnectionOnlyUnderTheDefaultPolicy() throws Exception {
        long baseline = openFds();
        Recorded rec = new Recorded();
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            Giambio.createPool(pool -> {
                var server = pool.spawn(() -> Net.serveTcp(listener, rec.echo()));
                Threads.runInThread(() -> {
                    resetAfterOneEcho(listener.localAddress());
                    return null;
                });
                rec.ended.await();
                Giambio.waitAllTasksBlocked();
                assertInstanceOf(IOException.class, rec.endings.get(0), "the handler saw the reset");
                assertFalse(server.isDone(), "the server goes on after a client's reset");
                byte[] data = randomBytes(100_000, 11);
                byte[] back = Threads.runInThread(() -> {
                    try (Socket s = connect(listener.localAddress())) {
                        return roundTrip(s, data);
                    }
                });
                assertArrayEquals(data, back, "a later client is served");
                pool.cancel();
            });
        });
        assertEquals(baseline, openFds(), () -> "file descriptors leaked: " + NetTesting.fdTargets());
    }

    @Test
    void aResetWrappedByTheHandlerIsStillTheConnectionsFailure() throws Exception {
        Recorded rec = new Recorded();
        ConnectionHandler<SocketStream> wrapping = stream -> {
            try {
                rec.echo().handle(stream);
            } catch (IOException e) {
                throw new UncheckedIOException("echo failed", e);
            }
        };
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            Giambio.createPool(pool -> {
                var server = pool.spawn(() -> Net.serveTcp(listener, wrapping));
                Threads.runInThread(() -> {
                    resetAfterOneEcho(listener.localAddress());
                    return null;
                });
                rec.ended.await();
                Giambio.waitAllTasksBlocked();
                assertFalse(server.isDone(), "a wrapped reset is still the connection's own failure");
                pool.cancel();
            });
        });
    }

    @Test
    void anExceptionTheHandlerRaisesOnPurposeStillCrashesTheServer() throws Exception {
        // the seed's echo server: "exit" stops the server; and an IOException the handler makes
        // itself (same message as a reset) is the handler's, not the connection's
        for (String word : List.of("exit", "fake-reset")) {
            long baseline = openFds();
            IOException raised = new IOException(word.equals("exit") ? "exit requested" : "Connection reset");
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            Exception thrown = assertThrows(IOException.class, () -> Giambio.run(() -> Giambio.createPool(pool -> {
                pool.spawn(() -> Net.serveTcp(listener, stream -> {
                    byte[] got = stream.receive(100);
                    if (new String(got, StandardCharsets.US_ASCII).trim().equals(word)) {
                        throw raised;
                    }
                }));
                Threads.runInThread(() -> {
                    try (Socket s = connect(listener.localAddress())) {
                        s.getOutputStream().write((word + "\n").getBytes(StandardCharsets.US_ASCII));
                        assertEquals(-1, s.getInputStream().read(), "the connection is closed");
                    }
                    return null;
                });
                Giambio.sleepForever();
            })));
            assertSame(raised, thrown, word + ": serveTcp rethrows the handler's own exception");
            assertFalse(listener.isOpen());
            assertEquals(baseline, openFds(), () -> "file descriptors leaked: " + NetTesting.fdTargets());
        }
    }

    @Test
    void halfCloseSlowReadersFloodsAndResetsTogetherLoseNoWellBehavedClientsByte() throws Exception {
        // a first, smaller round lets the JDK start the I/O pollers (epoll descriptors kept for
        // the JVM's life) of whatever carrier threads the clients land on; the second must leave
        // the descriptor count where it found it
        mixedFaults(1, 64 << 10);
        long baseline = openFds();
        mixedFaults(8, 2 << 20);
        assertEquals(baseline, openFds(), () -> "file descriptors leaked: " + NetTesting.fdTargets());
    }

    private static void mixedFaults(int flooders, int floodBytes) throws Exception {
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            SocketAddress address = listener.localAddress();
            Giambio.createPool(pool -> {
                var server = pool.spawn(() -> Net.serveTcp(listener, NetTesting::echo));
                Threads.runInThread(() -> {
                    ExecutorService clients = Executors.newFixedThreadPool(flooders + 12);
                    try {
                        List<Future<?>> done = new ArrayList<>();
                        for (int i = 0; i < flooders; i++) {     // floods: 2 MiB each, half-closed
                            byte[] data = randomBytes(floodBytes, i);
                            done.add(clients.submit(() -> {
                                try (Socket s = connect(address)) {
                                    assertArrayEquals(data, roundTrip(s, data));
                                }
                                return null;
                            }));
                        }
                        for (int i = 0; i < 2; i++) {            // slow readers: small reads, one at a time
                            byte[] data = randomBytes(floodBytes, 100 + i);
                            done.add(clients.submit(() -> {
                                try (Socket s = connect(address)) {
                                    Thread writer = Thread.ofPlatform().start(() -> {
                                        try {
                                            OutputStream out = s.getOutputStream();
                                            out.write(data);
                                            s.shutdownOutput();
                                        } catch (IOException e) {
                                            throw new UncheckedIOException(e);
                                        }
                                    });
                                    ByteArrayOutputStream back = new ByteArrayOutputStream();
                                    InputStream in = s.getInputStream();
                                    byte[] small = new byte[512];
                                    for (int r; (r = in.read(small)) >= 0; ) {
                                        back.write(small, 0, r);
                                        Thread.yield();
                                    }
                                    writer.join();
                                    assertArrayEquals(data, back.toByteArray());
                                }
                                return null;
                            }));
                        }
                        for (int i = 0; i < 10; i++) {           // rude clients: reset mid-stream
                            done.add(clients.submit(() -> {
                                resetAfterOneEcho(address);
                                return null;
                            }));
                        }
                        for (Future<?> f : done) {
                            f.get(PATIENCE_MS, TimeUnit.MILLISECONDS);
                        }
                    } finally {
                        clients.shutdownNow();
                    }
                    return null;
                });
                assertFalse(server.isDone(), "resets did not stop the server");
                pool.cancel();
            });
        });
    }

    @Test
    void exhaustionErrorsAreToldApartFromOtherAcceptErrors() {
        assertTrue(Serving.isExhaustion(new IOException("Too many open files")));
        assertTrue(Serving.isExhaustion(new IOException("Too many open files in system")));
        assertTrue(Serving.isExhaustion(new IOException("Cannot allocate memory")));
        assertTrue(Serving.isExhaustion(new java.net.SocketException("No buffer space available (maximum connections reached?)")));
        assertTrue(Serving.isExhaustion(new IOException("accept failed", new IOException("Too many open files"))));
        assertFalse(Serving.isExhaustion(new IOException("Invalid argument")));
        assertFalse(Serving.isExhaustion(new IOException((String) null)));
    }

    @Test
    void aClosingWakeUpNamesGiambiosSocketNotTheJdkChannel() throws Exception {
        Giambio.run(() -> {
            try (SocketListener l = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    var waiter = pool.spawn(() -> {
                        try {
                            l.accept();
                            return null;
                        } catch (giambio.api.ClosedResourceException e) {
                            return e;
                        }
                    });
                    Giambio.waitAllTasksBlocked();
                    l.close();
                    Throwable e = waiter.join();
                    assertNotNull(e);
                    assertTrue(e.getMessage().contains("TCP listener") && !e.getMessage().contains("Channel["),
                            e.getMessage());
                });
            }
        });
    }
}
