package giambio.loop.sync;

import static giambio.loop.sync.Loops.*;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BrokenResourceException;
import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import giambio.api.Giambio;
import giambio.api.sync.EndOfChannelException;
import giambio.api.sync.MemoryChannel;
import giambio.api.sync.ReceiveChannel;
import giambio.api.sync.SendChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryChannelTest {

    @Test
    void bufferedSendAndReceive() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.open(2);
        run(() -> {
            SendChannel<Integer> tx = ch.sender();
            ReceiveChannel<Integer> rx = ch.receiver();
            tx.send(1);
            assertTrue(tx.trySend(2));
            assertFalse(tx.trySend(3), "buffer full");
            assertEquals(new MemoryChannel.Statistics(2, 2, 1, 1, 0, 0), tx.statistics());
            assertEquals(1, rx.receive());
            assertEquals(Optional.of(2), rx.tryReceive());
            assertEquals(Optional.empty(), rx.tryReceive());
            assertThrows(NullPointerException.class, () -> tx.send(null));
        });
    }

    @Test
    void sendWaitsWhileFull() throws Exception {
        MemoryChannel<String> ch = MemoryChannel.open(1);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> {
                ch.sender().send("a");
                log.add("sent a at " + Giambio.clock());
                ch.sender().send("b");
                log.add("sent b at " + Giambio.clock());
            });
            sleep(1);
            assertEquals(1, ch.receiver().statistics().tasksWaitingSend());
            log.add("got " + ch.receiver().receive());
            sleep(1);
            log.add("got " + ch.receiver().receive());
        }));
        // the receive at 1.0 moved b into the buffer and woke its sender, which ran during
        // the receive's own checkpoint
        assertEquals(List.of("sent a at 0.0", "sent b at 1.0", "got a", "got b"), log);
    }

    @Test
    void rendezvous() throws Exception {
        MemoryChannel<String> ch = MemoryChannel.open(0);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            assertFalse(ch.sender().trySend("x"), "nobody receives yet");
            pool.spawn(() -> {
                ch.sender().send("hello");
                log.add("send returned at " + Giambio.clock());
            });
            sleep(2);
            assertEquals(0, ch.receiver().statistics().buffered());
            assertEquals("hello", ch.receiver().receive());
            pool.spawn(() -> log.add("received " + ch.receiver().receive() + " at " + Giambio.clock()));
            sleep(1);
            assertTrue(ch.sender().trySend("direct"), "a waiting receiver takes it");
        }));
        assertEquals(List.of("send returned at 2.0", "received direct at 3.0"), log);
    }

    @Test
    void unboundedNeverBlocks() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.unbounded();
        run(() -> {
            for (int i = 0; i < 10_000; i++) {
                assertTrue(ch.sender().trySend(i));
            }
            ch.sender().close();
            int expected = 0;
            for (int i : ch.receiver()) {
                assertEquals(expected++, i);
            }
            assertEquals(10_000, expected);
        });
        assertThrows(IllegalArgumentException.class, () -> MemoryChannel.open(-1));
    }

    @Test
    void closingSendersDrainsThenEnds() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.open(5);
        run(() -> {
            SendChannel<Integer> tx = ch.sender();
            tx.send(1);
            tx.send(2);
            tx.close();
            tx.close(); // idempotent
            assertEquals(1, ch.receiver().receive());
            assertEquals(2, ch.receiver().receive());
            assertThrows(EndOfChannelException.class, ch.receiver()::receive);
            assertThrows(EndOfChannelException.class, ch.receiver()::tryReceive);
            assertThrows(ClosedResourceException.class, () -> tx.send(3));
            assertThrows(ClosedResourceException.class, () -> tx.trySend(3));
            assertThrows(ClosedResourceException.class, tx::clone);
        });
    }

    @Test
    void closingLastSenderWakesWaitingReceiversWithEnd() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.open(0);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            for (int i = 0; i < 2; i++) {
                int n = i;
                pool.spawn(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (int x : ch.receiver()) {
                        got.add(x);
                    }
                    log.add(n + " got " + got + " ended at " + Giambio.clock());
                });
            }
            sleep(1);
            ch.sender().send(10);
            SendChannel<Integer> clone = ch.sender().clone();
            ch.sender().close();
            sleep(1);
            assertEquals(2, ch.receiver().statistics().tasksWaitingReceive(), "the clone keeps it open");
            clone.close();
        }));
        // receiver 0 got 10 and queued again behind receiver 1; both are told in queue order
        assertEquals(List.of("1 got [] ended at 2.0", "0 got [10] ended at 2.0"), log);
    }

    @Test
    void closingReceiversBreaksSenders() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.open(1);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            ch.sender().send(1);
            pool.spawn(() -> {
                assertThrows(BrokenResourceException.class, () -> ch.sender().send(2));
                log.add("broken at " + Giambio.clock());
            });
            sleep(1);
            ReceiveChannel<Integer> rx2 = ch.receiver().clone();
            ch.receiver().close();
            assertThrows(ClosedResourceException.class, ch.receiver()::receive);
            sleep(1);
            assertEquals(1, ch.sender().statistics().tasksWaitingSend(), "one receive end is still open");
            rx2.close();
            sleep(1);
            assertEquals(0, ch.sender().statistics().buffered(), "the buffer is dropped");
            assertThrows(BrokenResourceException.class, () -> ch.sender().trySend(3));
        }));
        assertEquals(List.of("broken at 2.0"), log);
    }

    @Test
    void closingAnEndWakesItsOwnWaitersWithClosed() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.open(0);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            ReceiveChannel<Integer> mine = ch.receiver().clone();
            pool.spawn(() -> {
                assertThrows(ClosedResourceException.class, mine::receive);
                log.add("mine closed");
            });
            pool.spawn(() -> log.add("other got " + ch.receiver().receive()));
            sleep(1);
            mine.close();
            sleep(1);
            ch.sender().send(5);
            SendChannel<Integer> tx2 = ch.sender().clone();
            pool.spawn(() -> {
                assertThrows(ClosedResourceException.class, () -> tx2.send(6));
                log.add("tx2 closed");
            });
            sleep(1);
            tx2.close();
        }));
        assertEquals(List.of("mine closed", "other got 5", "tx2 closed"), log);
    }

    @Test
    void waitingReceiversAreServedFifo() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.open(0);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            for (int i = 0; i < 4; i++) {
                int n = i;
                pool.spawn(() -> log.add("r" + n + "=" + ch.receiver().receive()));
                sleep(0.1);
            }
            for (int i = 0; i < 4; i++) {
                ch.sender().send(i);
            }
        }));
        assertEquals(List.of("r0=0", "r1=1", "r2=2", "r3=3"), log);
    }

    @Test
    void cancelledSendDeliversNothingAndCancelledReceiveTakesNothing() throws Exception {
        MemoryChannel<String> ch = MemoryChannel.open(0);
        run(() -> {
            assertTrue(timesOut(1, () -> ch.sender().send("lost?")));
            assertEquals(0, ch.sender().statistics().tasksWaitingSend());
            assertEquals(Optional.empty(), ch.receiver().tryReceive());
            assertTrue(timesOut(1, () -> ch.receiver().receive()));
            assertEquals(0, ch.sender().statistics().tasksWaitingReceive());
            assertFalse(ch.sender().trySend("nobody"));
            CancelScope scope = CancelScope.create();
            MemoryChannel<String> buffered = MemoryChannel.open(1);
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, () -> buffered.sender().send("x"));
            });
            assertEquals(0, buffered.sender().statistics().buffered(), "a cancelled send sends nothing");
            assertEquals(2.0, Giambio.clock());
        });
    }

    /**
     * A receiver's item travels in its wait-queue node with a shared outcome (issue 9): after
     * cancelled and served waits, every waiter still gets exactly its own item, in FIFO order.
     */
    @Test
    void waitsAfterCancelledAndServedWaitsGetTheirOwnItems() throws Exception {
        MemoryChannel<String> ch = MemoryChannel.open(0);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            assertTrue(timesOut(1, () -> ch.receiver().receive()), "nobody sends yet");
            assertTrue(timesOut(1, () -> ch.sender().send("cancelled send")));
            for (int i = 0; i < 3; i++) {
                int n = i;
                pool.spawn(() -> log.add("r" + n + "=" + ch.receiver().receive()));
            }
            sleep(1);
            assertEquals(3, ch.receiver().statistics().tasksWaitingReceive());
            ch.sender().send("a");
            ch.sender().send("b");
            pool.spawn(() -> log.add("r3=" + ch.receiver().receive()));
            ch.sender().send("c");
            sleep(1);
            ch.sender().send("d");
            pool.spawn(() -> {
                ch.sender().send("e");
                log.add("sent e");
            });
            sleep(1);
            assertEquals(1, ch.sender().statistics().tasksWaitingSend());
            log.add("main=" + ch.receiver().receive());
        }));
        assertEquals(List.of("r0=a", "r1=b", "r2=c", "r3=d", "sent e", "main=e"), log);
    }

    @Test
    void sendAndReceiveAreCheckpointsEvenWithoutWaiting() throws Exception {
        MemoryChannel<Integer> ch = MemoryChannel.open(1);
        List<String> log = new ArrayList<>();
        run(() -> Giambio.createPool(pool -> {
            pool.spawn(() -> log.add("other"));
            ch.sender().send(1);
            log.add("sent");
            pool.spawn(() -> log.add("other2"));
            ch.receiver().receive();
            log.add("received");
        }));
        assertEquals(List.of("other", "sent", "other2", "received"), log);
    }

    @Test
    void closeOutsideALoopBeforeUseIsAllowed() {
        MemoryChannel<Integer> ch = MemoryChannel.open(0);
        ch.sender().close();
        ch.receiver().close();
        assertTrue(ch.sender().isClosed() && ch.receiver().isClosed());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 11, 12})
    void stressManyProducersAndConsumers(long seed) throws Exception {
        int producers = 100;
        int consumers = 100;
        int perProducer = 20;
        MemoryChannel<int[]> ch = MemoryChannel.open(3);
        Set<Integer> seen = new HashSet<>();
        int[] duplicates = {0};
        List<Map<Integer, Integer>> lastPerConsumer = new ArrayList<>();
        Giambio.run(seed < 0 ? virtual() : shuffled(seed), () -> Giambio.createPool(pool -> {
            for (int p = 0; p < producers; p++) {
                int id = p;
                SendChannel<int[]> tx = ch.sender().clone();
                pool.spawn(() -> {
                    try (tx) {
                        for (int k = 0; k < perProducer; k++) {
                            tx.send(new int[] {id, k});
                        }
                    }
                });
            }
            ch.sender().close();
            for (int c = 0; c < consumers; c++) {
                ReceiveChannel<int[]> rx = ch.receiver().clone();
                Map<Integer, Integer> last = new HashMap<>();
                lastPerConsumer.add(last);
                pool.spawn(() -> {
                    try (rx) {
                        for (int[] item : rx) {
                            Integer prev = last.put(item[0], item[1]);
                            assertTrue(prev == null || prev < item[1], "per-producer order");
                            if (!seen.add(item[0] * perProducer + item[1])) {
                                duplicates[0]++;
                            }
                        }
                    }
                });
            }
            ch.receiver().close();
        }));
        assertEquals(0, duplicates[0]);
        assertEquals(producers * perProducer, seen.size(), "nothing lost");
    }
}
