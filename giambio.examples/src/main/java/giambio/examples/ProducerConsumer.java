package giambio.examples;

import giambio.api.Giambio;
import giambio.api.sync.MemoryChannel;
import giambio.api.sync.ReceiveChannel;
import giambio.api.sync.SendChannel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Producers and consumers joined by a bounded memory channel.
 *
 * <p>Each producer owns a clone of the send end and closes it when done; each consumer owns
 * a clone of the receive end and iterates until the channel ends, which happens once the
 * last producer closed its end and the buffer drained. The small capacity gives
 * back-pressure: producers wait while consumers are busy.
 */
public final class ProducerConsumer {

    private ProducerConsumer() {
    }

    /**
     * What one consumer did.
     *
     * @param name  the consumer's name
     * @param items the items it processed, in the order it received them
     */
    public record Report(String name, List<String> items) {
    }

    /**
     * Runs the pipeline. Call it from a task.
     *
     * @param out       where to print
     * @param producers how many producers
     * @param itemsEach how many items each producer makes
     * @param consumers how many consumers
     * @param work      how long a consumer works on one item
     * @return one report per consumer
     * @throws Exception if a task fails
     */
    public static List<Report> main(PrintStream out, int producers, int itemsEach, int consumers, Duration work)
            throws Exception {
        MemoryChannel<String> channel = MemoryChannel.open(4);
        List<Report> reports = new ArrayList<>();
        Giambio.createPool(pool -> {
            try (SendChannel<String> tx = channel.sender(); ReceiveChannel<String> rx = channel.receiver()) {
                for (int p = 0; p < producers; p++) {
                    String name = "producer-" + p;
                    SendChannel<String> mine = tx.clone();
                    pool.spawn(name, () -> {
                        try (mine) {
                            for (int i = 0; i < itemsEach; i++) {
                                mine.send(name + "/" + i);   // waits while the buffer is full
                            }
                        }
                        out.println("[" + name + "] done");
                    });
                }
                for (int c = 0; c < consumers; c++) {
                    Report report = new Report("consumer-" + c, new ArrayList<>());
                    reports.add(report);
                    ReceiveChannel<String> mine = rx.clone();
                    pool.spawn(report.name(), () -> {
                        try (mine) {
                            for (String item : mine) {         // ends when every producer closed
                                Giambio.sleep(work);
                                report.items().add(item);
                            }
                        }
                        out.println("[" + report.name() + "] processed " + report.items().size() + " items");
                    });
                }
            } // the original ends close here; the clones keep the channel open
        });
        return reports;
    }

    /**
     * Runs the example: 3 producers of 5 items each, 2 consumers taking 100 ms per item.
     *
     * @param args ignored
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        Giambio.run(() -> {
            double start = Giambio.clock();
            List<Report> reports = main(System.out, 3, 5, 2, Duration.ofMillis(100));
            System.out.printf("[main] %d items in %.2f s%n",
                    reports.stream().mapToInt(r -> r.items().size()).sum(), Giambio.clock() - start);
        });
    }
}
