package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static giambio.net.NetTesting.receiveAll;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S22 with sockets: servers report their bound listeners through TaskPool.start. */
class ServeStartTest {

    @Test
    void serveTcpReportsItsBoundListenerThroughStart() throws Exception {
        String reply = Giambio.run(() -> {
            String[] got = new String[1];
            Giambio.createPool(pool -> {
                List<SocketListener> listeners = pool.start("server",
                        status -> Net.serveTcp(anyLoopbackPort(), NetTesting::echo, HandlerFailure.CRASH_SERVER, status));
                assertEquals(1, listeners.size());
                InetSocketAddress where = (InetSocketAddress) listeners.get(0).localAddress();
                assertNotEquals(0, where.getPort(), "the listener reports the port the system picked");
                try (SocketStream client = Net.openTcpStream(where)) {
                    client.sendAll("started".getBytes(StandardCharsets.US_ASCII));
                    client.sendEof();
                    got[0] = new String(receiveAll(client, 1024), StandardCharsets.US_ASCII);
                }
                pool.cancel();
            });
            return got[0];
        });
        assertEquals("started", reply);
    }

    @Test
    void aBindFailureComesOutOfStartNotOutOfThePool() throws Exception {
        Giambio.run(() -> {
            try (SocketListener taken = SocketListener.bind(anyLoopbackPort())) {
                Giambio.createPool(pool -> {
                    IOException e = assertThrows(IOException.class, () -> pool.start(
                            status -> Net.serveTcp(taken.localAddress(), NetTesting::echo, HandlerFailure.CRASH_SERVER,
                                    status)));
                    assertInstanceOf(BindException.class, e);
                    assertFalse(pool.cancelScope().cancelCalled(), "a failed start leaves the pool alone");
                });
            }
        });
    }

    @Test
    void serveListenersReportsTheListenersItWasGiven() throws Exception {
        Giambio.run(() -> Giambio.createPool(pool -> {
            SocketListener a = SocketListener.bind(anyLoopbackPort());
            SocketListener b = SocketListener.bind(anyLoopbackPort());
            List<SocketListener> reported = pool.start(
                    status -> Net.serveListeners(List.of(a, b), NetTesting::echo, HandlerFailure.CRASH_SERVER, status));
            assertEquals(List.of(a, b), reported);
            pool.cancel();
        }));
    }
}
