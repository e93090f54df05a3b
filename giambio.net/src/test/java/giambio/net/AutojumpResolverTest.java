package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import giambio.testsupport.IdleWitness;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The case that found the autojump bug: {@code Net.openTcpStream(hostName)} inside a short
 * timeout on an autojumping {@link VirtualClock}, with a resolver (run on a worker thread) that
 * takes real time. The clock must wait for the resolver instead of firing the timeout.
 */
@Timeout(60)
class AutojumpResolverTest {

    @Test
    void aSlowResolverInsideAVirtualTimeoutDoesNotTimeOut() throws Exception {
        AtomicInteger resolved = new AtomicInteger();
        IdleWitness witness = new IdleWitness();
        HostResolver slow = host -> {
            try {
                // real work that lasts until the loop is blocked idle: the moment a clock
                // that did not wait for the resolver would jump and fire the timeout
                witness.awaitIdle(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resolved.incrementAndGet();
            return List.of(InetAddress.getLoopbackAddress());
        };
        VirtualClock clock = VirtualClock.autojumping();
        Giambio.run(RunOptions.builder().clock(clock).debugger(witness).build(), () -> {
            SocketListener listener = SocketListener.bind(anyLoopbackPort());
            int port = ((InetSocketAddress) listener.localAddress()).getPort();
            Giambio.createPool(pool -> {
                pool.spawn("server", () -> Net.serveTcp(listener, NetTesting::echo));
                try (SocketStream s = Giambio.withTimeout(Duration.ofMillis(100),
                        () -> Net.openTcpStream("slow.example", port, ConnectOptions.DEFAULT.withResolver(slow)))) {
                    s.sendAll(new byte[] {1, 2, 3});
                    s.sendEof();
                    assertArrayEquals(new byte[] {1, 2, 3}, NetTesting.receiveAll(s, 16));
                }
                assertEquals(0.0, Giambio.clock(), "the clock stood still while the resolver worked");
                pool.cancel();
            });
        });
        assertEquals(1, resolved.get());
    }
}
