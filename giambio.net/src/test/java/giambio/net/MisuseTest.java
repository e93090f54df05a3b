package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BusyResourceException;
import giambio.api.ClosedResourceException;
import giambio.api.Giambio;
import giambio.api.Task;
import giambio.api.TooSlowException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S20 and misuse: busy resources, closed resources, closing wakes waiters, wrong loop. */
class MisuseTest {

    /** A connected pair of streams, made inside a loop. */
    private record Pair(SocketStream client, SocketStream server, SocketListener listener) implements AutoCloseable {
        static Pair open() throws Exception {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            SocketStream[] accepted = new SocketStream[1];
            SocketStream[] client = new SocketStream[1];
            Giambio.createPool(pool -> {
                pool.spawn(() -> accepted[0] = listener.accept());
                client[0] = Net.openTcpStream(listener.localAddress());
            });
            return new Pair(client[0], accepted[0], listener);
        }

        @Override
        public void close() throws IOException {
            try (listener; server; client) {
                // closes all three, in reverse order
            }
        }
    }

    /** Fills the send buffers so that the next sendAll of a large array must wait. */
    private static byte[] moreThanTheBuffersHold(SocketStream s) throws IOException {
        int snd = s.getOption(StandardSocketOptions.SO_SNDBUF);
        return new byte[Math.max(16 << 20, snd * 16)];
    }

    @Test
    void twoTasksReceivingOnOneStreamIsABusyResource() throws Exception {
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                Giambio.createPool(pool -> {
                    Task<byte[]> first = pool.spawn(() -> p.client().receive(10));
                    Giambio.waitAllTasksBlocked();          // first now waits to read
                    BusyResourceException e = assertThrows(BusyResourceException.class, () -> p.client().receive(10));
                    assertTrue(e.getMessage().contains("another task"), e.getMessage());
                    assertFalse(first.isDone());
                    p.server().sendAll(new byte[] {7});           // the first receiver is still served
                    assertArrayEquals(new byte[] {7}, first.join());
                });
            }
        });
    }

    @Test
    void aSecondReceiverIsRefusedEvenWhenDataIsAlreadyThere() throws Exception {
        Giambio.run(() -> {
            try (var raw = java.nio.channels.ServerSocketChannel.open()) {
                raw.bind(anyLoopbackPort());
                SocketChannel clientChannel = SocketChannel.open(raw.getLocalAddress());
                try (SocketStream client = SocketStream.wrap(clientChannel);
                     SocketChannel server = raw.accept();
                     java.nio.channels.Selector probe = java.nio.channels.Selector.open()) {
                    clientChannel.register(probe, java.nio.channels.SelectionKey.OP_READ);
                    Giambio.createPool(pool -> {
                        Task<byte[]> first = pool.spawn(() -> client.receive(10));
                        Giambio.waitAllTasksBlocked();             // first waits to read
                        server.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));   // not a checkpoint
                        // wait (without a checkpoint, so first cannot run) until the bytes are
                        // readable: a private selector on the same channel sees it; bounded
                        assertEquals(1, probe.select(30_000), "the written bytes never became readable");
                        // the data is readable now, so only the stream's own conflict check can stop this
                        assertThrows(BusyResourceException.class, () -> client.receive(10));
                        assertArrayEquals(new byte[] {1, 2, 3}, first.join());
                    });
                }
            }
        });
    }

    @Test
    void twoTasksSendingOnOneStreamIsABusyResource() throws Exception {
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                Giambio.createPool(pool -> {
                    byte[] big = moreThanTheBuffersHold(p.client());
                    Task<Void> sender = pool.spawn(() -> p.client().sendAll(big));
                    Giambio.waitAllTasksBlocked();          // the first sender waits for room
                    assertFalse(sender.isDone());
                    assertThrows(BusyResourceException.class, () -> p.client().sendAll(new byte[] {1}));
                    assertThrows(BusyResourceException.class, () -> p.client().sendEof());
                    pool.spawn(() -> {
                        sender.join();
                        p.client().sendEof();
                    });
                    assertEquals(big.length, NetTesting.receiveAll(p.server(), 1 << 16).length,
                            "the first sender's data arrives whole, nothing of the refused ones");
                });
            }
        });
    }

    @Test
    void receivingAndSendingAtOnceIsFine() throws Exception {
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                Giambio.createPool(pool -> {
                    Task<byte[]> reader = pool.spawn(() -> p.client().receive(10));
                    Giambio.waitAllTasksBlocked();
                    p.client().sendAll(new byte[] {1, 2});
                    assertArrayEquals(new byte[] {1, 2}, p.server().receive(10));
                    p.server().sendAll(new byte[] {3});
                    assertArrayEquals(new byte[] {3}, reader.join());
                });
            }
        });
    }

    @Test
    void everyOperationOnAClosedStreamIsAClosedResource() throws Exception {
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                SocketStream s = p.client();
                s.close();
                s.close();                                         // idempotent
                assertFalse(s.isOpen());
                assertTrue(assertThrows(ClosedResourceException.class, () -> s.receive(1)).getMessage().contains("closed"));
                assertThrows(ClosedResourceException.class, () -> s.sendAll(new byte[] {1}));
                assertThrows(ClosedResourceException.class, s::sendEof);
                assertThrows(ClosedResourceException.class, () -> s.getOption(StandardSocketOptions.TCP_NODELAY));
                assertNotNull(s.remoteAddress(), "addresses stay known after close");
                p.listener().close();
                assertThrows(ClosedResourceException.class, () -> p.listener().accept());
            }
        });
    }

    @Test
    void sendAllAfterSendEofIsAClosedResource() throws Exception {
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                p.client().sendEof();
                p.client().sendEof();                              // again: nothing happens
                ClosedResourceException e = assertThrows(ClosedResourceException.class,
                        () -> p.client().sendAll(new byte[] {1}));
                assertTrue(e.getMessage().contains("sendEof"), e.getMessage());
                assertEquals(0, p.server().receive(10).length);
                p.server().sendAll(new byte[] {9});                // the other direction still works
                assertArrayEquals(new byte[] {9}, p.client().receive(10));
            }
        });
    }

    @Test
    void closingAStreamWakesItsReceiverAndSender() throws Exception {
        List<String> log = new ArrayList<>();
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                byte[] big = moreThanTheBuffersHold(p.client());
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        ClosedResourceException e = assertThrows(ClosedResourceException.class, () -> p.client().receive(10));
                        log.add("receiver: " + e.getClass().getSimpleName());
                    });
                    pool.spawn(() -> {
                        assertThrows(ClosedResourceException.class, () -> p.client().sendAll(big));
                        log.add("sender: closed");
                    });
                    Giambio.waitAllTasksBlocked();          // both now wait
                    log.add("closing");
                    p.client().close();
                });
            }
        });
        assertEquals(List.of("closing", "receiver: ClosedResourceException", "sender: closed"), log);
    }

    @Test
    void closingAStreamFromAnotherThreadWakesItsReceiverOnTheLoop() throws Exception {
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                Giambio.createPool(pool -> {
                    Task<ClosedResourceException> receiver = pool.spawn(
                            () -> assertThrows(ClosedResourceException.class, () -> p.client().receive(10)));
                    Giambio.waitAllTasksBlocked();
                    Thread closer = Thread.ofPlatform().name("closer").start(() -> {
                        try {
                            p.client().close();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    // the closer's close must wake the receiver; without it this join would hang
                    // until the generous timeout below
                    Giambio.withTimeout(Duration.ofSeconds(30), () -> receiver.join());
                    closer.join();
                    assertTrue(receiver.result().getMessage().contains("closed"), receiver.result().getMessage());
                });
            }
        });
    }

    @Test
    void closingAListenerWakesItsAcceptor() throws Exception {
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            Giambio.createPool(pool -> {
                Task<Void> acceptor = pool.spawn(() -> {
                    assertThrows(ClosedResourceException.class, listener::accept);
                });
                Giambio.waitAllTasksBlocked();
                listener.close();
                acceptor.join();
            });
        });
    }

    @Test
    void closingAUdpSocketWakesItsReceiver() throws Exception {
        Giambio.run(() -> {
            UdpSocket udp = UdpSocket.bind(anyLoopbackPort());
            Giambio.createPool(pool -> {
                pool.spawn(() -> assertThrows(ClosedResourceException.class, () -> udp.receiveFrom(100)));
                Giambio.waitAllTasksBlocked();
                udp.close();
            });
            assertThrows(ClosedResourceException.class, () -> udp.sendTo(new byte[1], anyLoopbackPort()));
        });
    }

    @Test
    void withTimeoutAroundABlockedReceiveRaisesTooSlow() throws Exception {
        Giambio.run(() -> {
            try (Pair p = Pair.open()) {
                assertThrows(TooSlowException.class, () -> Giambio.withTimeout(Duration.ofMillis(30), () -> {
                    p.client().receive(1);
                }));
                assertTrue(p.client().isOpen(), "a timeout does not close the stream");
            }
        });
    }

    @Test
    void aStreamBelongsToTheLoopThatFirstUsedIt() throws Exception {
        SocketStream[] leftover = new SocketStream[1];
        Pair[] pair = new Pair[1];
        Giambio.run(() -> {
            pair[0] = Pair.open();
            leftover[0] = pair[0].client();
            leftover[0].sendAll(new byte[] {1});
        });
        try {
            WrongThreadException e = assertThrows(WrongThreadException.class, () -> Giambio.run(() -> {
                leftover[0].receive(1);
            }));
            assertTrue(e.getMessage().contains("another giambio loop"), e.getMessage());
            assertThrows(WrongThreadException.class, () -> Giambio.run(() -> leftover[0].close()));
        } finally {
            pair[0].close();                                       // outside any loop: allowed
        }
        assertFalse(leftover[0].isOpen());
    }

    @Test
    void operationsOutsideALoopFailClearly() throws Exception {
        Pair[] pair = new Pair[1];
        Giambio.run(() -> {
            pair[0] = Pair.open();
        });
        try (Pair p = pair[0]) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.client().receive(1));
            assertTrue(e.getMessage().startsWith("receive on TCP stream"), e.getMessage());
            assertTrue(e.getMessage().contains("running giambio loop"), e.getMessage());
            IllegalStateException c = assertThrows(IllegalStateException.class, () -> Net.openTcpStream(p.listener().localAddress()));
            assertTrue(c.getMessage().startsWith("Net.openTcpStream must be called from a task"), c.getMessage());
        }
    }

    @Test
    void badArgumentsAreRejected() throws Exception {
        try (SocketChannel unconnected = SocketChannel.open()) {
            assertThrows(IllegalArgumentException.class, () -> SocketStream.wrap(unconnected));
        }
        SocketChannel closed = SocketChannel.open();
        closed.close();
        assertThrows(ClosedResourceException.class, () -> SocketStream.wrap(closed));
        Giambio.run(() -> {
            try (Pair p = Pair.open(); UdpSocket udp = UdpSocket.bind(anyLoopbackPort())) {
                assertThrows(IllegalArgumentException.class, () -> p.client().receive(0));
                assertThrows(IllegalArgumentException.class, () -> udp.receiveFrom(0));
                assertThrows(IllegalArgumentException.class, () -> udp.receiveFrom(65537));
            }
        });
    }
}
