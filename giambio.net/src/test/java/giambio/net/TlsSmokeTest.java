package giambio.net;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsSmokeTest {
    @Test
    void smoke() throws Exception {
        Giambio.run(() -> {
            try (TlsTesting.Pair p = TlsTesting.Pair.open()) {
                Giambio.createPool(pool -> {
                    pool.spawn(() -> {
                        byte[] d = p.server().receive(100);
                        p.server().sendAll(("echo:" + new String(d, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                        p.server().sendEof();
                        assertEquals(0, p.server().receive(10).length);
                    });
                    p.client().sendAll("hi".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("echo:hi", new String(p.client().receive(100), StandardCharsets.US_ASCII));
                    assertEquals(0, p.client().receive(10).length);
                    System.out.println(p.client().session().getProtocol() + " " + p.server().serverName());
                    p.client().sendEof();
                });
            }
        });
    }
}
