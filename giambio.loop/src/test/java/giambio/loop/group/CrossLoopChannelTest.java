package giambio.loop.group;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BrokenResourceException;
import giambio.api.ClosedResourceException;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import giambio.api.sync.CrossLoopChannel;
import giambio.api.sync.EndOfChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** D7: the thread-safe channel between loops (and plain threads). */
@Timeout(120)
class CrossLoopChannelTest {

    /**
     * Stress: 3 sending loops and a sending thread, 3 receiving loops and a receiving thread,
     * a small buffer (constant back-pressure), clones closed one by one: every item arrives
     * exactly once.
     */
    @Test
    void everyItemIsDeliveredExactlyOnceUnderStress() throws Exception {
        int perSender = 20_000;
        int senders = 4;
        int total = perSender * senders;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        CrossLoopChannel<Integer> ch = CrossLoopChannel.open(8);
        List<CrossLoopChannel.Sender<Integer>> txs = new ArrayList<>();
        List<CrossLoopChannel.Receiver<Integer>> rxs = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            txs.add(i == 0 ? ch.sender() : ch.sender().clone());
            rxs.add(i == 0 ? ch.receiver() : ch.receiver().clone());
        }
        Thread foreignSender = Thread.ofPlatform().start(() -> {
            try (var tx = txs.get(3)) {
                for (int k = 0; k < perSender; k++) {
                    tx.send(3 * perSender + k);
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Thread foreignReceiver = Thread.ofPlatform().start(() -> {
            try (var rx = rxs.get(3)) {
                for (int item : rx) {
                    seen.incrementAndGet(item);
                }
            }
        });
        Giambio.runGroup(6, index -> {
            if (index < 3) {
                try (var tx = txs.get(index)) {
                    for (int k = 0; k < perSender; k++) {
                        tx.send(index * perSender + k);
                    }
                }
            } else {
                try (var rx = rxs.get(index - 3)) {
                    for (int item : rx) {
                        seen.incrementAndGet(item);
                    }
                }
            }
        });
        foreignSender.join();
        foreignReceiver.join();
        for (int i = 0; i < total; i++) {
            assertEquals(1, seen.get(i), "item " + i);
        }
        var stats = ch.sender().statistics();
        assertEquals(0, stats.buffered());
        assertEquals(0, stats.openSendChannels());
        assertEquals(0, stats.openReceiveChannels());
    }

    @Test
    void itemsKeepTheirOrderBetweenOneSenderAndOneReceiver() throws Exception {
        CrossLoopChannel<Integer> ch = CrossLoopChannel.open(3);
        List<Integer> got = new ArrayList<>();
        Giambio.runGroup(2, index -> {
            if (index == 0) {
                try (var tx = ch.sender()) {
                    for (int k = 0; k < 1000; k++) {
                        tx.send(k);
                    }
                }
            } else {
                for (int item : ch.receiver()) {
                    got.add(item);
                }
            }
        });
        assertEquals(1000, got.size());
        for (int k = 0; k < 1000; k++) {
            assertEquals(k, got.get(k));
        }
    }

    @Test
    void aFullBufferMakesTheSenderWaitAndSendIsACheckpoint() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(2);
        StringBuilder log = new StringBuilder();
        Giambio.run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                ch.sender().send("a");
                log.append("a ");
                ch.sender().send("b");
                log.append("b ");
                ch.sender().send("c");
                log.append("c ");
            });
            pool.spawn(() -> log.append("other "));
            Giambio.waitAllTasksBlocked();
            assertEquals("other a b ", log.toString());
            assertFalse(ch.sender().trySend("x"));
            assertEquals(1, ch.sender().statistics().tasksWaitingSend());
            assertEquals("a", ch.receiver().receive());
            Giambio.waitAllTasksBlocked();
            assertTrue(log.toString().endsWith("c "), log.toString());
            assertEquals(List.of("b", "c"), List.of(ch.receiver().receive(), ch.receiver().receive()));
        }));
    }

    @Test
    void aCancelledReceiverTakesNothingAndTheNextItemGoesToAnother() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(1);
        Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).build(), () -> {
            var got = Giambio.skipAfter(Duration.ofSeconds(1), () -> ch.receiver().receive());
            assertTrue(got.isEmpty());
            assertEquals(0, ch.receiver().statistics().tasksWaitingReceive(), "the cancelled waiter left the queue");
        });
        Thread.ofPlatform().start(() -> ch.sender().trySend("late")).join();
        assertEquals("late", ch.receiver().tryReceive().orElseThrow());
    }

    @Test
    void closingTheLastSenderDrainsThenEnds() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(4);
        var clone = ch.sender().clone();
        ch.sender().send("x");
        clone.send("y");
        ch.sender().close();
        assertEquals("x", ch.receiver().receive());
        clone.close();
        assertEquals("y", ch.receiver().receive());
        EndOfChannelException end = assertThrows(EndOfChannelException.class, () -> ch.receiver().receive());
        assertTrue(end.getMessage().contains("every send end"), end.getMessage());
    }

    @Test
    void closingEveryReceiverBreaksSendersAndDropsTheBuffer() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(4);
        ch.sender().send("dropped");
        ch.receiver().close();
        var e = assertThrows(BrokenResourceException.class, () -> ch.sender().send("z"));
        assertTrue(e.getMessage().contains("CrossLoopChannel.Sender.send"), e.getMessage());
        assertEquals(0, ch.sender().statistics().buffered());
    }

    @Test
    void usingAnEndAfterCloseNamesTheCall() {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(1);
        ch.sender().close();
        ch.sender().close(); // idempotent
        var send = assertThrows(ClosedResourceException.class, () -> ch.sender().send("x"));
        assertTrue(send.getMessage().contains("CrossLoopChannel.Sender.send") && send.getMessage().contains("closed"));
        var clone = assertThrows(ClosedResourceException.class, () -> ch.sender().clone());
        assertTrue(clone.getMessage().contains("CrossLoopChannel.Sender.clone"), clone.getMessage());
        ch.receiver().close();
        var rx = assertThrows(ClosedResourceException.class, () -> ch.receiver().tryReceive());
        assertTrue(rx.getMessage().contains("CrossLoopChannel.Receiver.receive"), rx.getMessage());
    }

    @Test
    void closingAnEndWakesAThreadWaitingOnIt() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                waiting.countDown();
                ch.receiver().receive();
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        waiting.await();
        while (ch.receiver().statistics().tasksWaitingReceive() == 0) {
            Thread.onSpinWait();
        }
        ch.receiver().close();
        t.join();
        assertInstanceOf(ClosedResourceException.class, outcome.get());
    }

    @Test
    void aLoopTaskWaitingOnAnEndClosedFromAnotherThreadGetsClosedResource() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(1);
        Giambio.run(() -> Giambio.createPool(pool -> {
            var waiter = pool.spawn(() -> assertThrows(ClosedResourceException.class, () -> ch.receiver().receive()));
            Giambio.waitAllTasksBlocked();
            Threads.runInThread(() -> {
                ch.receiver().close();
                return null;
            });
            waiter.join();
        }));
    }

    @Test
    void anInterruptedThreadStopsWaiting() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(1);
        ch.sender().send("fills the buffer");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                ch.sender().send("blocked");
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        while (ch.sender().statistics().tasksWaitingSend() == 0) {
            Thread.onSpinWait();
        }
        t.interrupt();
        t.join();
        assertInstanceOf(InterruptedException.class, outcome.get());
        assertEquals(1, ch.sender().statistics().buffered(), "the interrupted item was not sent");
    }

    @Test
    void anInterruptedThreadIteratingStopsWithCancellationAndKeepsItsFlag() throws Exception {
        CrossLoopChannel<String> ch = CrossLoopChannel.open(1);
        ch.sender().send("first");
        List<String> seen = new ArrayList<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                for (String item : ch.receiver()) {   // gets "first", then waits for more
                    seen.add(item);
                }
            } catch (Throwable e) {
                outcome.set(e);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        while (ch.receiver().statistics().tasksWaitingReceive() == 0) {
            Thread.onSpinWait();
        }
        t.interrupt();
        t.join();
        assertEquals(List.of("first"), seen);
        assertInstanceOf(java.util.concurrent.CancellationException.class, outcome.get());
        assertTrue(outcome.get().getMessage().contains("CrossLoopChannel.Receiver iteration"), outcome.get().getMessage());
        assertInstanceOf(InterruptedException.class, outcome.get().getCause());
        assertTrue(flagAfter.get(), "the thread's interrupt flag is restored");
    }

    @Test
    void aZeroOrNegativeCapacityIsRefusedByName() {
        for (int c : new int[] {0, -1}) {
            var e = assertThrows(IllegalArgumentException.class, () -> CrossLoopChannel.open(c));
            assertTrue(e.getMessage().contains("CrossLoopChannel.open") && e.getMessage().contains(String.valueOf(c)));
        }
        var npe = assertThrows(NullPointerException.class, () -> CrossLoopChannel.<String>open(1).sender().trySend(null));
        assertTrue(npe.getMessage().contains("CrossLoopChannel.Sender.trySend"), npe.getMessage());
    }
}
