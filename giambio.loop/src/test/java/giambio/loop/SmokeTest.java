package giambio.loop;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.*;
import java.time.Duration;
import java.util.*;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void runReturnsValue() throws Exception {
        assertEquals(42, Giambio.run(() -> 42));
    }

    @Test
    void twoChildren() throws Exception {
        List<String> log = new ArrayList<>();
        double took = Giambio.run(() -> {
            double start = Giambio.clock();
            Giambio.createPool(pool -> {
                pool.spawn("a", () -> { log.add("a1"); Giambio.sleep(Duration.ofMillis(200)); log.add("a2"); });
                pool.spawn("b", () -> { log.add("b1"); Giambio.sleep(Duration.ofMillis(200)); log.add("b2"); });
                log.add("body");
            });
            return Giambio.clock() - start;
        });
        assertEquals(List.of("body", "a1", "b1", "a2", "b2"), log);
        assertTrue(took >= 0.2 && took < 0.39, "took " + took);
    }

    @Test
    void childFailure() {
        IllegalStateException boom = new IllegalStateException("boom");
        Exception e = assertThrows(Exception.class, () -> Giambio.run(() -> {
            Giambio.createPool(pool -> {
                pool.spawn(() -> { Giambio.sleep(Duration.ofSeconds(100)); });
                pool.spawn(() -> { throw boom; });
            });
        }));
        assertSame(boom, e);
    }

    @Test
    void manySwitches() throws Exception {
        int n = Giambio.run(() -> {
            int[] c = {0};
            Giambio.createPool(pool -> {
                for (int i = 0; i < 100; i++) pool.spawn(() -> { for (int j = 0; j < 1000; j++) { c[0]++; Giambio.checkpoint(); } });
            });
            return c[0];
        });
        assertEquals(100_000, n);
    }
}
