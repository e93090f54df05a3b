package giambio.examples;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerConsumerTest {

    @Test
    void everyItemIsProcessedOnceInProducerOrder() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        double[] took = new double[1];
        List<ProducerConsumer.Report> reports = Giambio.run(
                RunOptions.builder().clock(VirtualClock.autojumping()).build(), () -> {
                    double start = Giambio.clock();
                    List<ProducerConsumer.Report> r = ProducerConsumer.main(out, 3, 10, 2, Duration.ofSeconds(1));
                    took[0] = Giambio.clock() - start;
                    return r;
                });
        List<String> all = new ArrayList<>();
        for (ProducerConsumer.Report r : reports) {
            all.addAll(r.items());
            // per consumer, each producer's items arrive in the order they were made
            for (int p = 0; p < 3; p++) {
                String prefix = "producer-" + p + "/";
                List<Integer> seq = r.items().stream().filter(s -> s.startsWith(prefix))
                        .map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
                assertEquals(seq.stream().sorted().toList(), seq);
            }
            assertFalse(r.items().isEmpty(), r.name() + " did some work");
        }
        assertEquals(30, all.size());
        assertEquals(30, new HashSet<>(all).size(), "no item lost or duplicated");
        assertEquals(15.0, took[0], "two consumers share 30 one-second items");
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("[producer-2] done"), printed);
        assertTrue(printed.contains("[consumer-1] processed"), printed);
    }
}
