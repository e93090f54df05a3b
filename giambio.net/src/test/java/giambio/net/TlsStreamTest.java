package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.randomBytes;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BrokenResourceException;
import giambio.api.BusyResourceException;
import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsStream} between two giambio tasks over loopback TCP (the peers tests use openssl
 * and Python): the handshake on first use and explicit, ALPN and SNI, a cancelled or timed
 * out handshake, concurrent send and receive, close_notify on close, serveTls.
 */
class TlsStreamTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] receiveExactly(TlsStream s, int n) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < n) {
            byte[] d = s.receive(n - out.size());
            assertTrue(d.length > 0, "end of stream after " + out.size() + " of " + n + " bytes");
            out.write(d);
        }
        return out.toByteArray();
    }

    @Test
    void handshakeOnFirstUseNegotiatesAlpnAndSendsSni() throws Exception {
        TlsConfig client = TlsTesting.clientConfig().withApplicationProtocols("giambio/2", "giambio/1");
        TlsConfig server = TlsTesting.serverConfig().withApplicationProtocols("giambio/1");
        Giambio.run(() -> {
            try (TlsTesting.Pair p = TlsTesting.Pair.open(client, server)) {
                assertThrows(IllegalStateException.class, () -> p.client().session(), "no session before the handshake");
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        assertArrayEquals(ascii("hello"), receiveExactly(p.server(), 5));   // runs the handshake
                        p.server().sendAll(ascii("world"));
                    });
                    p.client().sendAll(ascii("hello"));   // runs the handshake
                    assertArrayEquals(ascii("world"), receiveExactly(p.client(), 5));
                });
                assertEquals(Optional.of("giambio/1"), p.client().applicationProtocol());
                assertEquals(Optional.of("giambio/1"), p.server().applicationProtocol());
                assertEquals(Optional.of(TlsTesting.HOST), p.server().serverName(), "the client's SNI");
                assertEquals(Optional.of(TlsTesting.HOST), p.client().serverName());
                assertEquals("TLSv1.3", p.client().session().getProtocol());
                assertTrue(p.client().isClient());
                assertFalse(p.server().isClient());
            }
        });
    }

    @Test
    void explicitHandshakeOnBothSidesThenNoAlpn() throws Exception {
        Giambio.run(() -> {
            try (TlsTesting.Pair p = TlsTesting.Pair.open()) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> p.server().handshake());
                    p.client().handshake();
                });
                assertEquals(Optional.empty(), p.client().applicationProtocol());
                assertEquals(p.client().session().getCipherSuite(), p.server().session().getCipherSuite());
                p.client().handshake();   // done: a plain checkpoint
                assertTrue(p.client().isOpen());
            }
        });
    }

    @Test
    void cancelledHandshakeLeavesTheStreamBrokenNotHalfOpen() throws Exception {
        Giambio.run(() -> {
            try (TlsTesting.Pair p = TlsTesting.Pair.open()) {
                CancelScope scope = CancelScope.create();
                Giambio.createPool(pool -> {
                    pool.spawn(() -> scope.run(() -> p.client().handshake()));   // the server never answers
                    Giambio.waitAllTasksBlocked();
                    scope.cancel();
                });
                assertTrue(scope.cancelledCaught());
                BrokenResourceException e = assertThrows(BrokenResourceException.class, () -> p.client().receive(10));
                assertTrue(e.getMessage().contains("handshake was cancelled"), e.getMessage());
                assertInstanceOf(Cancelled.class, e.getCause());
                assertThrows(BrokenResourceException.class, () -> p.client().sendAll(ascii("x")));
                assertThrows(BrokenResourceException.class, () -> p.client().handshake());
                IllegalStateException s = assertThrows(IllegalStateException.class, () -> p.client().session());
                assertTrue(s.getMessage().contains("broken"), s.getMessage());
                assertEquals(TlsStreamImpl.State.BROKEN, ((TlsStreamImpl) p.client()).state());
                p.client().close();
                assertFalse(p.client().isOpen());
            }
        });
    }

    @Test
    void aSilentPeerHitsTheHandshakeTimeoutOnTheVirtualClock() throws Exception {
        TlsConfig client = TlsTesting.clientConfig().withHandshakeTimeout(Duration.ofSeconds(30));
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).build(), () -> {
            try (TlsTesting.Pair p = TlsTesting.Pair.open(client, TlsTesting.serverConfig())) {
                double start = Giambio.clock();
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> p.client().handshake());
                assertTrue(e.getMessage().contains("did not finish within PT30S"), e.getMessage());
                assertTrue(Giambio.clock() - start >= 30.0, "the virtual clock jumped to the timeout");
                assertThrows(BrokenResourceException.class, () -> p.client().receive(1));
            }
        });
    }

    @Test
    void twoTasksSendAndReceiveAtOnceIncludingTheFirstUse() throws Exception {
        byte[] data = randomBytes(1 << 20, 42);
        Giambio.run(() -> {
            try (TlsTesting.Pair p = TlsTesting.Pair.open()) {
                byte[][] echoed = new byte[1][];
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {   // the server echoes until close_notify, then says goodbye
                        for (byte[] d = p.server().receive(65536); d.length > 0; d = p.server().receive(65536)) {
                            p.server().sendAll(d);
                        }
                        p.server().sendEof();
                    });
                    // both client tasks start before the handshake: one runs it, the other waits for it
                    pool.spawn(() -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        for (byte[] d = p.client().receive(70000); d.length > 0; d = p.client().receive(70000)) {
                            out.write(d);
                        }
                        echoed[0] = out.toByteArray();
                    });
                    for (int off = 0; off < data.length; off += 100_000) {
                        p.client().sendAll(ByteBuffer.wrap(data, off, Math.min(100_000, data.length - off)));
                    }
                    p.client().sendEof();   // TLS 1.3: a half-close, the echo keeps coming
                });
                assertArrayEquals(data, echoed[0], "every byte echoed, in order, while sending");
            }
        });
    }

    @Test
    void aSecondReceiverIsBusyAndCloseWakesTheFirst() throws Exception {
        Giambio.run(() -> {
            try (TlsTesting.Pair p = TlsTesting.Pair.open()) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> p.server().handshake());
                    p.client().handshake();
                });
                Throwable[] woke = new Throwable[1];
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        try {
                            p.client().receive(10);
                        } catch (ClosedResourceException e) {
                            woke[0] = e;
                        }
                    });
                    Giambio.waitAllTasksBlocked();
                    BusyResourceException busy = assertThrows(BusyResourceException.class, () -> p.client().receive(10));
                    assertTrue(busy.getMessage().contains("another task is already receiving"), busy.getMessage());
                    p.client().close();
                });
                assertNotNull(woke[0], "the waiting receive woke with ClosedResourceException");
                // close sent close_notify: the server sees a clean end of stream, not a truncation
                assertEquals(0, p.server().receive(10).length);
            }
        });
    }

    @Test
    void serveTlsSurvivesFailedHandshakesAndServesEachConnection() throws Exception {
        Giambio.run(() -> Giambio.createPool(pool -> {
            List<TlsListener> listeners = pool.start(status -> Net.serveTls(anyLoopbackPort(),
                    TlsTesting.serverConfig(), tls -> {
                        byte[] d = tls.receive(100);
                        tls.sendAll(("tls:" + new String(d, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                    }, HandlerFailure.CRASH_SERVER, status));
            int port = ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
            // a client that does not speak TLS, and one that does not trust the certificate:
            // their handshakes fail; each such connection is closed and the server goes on
            try (SocketStream plain = Net.openTcpStream(listeners.get(0).localAddress())) {
                plain.sendAll(ascii("GET / HTTP/1.0\r\n\r\n"));
                try {
                    while (plain.receive(1024).length > 0) {
                        // the server's alert, then its end of stream
                    }
                } catch (java.io.IOException reset) {
                    // an end too
                }
            }
            assertThrows(SSLHandshakeException.class, () -> Net.openTlsStream(TlsTesting.HOST, port));
            for (int i = 0; i < 3; i++) {
                try (TlsStream tls = Net.openTlsStream(TlsTesting.HOST, port, TlsTesting.clientConfig())) {
                    assertTrue(tls.session().isValid(), "openTlsStream returns after the handshake");
                    tls.sendAll(ascii("ping" + i));
                    assertArrayEquals(ascii("tls:ping" + i), receiveExactly(tls, 9));
                    assertEquals(0, tls.receive(10).length, "the handler's end closed with close_notify");
                }
            }
            pool.cancel();
        }));
    }

    @Test
    void aClientThatResetsItsTlsConnectionEndsOnlyThatConnection() throws Exception {
        // issue 11's reset policy over TLS: the reset surfaces in the TLS stream's handler; it is
        // the connection's own failure (the transport raised it), so CRASH_SERVER does not apply
        Giambio.run(() -> Giambio.createPool(pool -> {
            List<TlsListener> listeners = pool.start(status -> Net.serveTls(anyLoopbackPort(),
                    TlsTesting.serverConfig(), tls -> {
                        for (byte[] d = tls.receive(100); d.length > 0; d = tls.receive(100)) {
                            tls.sendAll(d);
                        }
                    }, HandlerFailure.CRASH_SERVER, status));
            int port = ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
            for (int i = 0; i < 2; i++) {
                SocketStream tcp = Net.openTcpStream(listeners.get(0).localAddress());
                TlsStream rude = TlsStream.client(tcp, TlsTesting.HOST, TlsTesting.clientConfig());
                rude.sendAll(ascii("hello"));
                assertArrayEquals(ascii("hello"), receiveExactly(rude, 5));
                tcp.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                tcp.close();   // a TCP reset under the TLS session, no close_notify
            }
            try (TlsStream polite = Net.openTlsStream(TlsTesting.HOST, port, TlsTesting.clientConfig())) {
                polite.sendAll(ascii("still here"));
                assertArrayEquals(ascii("still here"), receiveExactly(polite, 10), "the server goes on");
            }
            pool.cancel();
        }));
    }
}
