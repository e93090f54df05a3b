package giambio.loop.group;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.ThreadCancelPolicy;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import giambio.testsupport.IdleWitness;
import giambio.api.sync.CrossLoopChannel;
import giambio.api.sync.EndOfChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 10: a {@code Threads.runInThread} worker blocked on a {@link CrossLoopChannel} does not
 * hold back an autojumping {@link VirtualClock} (it waits for a loop, it does not work), and
 * holds it again as soon as a loop hands it what it waited for (so the clock does not jump
 * while it works). Before, the worker's in-flight count kept its loop "busy" while it waited
 * for that very loop's sleeping task, and the program hung.
 *
 * <p>Each program is guarded by {@code assertTimeoutPreemptively} (a hang fails the test
 * instead of stopping the suite); no assertion depends on timing: virtual time and the order
 * of events are asserted, real time only makes a wrong jump visible.
 */
@Timeout(60)
class AutojumpChannelWorkerTest {

    /**
     * Generous: each program takes milliseconds of real time when it does not hang (seconds on
     * a machine shared with other builds).
     */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    /** Tells the worker when the loop has gone idle; a fresh one per test. */
    private final IdleWitness witness = new IdleWitness();

    private RunOptions on(VirtualClock clock) {
        return RunOptions.builder().clock(clock).debugger(witness).build();
    }

    /**
     * Rounds of the programs that check the worker counts again after its hand-over (the
     * worker works until the loop is idle, so a wrong jump shows in every round; the rounds
     * vary the interleaving of the hand-over itself).
     */
    private static final int ROUNDS = 10;

    /**
     * The worker's work after its hand-over: it lasts until its loop is blocked idle, the
     * moment a wrong clock would jump (no wall-clock sleep: the ordering then tells).
     */
    private void workUntilTheLoopIsIdle() throws InterruptedException {
        witness.awaitIdle(1);
    }

    private static void guarded(Executable program) {
        assertTimeoutPreemptively(HANG_GUARD, program, "hung: the blocked worker held the autojumping clock");
    }

    private static void guardedRounds(Executable round) {
        guarded(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                round.execute();
            }
        });
    }

    @Test
    void aWorkerReceivingFromItsOwnLoopsSleepingTaskDoesNotHoldTheClock() {
        guarded(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<String> channel = CrossLoopChannel.open(1);
            Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
                pool.spawn("sender", () -> {
                    Giambio.sleep(Duration.ofHours(1));
                    channel.sender().send("after an hour");
                });
                String got = Threads.runInThread(() -> channel.receiver().receive());
                assertEquals("after an hour", got);
                assertEquals(3600.0, Giambio.clock());
            }));
        });
    }

    @Test
    void aWorkerSendingIntoAFullChannelDoesNotHoldTheClock() {
        guarded(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<Integer> channel = CrossLoopChannel.open(1);
            List<Integer> received = new ArrayList<>();
            Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
                pool.spawn("receiver", () -> {
                    Giambio.sleep(Duration.ofHours(1));
                    received.add(channel.receiver().receive());
                    received.add(channel.receiver().receive());
                });
                Threads.runInThread(() -> {
                    channel.sender().send(1);
                    channel.sender().send(2);   // the buffer is full: waits for the sleeping receiver
                    return null;
                });
                assertEquals(3600.0, Giambio.clock());
            }));
            assertEquals(List.of(1, 2), received);
        });
    }

    @Test
    void aWorkerOfOneLoopWaitingForAnotherLoopOfTheGroupDoesNotHoldTheSharedClock() {
        guarded(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<String> toWorker = CrossLoopChannel.open(1);
            CrossLoopChannel<String> fromWorker = CrossLoopChannel.open(1);
            Map<Integer, Double> ended = new ConcurrentHashMap<>();
            Giambio.runGroup(on(clock), 2, index -> {
                if (index == 0) {
                    Threads.runInThread(() -> {
                        fromWorker.sender().send(toWorker.receiver().receive() + " and back");
                        return null;
                    });
                } else {
                    Giambio.sleep(Duration.ofHours(1));
                    toWorker.sender().send("there");
                    assertEquals("there and back", fromWorker.receiver().receive());
                }
                ended.put(index, Giambio.clock());
            });
            assertEquals(Map.of(0, 3600.0, 1, 3600.0), ended);
        });
    }

    @Test
    void theClockDoesNotJumpWhileTheWorkerWorksOnWhatItReceived() {
        guardedRounds(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<String> channel = CrossLoopChannel.open(1);
            List<String> order = new CopyOnWriteArrayList<>();
            Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
                pool.spawn("sender", () -> {
                    Giambio.sleep(Duration.ofHours(1));
                    channel.sender().send("job");
                    // the worker now works in real time: this hour must not pass before it is done
                    Giambio.sleep(Duration.ofHours(1));
                    order.add("second hour over at " + Giambio.clock());
                });
                String result = Threads.runInThread(() -> {
                    String job = channel.receiver().receive();
                    workUntilTheLoopIsIdle();   // real work: the clock must wait for it
                    return job + " done";
                });
                order.add(result + " at " + Giambio.clock());
            }));
            assertEquals(List.of("job done at 3600.0", "second hour over at 7200.0"), order);
        });
    }

    @Test
    void theClockDoesNotJumpWhileTheWorkerWorksAfterItsSendWasTaken() {
        guardedRounds(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<Integer> channel = CrossLoopChannel.open(1);
            List<String> order = new CopyOnWriteArrayList<>();
            Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
                pool.spawn("receiver", () -> {
                    Giambio.sleep(Duration.ofHours(1));
                    order.add("took " + channel.receiver().receive());  // frees the room the worker waits for
                    Giambio.sleep(Duration.ofHours(1));  // the worker now sends and works in real time
                    order.add("second hour over at " + Giambio.clock());
                    order.add("took " + channel.receiver().receive());
                });
                Threads.runInThread(() -> {
                    channel.sender().send(1);
                    channel.sender().send(2);           // the buffer is full: waits for the receiver
                    workUntilTheLoopIsIdle();
                    return null;
                });
                order.add("worker done at " + Giambio.clock());
            }));
            assertEquals(List.of("took 1", "worker done at 3600.0", "second hour over at 7200.0", "took 2"), order);
        });
    }

    @Test
    void aVirtualTimeoutReachesAWorkerBlockedOnAChannelAndTheClockStillJumpsAfterwards() {
        guarded(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<String> channel = CrossLoopChannel.open(1);
            Giambio.run(on(clock), () -> {
                var got = Giambio.skipAfter(Duration.ofMinutes(5), () -> Threads.runInThread(
                        ThreadCancelPolicy.INTERRUPT, () -> channel.receiver().receive()));
                assertTrue(got.isEmpty(), "nothing was ever sent: the timeout must fire");
                assertEquals(300.0, Giambio.clock());
                // the interrupted worker took its count back and then ended: nothing holds the clock
                Giambio.sleep(Duration.ofHours(1));
                assertEquals(3900.0, Giambio.clock());
            });
        });
    }

    @Test
    void aWorkerWokenByAClosingTaskIsCountedAgainBeforeTheLoopIdles() {
        guardedRounds(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<String> channel = CrossLoopChannel.open(1);
            List<String> order = new CopyOnWriteArrayList<>();
            Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
                pool.spawn("closer", () -> {
                    Giambio.sleep(Duration.ofHours(1));
                    channel.sender().close();
                    Giambio.sleep(Duration.ofHours(1));
                    order.add("second hour over at " + Giambio.clock());
                });
                String how = Threads.runInThread(() -> {
                    try {
                        channel.receiver().receive();
                        return "received";
                    } catch (EndOfChannelException end) {
                        workUntilTheLoopIsIdle();
                        return "end of channel";
                    }
                });
                order.add(how + " at " + Giambio.clock());
            }));
            assertEquals(List.of("end of channel at 3600.0", "second hour over at 7200.0"), order);
        });
    }

    @Test
    void aWorkerFedByAPlainThreadTakesItsCountBackItself() throws Exception {
        CountDownLatch feed = new CountDownLatch(1);
        CrossLoopChannel<String> channel = CrossLoopChannel.open(1);
        Thread feeder = Thread.ofPlatform().name("plain-feeder").start(() -> {
            try {
                assertTrue(feed.await(30, TimeUnit.SECONDS));
                channel.sender().send("from a plain thread");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            guarded(() -> {
                VirtualClock clock = VirtualClock.autojumping();
                List<String> order = new CopyOnWriteArrayList<>();
                Giambio.run(on(clock), () -> Giambio.createPool(pool -> {
                    pool.spawn("sleeper", () -> {
                        Giambio.sleep(Duration.ofHours(1));   // jumps: the worker only waits
                        feed.countDown();
                        Giambio.sleep(Duration.ofDays(1));
                        order.add("day over at " + Giambio.clock());
                    });
                    String got = Threads.runInThread(() -> channel.receiver().receive());
                    order.add(got + " at " + Giambio.clock());
                }));
                // the day may pass before the worker wakes (a plain thread does not hold the
                // clock); what matters is that both ended and the counts balanced
                assertEquals(2, order.size(), order.toString());
                assertTrue(order.contains("day over at 90000.0"), order.toString());
            });
        } finally {
            feeder.join(30_000);
        }
    }

    @Test
    void manyWorkersOnTwoChannelsWithSleepingTasksDeliverEveryItemOnceAndLeaveTheCountsBalanced() {
        guarded(() -> {
            VirtualClock clock = VirtualClock.autojumping();
            CrossLoopChannel<Integer> jobs = CrossLoopChannel.open(2);
            CrossLoopChannel<Integer> results = CrossLoopChannel.open(1);
            int items = 200;
            int workers = 4;
            List<Integer> collected = new ArrayList<>();
            Set<Integer> taken = ConcurrentHashMap.newKeySet();
            Giambio.run(on(clock), () -> {
                Giambio.createPool(pool -> {
                    pool.spawn("producer", () -> {
                        try (CrossLoopChannel.Sender<Integer> tx = jobs.sender()) {
                            for (int i = 0; i < items; i++) {
                                if (i % 20 == 0) {
                                    Giambio.sleep(Duration.ofMinutes(1));  // every worker waits meanwhile
                                }
                                tx.send(i);
                            }
                        }
                    });
                    pool.spawn("collector", () -> {
                        for (int i = 0; i < items; i++) {
                            if (i % 50 == 0) {
                                Giambio.sleep(Duration.ofSeconds(1));      // workers block on a full channel
                            }
                            collected.add(results.receiver().receive());
                        }
                    });
                    for (int w = 0; w < workers; w++) {
                        pool.spawn("worker-" + w, () -> Threads.runInThread(() -> {
                            try {
                                while (true) {
                                    int job = jobs.receiver().receive();
                                    assertTrue(taken.add(job), "item " + job + " taken twice");
                                    results.sender().send(job);
                                }
                            } catch (EndOfChannelException end) {
                                return null;
                            }
                        }));
                    }
                });
                // every loan was ended exactly once: the count is back to zero, so this jumps
                double before = Giambio.clock();
                Giambio.sleep(Duration.ofHours(1));
                assertEquals(before + 3600.0, Giambio.clock());
            });
            assertEquals(items, collected.size());
            assertEquals(IntStream.range(0, items).boxed().toList(), collected.stream().sorted().toList());
            assertTrue(clock.nanoTime() >= Duration.ofMinutes(10).plusHours(1).toNanos(), clock.toString());
        });
    }
}
