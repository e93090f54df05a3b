package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BusyResourceException;
import giambio.api.Giambio;
import giambio.api.Task;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** UDP sockets between tasks of one loop. */
class UdpSocketTest {

    @Test
    void datagramsGoBothWaysWithTheirSender() throws Exception {
        Giambio.run(() -> {
            try (UdpSocket a = UdpSocket.bind(anyLoopbackPort()); UdpSocket b = UdpSocket.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    pool.spawn("echo", () -> {
                        for (int i = 0; i < 3; i++) {
                            Datagram d = b.receiveFrom(1000);
                            b.sendTo(ByteBuffer.wrap(d.data()), d.sender());
                        }
                    });
                    for (int i = 0; i < 3; i++) {
                        byte[] msg = ("datagram " + i).getBytes(StandardCharsets.US_ASCII);
                        a.sendTo(msg, b.localAddress());
                        Datagram back = a.receiveFrom(1000);
                        assertArrayEquals(msg, back.data());
                        assertEquals(b.localAddress(), back.sender());
                    }
                });
            }
        });
    }

    @Test
    void aWrappedUnboundSocketReportsItsAddressOnceASendBoundIt() throws Exception {
        Giambio.run(() -> {
            try (UdpSocket target = UdpSocket.bind(anyLoopbackPort());
                    UdpSocket wrapped = UdpSocket.wrap(java.nio.channels.DatagramChannel.open())) {
                assertNull(wrapped.localAddress(), "not bound yet");
                wrapped.sendTo("x".getBytes(StandardCharsets.US_ASCII), target.localAddress());
                java.net.InetSocketAddress bound = (java.net.InetSocketAddress) wrapped.localAddress();
                assertNotNull(bound, "the send bound it");
                assertTrue(bound.getPort() > 0, bound.toString());
                assertEquals(bound.getPort(), ((java.net.InetSocketAddress) target.receiveFrom(10).sender()).getPort());
            }
        });
    }

    @Test
    void aLongDatagramIsTruncatedToMax() throws Exception {
        Giambio.run(() -> {
            try (UdpSocket a = UdpSocket.bind(anyLoopbackPort()); UdpSocket b = UdpSocket.bind(anyLoopbackPort())) {
                a.sendTo("0123456789".getBytes(StandardCharsets.US_ASCII), b.localAddress());
                assertEquals("0123", new String(b.receiveFrom(4).data(), StandardCharsets.US_ASCII));
            }
        });
    }

    @Test
    void twoReceiversOnOneSocketIsABusyResource() throws Exception {
        Giambio.run(() -> {
            try (UdpSocket a = UdpSocket.bind(anyLoopbackPort()); UdpSocket b = UdpSocket.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    Task<Datagram> first = pool.spawn(() -> b.receiveFrom(10));
                    Giambio.waitAllTasksBlocked();
                    assertThrows(BusyResourceException.class, () -> b.receiveFrom(10));
                    a.sendTo(new byte[] {5}, b.localAddress());
                    assertArrayEquals(new byte[] {5}, first.join().data());
                });
            }
        });
    }

    @Test
    void aBlockedReceiveIsCancellable() throws Exception {
        Giambio.run(() -> {
            try (UdpSocket a = UdpSocket.bind(anyLoopbackPort())) {
                assertFalse(Giambio.skipAfter(Duration.ofMillis(20), () -> {
                    a.receiveFrom(10);
                }));
                assertTrue(a.isOpen());
            }
        });
    }
}
