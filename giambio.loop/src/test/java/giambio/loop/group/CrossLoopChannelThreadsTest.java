package giambio.loop.group;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.sync.CrossLoopChannel;
import giambio.api.sync.EndOfChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking side of a {@link CrossLoopChannel} under contention of plain threads: each
 * blocked thread waits in an explicit FIFO queue on its own condition and is picked by the
 * hand-over that lets it proceed (issue 10). A lost wake-up would leave an item in the buffer
 * while receivers wait; interrupts racing with picks must neither lose an item nor a wake-up.
 */
@Timeout(60)
class CrossLoopChannelThreadsTest {

    @Test
    void contendedThreadsWithInterruptsDeliverEveryItemOnceAndLoseNoWakeUp() throws Exception {
        int senders = 4;
        int perSender = 500;
        int total = senders * perSender;
        CrossLoopChannel<Integer> ch = CrossLoopChannel.open(1);
        Set<Integer> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch allReceived = new CountDownLatch(total);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int base = s * perSender;
            threads.add(Thread.ofPlatform().name("sender-" + s).start(() -> {
                try {
                    for (int i = 0; i < perSender; i++) {
                        ch.sender().send(base + i);
                    }
                } catch (InterruptedException e) {
                    throw new AssertionError("nobody interrupts the senders", e);
                }
            }));
        }
        // steady receivers are never interrupted; victims stop at their first interrupt, which
        // comes while they wait, while they are being picked, or while they hold an item
        List<Thread> receivers = new ArrayList<>();
        List<Thread> victims = new ArrayList<>();
        for (int r = 0; r < 4 + 16; r++) {
            boolean victim = r >= 4;
            Thread t = Thread.ofPlatform().name((victim ? "victim-" : "receiver-") + r).start(() -> {
                while (true) {
                    try {
                        Integer item = ch.receiver().receive();
                        if (!received.add(item)) {
                            duplicates.incrementAndGet();
                        }
                        allReceived.countDown();
                    } catch (InterruptedException e) {
                        return;                             // a victim's interrupted wait took nothing
                    } catch (EndOfChannelException end) {
                        return;
                    }
                }
            });
            (victim ? victims : receivers).add(t);
        }
        for (Thread v : victims) {
            while (v.isAlive() && allReceived.getCount() > 0) {
                v.interrupt();
                Thread.yield();
            }
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), t.getName() + " still blocked");
        }
        // every item was sent; if a wake-up was lost, one stays buffered while receivers wait
        assertTrue(allReceived.await(30, TimeUnit.SECONDS), "items left undelivered: " + allReceived.getCount()
                + ", channel " + ch);
        assertEquals(0, duplicates.get(), "items delivered twice");
        assertEquals(total, received.size());
        ch.sender().close();
        receivers.addAll(victims);
        for (Thread t : receivers) {
            t.join(30_000);
            assertFalse(t.isAlive(), t.getName() + " did not see the end of the channel");
        }
        var stats = ch.receiver().statistics();
        assertEquals(0, stats.tasksWaitingReceive(), stats.toString());
        assertEquals(0, stats.buffered(), stats.toString());
    }
}
