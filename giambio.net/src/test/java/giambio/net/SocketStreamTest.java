package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.echo;
import static giambio.net.NetTesting.randomBytes;
import static giambio.net.NetTesting.receiveAll;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** S19: TCP streams, listeners, openTcpStream and serveTcp, between tasks of one loop. */
class SocketStreamTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void echoRoundTripThroughServeTcp() throws Exception {
        String reply = Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            String[] got = new String[1];
            Giambio.createPool(pool -> {
                pool.spawn("server", () -> Net.serveTcp(listener, NetTesting::echo));
                try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                    client.sendAll(ascii("hello, giambio"));
                    client.sendEof();
                    got[0] = new String(receiveAll(client, 1024), StandardCharsets.US_ASCII);
                }
                pool.cancel();
            });
            assertFalse(listener.isOpen(), "serveTcp closes its listener when it returns");
            return got[0];
        });
        assertEquals("hello, giambio", reply);
    }

    @Test
    void openTcpStreamByHostName() throws Exception {
        String reply = Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            String[] got = new String[1];
            Giambio.createPool(pool -> {
                pool.spawn(() -> Net.serveTcp(listener, s -> s.sendAll(ascii("hi from " + s.localAddress()))));
                try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                    got[0] = new String(receiveAll(client, 100), StandardCharsets.US_ASCII);
                }
                pool.cancel();
            });
            return got[0];
        });
        assertTrue(reply.startsWith("hi from /127.0.0.1:"), reply);
    }

    @Test
    void aHostNameIsResolvedAndConnects() throws Exception {
        String reply = Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            String[] got = new String[1];
            Giambio.createPool(pool -> {
                pool.spawn(() -> Net.serveTcp(listener, s -> s.sendAll(ascii("hi"))));
                // "localhost" is a name: resolved on a worker thread; an IPv6 ::1 address, if
                // listed first, is refused and the next address is tried
                try (SocketStream client = Net.openTcpStream("localhost", port)) {
                    got[0] = new String(receiveAll(client, 100), StandardCharsets.US_ASCII);
                }
                pool.cancel();
            });
            return got[0];
        });
        assertEquals("hi", reply);
    }

    @Test
    void acceptGivesTheClientsAddress() throws Exception {
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                SocketAddress[] seen = new SocketAddress[2];
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try (SocketStream server = listener.accept()) {
                            seen[0] = server.remoteAddress();
                            assertEquals(listener.localAddress(), server.localAddress());
                        }
                    });
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        seen[1] = client.localAddress();
                        assertEquals(listener.localAddress(), client.remoteAddress());
                        assertEquals(0, receiveAll(client, 10).length);
                    }
                });
                assertNotNull(seen[0]);
                assertEquals(seen[1], seen[0]);
            }
        });
    }

    @Test
    void largeTransferArrivesWholeInSplitReceives() throws Exception {
        byte[] payload = randomBytes(8 * 1024 * 1024, 42);
        int[] chunks = {0};
        byte[] received = Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            byte[][] out = new byte[1][];
            Giambio.createPool(pool -> {
                pool.spawn("server", () -> Net.serveTcp(listener, NetTesting::echo));
                try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                    Giambio.createPool(inner -> {
                        inner.spawn("sender", () -> {
                            client.sendAll(payload);
                            client.sendEof();
                        });
                        inner.spawn("receiver", () -> {
                            ByteBuffer all = ByteBuffer.allocate(payload.length + 1);
                            for (byte[] d = client.receive(100_000); d.length > 0; d = client.receive(100_000)) {
                                assertTrue(d.length <= 100_000);
                                chunks[0]++;
                                all.put(d);
                            }
                            out[0] = Arrays.copyOf(all.array(), all.position());
                        });
                    });
                }
                pool.cancel();
            });
            return out[0];
        });
        assertEquals(payload.length, received.length);
        assertArrayEquals(payload, received);
        assertTrue(chunks[0] >= payload.length / 100_000, "8 MB cannot come in fewer receives of 100 kB: " + chunks[0]);
    }

    @Test
    void sendAllOfAByteBufferSendsFromPositionToLimit() throws Exception {
        byte[] got = Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                byte[][] out = new byte[1][];
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try (SocketStream s = listener.accept()) {
                            out[0] = receiveAll(s, 3);
                        }
                    });
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        ByteBuffer buf = ByteBuffer.wrap(ascii("xxABCDEFyy"));
                        buf.position(2).limit(8);
                        client.sendAll(buf);
                        assertEquals(8, buf.position());
                        assertFalse(buf.hasRemaining());
                    }
                });
                return out[0];
            }
        });
        assertEquals("ABCDEF", new String(got, StandardCharsets.US_ASCII));
    }

    @Test
    void endOfStreamIsEmptyAndStaysEmpty() throws Exception {
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try (SocketStream s = listener.accept()) {
                            s.sendAll(ascii("bye"));
                        }
                    });
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        assertEquals("bye", new String(receiveAll(client, 1), StandardCharsets.US_ASCII));
                        assertEquals(0, client.receive(10).length);
                        assertEquals(-1, client.receive(ByteBuffer.allocate(10)));
                    }
                });
            }
        });
    }

    @Test
    void receiveIntoAByteBuffer() throws Exception {
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try (SocketStream s = listener.accept()) {
                            s.sendAll(ascii("0123456789"));
                        }
                    });
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        ByteBuffer dst = ByteBuffer.allocate(4);
                        StringBuilder sb = new StringBuilder();
                        for (int n = client.receive(dst); n != -1; n = client.receive(dst)) {
                            assertTrue(n >= 1 && n <= 4, "n = " + n);
                            dst.flip();
                            sb.append(StandardCharsets.US_ASCII.decode(dst));
                            dst.clear();
                        }
                        assertEquals("0123456789", sb.toString());
                        assertThrows(IllegalArgumentException.class, () -> client.receive(ByteBuffer.allocate(0)));
                    }
                });
            }
        });
    }

    @Test
    void manyConcurrentClientsEachGetTheirOwnEcho() throws Exception {
        int clients = 50;
        AtomicInteger ok = new AtomicInteger();
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort(), 128);
            Giambio.createPool(pool -> {
                pool.spawn("server", () -> Net.serveTcp(listener, NetTesting::echo));
                Giambio.createPool(clientPool -> {
                    for (int i = 0; i < clients; i++) {
                        byte[] msg = randomBytes(20_000 + i * 1000, i);
                        clientPool.spawn("client " + i, () -> {
                            try (SocketStream c = Net.openTcpStream(listener.localAddress())) {
                                // send in pieces with checkpoints between, so the clients interleave
                                for (int off = 0; off < msg.length; off += 7000) {
                                    c.sendAll(Arrays.copyOfRange(msg, off, Math.min(msg.length, off + 7000)));
                                }
                                c.sendEof();
                                assertArrayEquals(msg, receiveAll(c, 4096));
                                ok.incrementAndGet();
                            }
                        });
                    }
                });
                pool.cancel();
            });
        });
        assertEquals(clients, ok.get());
    }

    @Test
    void aReceiveThatCompletesAtOnceStillYields() throws Exception {
        List<String> log = new ArrayList<>();
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try (SocketStream s = listener.accept()) {
                            s.sendAll(ascii("ready"));
                            assertEquals(0, s.receive(10).length);
                        }
                    });
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        assertEquals('r', client.receive(1)[0]);   // data has arrived
                        Giambio.createPool(inner -> {
                            inner.spawn(() -> {
                                log.add("a1");
                                byte[] d = client.receive(10);     // completes without waiting
                                log.add("a2:" + new String(d, StandardCharsets.US_ASCII));
                            });
                            inner.spawn(() -> log.add("b"));
                        });
                    }
                });
            }
        });
        assertEquals(List.of("a1", "b", "a2:eady"), log);
    }

    @Test
    void aCancelledReceiveConsumesNoData() throws Exception {
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try (SocketStream s = listener.accept()) {
                            s.sendAll(ascii("AB"));
                        }
                    });
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        assertEquals('A', client.receive(1)[0]);
                        CancelScope scope = CancelScope.create();
                        scope.run(() -> {
                            scope.cancel();
                            client.receive(10);                    // data is there, but cancelled first
                            fail("receive in a cancelled scope must throw Cancelled");
                        });
                        assertTrue(scope.cancelledCaught());
                        assertEquals("B", new String(receiveAll(client, 10), StandardCharsets.US_ASCII));
                    }
                });
            }
        });
    }

    @Test
    void aTimeoutCancelsABlockedReceiveAndTheStreamStaysUsable() throws Exception {
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try (SocketStream s = listener.accept()) {
                            assertEquals("go", new String(s.receive(2), StandardCharsets.US_ASCII));
                            s.sendAll(ascii("late"));
                        }
                    });
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        boolean completed = Giambio.skipAfter(Duration.ofMillis(100), () -> {
                            client.receive(10);               // the server sends nothing yet
                        });
                        assertFalse(completed, "the receive should have been cut short");
                        client.sendAll(ascii("go"));
                        assertEquals("late", new String(receiveAll(client, 10), StandardCharsets.US_ASCII));
                    }
                });
            }
        });
    }

    @Test
    void acceptIsCancellable() throws Exception {
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                assertFalse(Giambio.skipAfter(Duration.ofMillis(50), () -> {
                    listener.accept().close();
                }));
                assertTrue(listener.isOpen());
            }
        });
    }

    @Test
    void aRefusedConnectFailsWithConnectException() throws Exception {
        SocketAddress target = NetTesting.closedLoopbackPort();
        assertThrows(ConnectException.class, () -> Giambio.run(() -> {
            Net.openTcpStream(target).close();
        }));
    }

    @Test
    void streamsSetNoDelayAndExposeOptions() throws Exception {
        Giambio.run(() -> {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> listener.accept().close());
                    try (SocketStream client = Net.openTcpStream(listener.localAddress())) {
                        assertTrue(client.getOption(StandardSocketOptions.TCP_NODELAY));
                        client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                        assertTrue(client.getOption(StandardSocketOptions.SO_KEEPALIVE));
                    }
                });
            }
        });
    }

    @Test
    void aHandlerExceptionCrashesTheServerByDefault() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicInteger otherHandlerCancelled = new AtomicInteger();
        Exception thrown = assertThrows(Exception.class, () -> Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            Giambio.createPool(pool -> {
                pool.spawn("server", () -> Net.serveTcp(listener, s -> {
                    byte[] cmd = s.receive(10);
                    if (cmd[0] == 'x') {
                        throw boom;
                    }
                    try {
                        Giambio.sleepForever();
                    } catch (Cancelled c) {
                        otherHandlerCancelled.incrementAndGet();
                        throw c;
                    }
                }));
                SocketStream calm = Net.openTcpStream(listener.localAddress());
                calm.sendAll(ascii("c"));
                Giambio.sleep(Duration.ofMillis(50));
                SocketStream crasher = Net.openTcpStream(listener.localAddress());
                crasher.sendAll(ascii("x"));
                try {
                    Giambio.sleepForever();                // cancelled when the server crashes
                } finally {
                    calm.close();
                    crasher.close();
                }
            });
        }));
        assertSame(boom, thrown);
        assertEquals(1, otherHandlerCancelled.get());
    }

    @Test
    void logAndContinueClosesOnlyTheFailedConnection() throws Exception {
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            Giambio.createPool(pool -> {
                pool.spawn("server", () -> Net.serveTcp(listener, s -> {
                    byte[] cmd = s.receive(10);
                    if (cmd[0] == 'x') {
                        throw new IllegalStateException("a deliberately failing handler (this WARNING is expected)");
                    }
                    s.sendAll(cmd);
                    echo(s);
                }, HandlerFailure.LOG_AND_CONTINUE));
                try (SocketStream crasher = Net.openTcpStream(listener.localAddress())) {
                    crasher.sendAll(ascii("x"));
                    assertEquals(0, receiveAll(crasher, 10).length, "the failed connection is closed");
                }
                try (SocketStream after = Net.openTcpStream(listener.localAddress())) {
                    after.sendAll(ascii("still up"));
                    after.sendEof();
                    assertEquals("still up", new String(receiveAll(after, 10), StandardCharsets.US_ASCII));
                }
                pool.cancel();
            });
        });
    }

    @Test
    void serveTcpValidatesItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> Giambio.run(() -> Net.serveTcp(70000, NetTesting::echo)));
        assertThrows(IllegalArgumentException.class, () -> Giambio.run(() -> {
            Net.openTcpStream("127.0.0.1", 0);
        }));
        assertThrows(IllegalArgumentException.class, () -> Giambio.run(() -> {
            Net.openTcpStream(new SocketAddress() {
                private static final long serialVersionUID = 1L;
            });
        }));
    }
}
