package giambio.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A structured group of loops (D7): N loops, each on its own platform thread with its own
 * kernel, all running the same {@link LoopBody}, with the semantics of a task pool across
 * them.
 *
 * <p>Implementation overview: {@link #runBlocking()} starts one thread per loop and joins
 * them all. Each loop registers itself in {@link #loops} before its root task starts. The
 * first failure of any loop, or an interrupt of the joining thread, sets {@link #cancelling}
 * and submits a cancellation of the root task to every registered loop through its kernel's
 * thread-safe {@code submit}; a loop registering after that is cancelled at once. Once every
 * thread has finished, the first failure leaves as the same object with the later ones
 * suppressed. The state below is guarded by {@code this}.
 *
 * <p>Discussion: a loop cancelled by the group ends with {@link CancellationException} (its
 * root task was cancelled by its own scope); that is a consequence, not a failure, and is
 * dropped. Everything else a loop throws counts, {@code Cancelled} that escaped too.
 */
final class LoopGroup {

    private static final AtomicLong GROUPS = new AtomicLong();

    private final RunOptions options;
    private final int size;
    private final LoopBody body;
    private final long id = GROUPS.incrementAndGet();
    /** The loops that have started, by index; null until a loop registers. */
    private final Loop[] loops;
    /** Failures in the order they arrived; the first is the group's. */
    private final List<Throwable> failures = new ArrayList<>();
    /** Set once the group is being cancelled; never reset. */
    private boolean cancelling;
    /** Why the group is being cancelled, for the Cancelled messages; set with cancelling. */
    private String cancelReason;
    /**
     * Each loop's seat on the group's virtual clock, by index; null when the clock is not a
     * {@link VirtualClock}. Taken before any loop starts, so that the clock jumps only when
     * every loop of the group is idle, even before the last one has started.
     */
    private final VirtualClock.Participant[] seats;

    LoopGroup(RunOptions options, int size, LoopBody body) {
        this.options = options;
        this.size = size;
        this.body = body;
        this.loops = new Loop[size];
        this.seats = options.clock().orElse(null) instanceof VirtualClock ? new VirtualClock.Participant[size] : null;
    }

    /** The seat of loop {@code index} on the group's virtual clock, or null. */
    VirtualClock.Participant seat(int index) {
        return seats == null ? null : seats[index];
    }

    int size() {
        return size;
    }

    /** Runs the group on fresh threads and waits for every loop; the calling thread runs none. */
    void runBlocking() throws Exception {
        if (seats != null) {
            VirtualClock clock = (VirtualClock) options.clock().orElseThrow();
            for (int i = 0; i < size; i++) {
                seats[i] = clock.join();
            }
        }
        Thread[] threads = new Thread[size];
        for (int i = 0; i < size; i++) {
            int index = i;
            threads[i] = Thread.ofPlatform().name("giambio-group-" + id + "-loop-" + i).unstarted(() -> runLoop(index));
        }
        for (Thread t : threads) {
            t.start();
        }
        InterruptedException interrupted = null;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    if (interrupted == null) {
                        interrupted = new InterruptedException("Giambio.runGroup: the calling thread was interrupted; "
                                + "every loop of the group was cancelled and has finished");
                        cancel("the thread that runs the group was interrupted");
                    }
                }
            }
        }
        Throwable first;
        List<Throwable> rest;
        synchronized (this) {
            first = failures.isEmpty() ? null : failures.get(0);
            rest = failures.size() > 1 ? List.copyOf(failures.subList(1, failures.size())) : List.of();
        }
        if (interrupted != null) {
            synchronized (this) {
                failures.forEach(interrupted::addSuppressed);
            }
            throw interrupted;
        }
        if (first != null) {
            rest.forEach(first::addSuppressed);
            throw Loop.asThrowable(first);
        }
    }

    private void runLoop(int index) {
        try {
            Loop.run(options, () -> {
                body.run(index);
                return null;
            }, this, index);
        } catch (Throwable e) {
            failed(index, e);
        } finally {
            if (seats != null) {
                seats[index].leave();    // also when the loop could not start (then Loop.run never took it)
            }
        }
    }

    /** Called on a loop's thread before its root task runs. */
    void started(int index, Loop loop) {
        String why;
        synchronized (this) {
            loops[index] = loop;
            if (!cancelling) {
                return;
            }
            why = cancelReason;
        }
        loop.cancelFromGroup(why);
    }

    private void failed(int index, Throwable e) {
        synchronized (this) {
            if (cancelling && e instanceof CancellationException && e.getCause() instanceof Cancelled) {
                return;
            }
            failures.add(e);
        }
        cancel("loop " + index + " of the group failed: " + e);
    }

    /** Cancels every loop of the group, from any thread; idempotent. */
    void cancel(String why) {
        Loop[] started;
        synchronized (this) {
            if (cancelling) {
                return;
            }
            cancelling = true;
            cancelReason = "the loop group was cancelled: " + why;
            started = loops.clone();
        }
        for (Loop loop : started) {
            if (loop != null) {
                loop.cancelFromGroup(cancelReason);
            }
        }
    }

    /**
     * Dumps every loop of the group. The calling loop's tasks are read in place; every other
     * loop dumps itself on its own thread (a submitted action), answering within a second.
     */
    String dump(Loop caller, TaskImpl<?> callerTask) {
        Loop[] started;
        synchronized (this) {
            started = loops.clone();
        }
        StringBuilder out = new StringBuilder();
        out.append("giambio loop group #").append(id).append(": ").append(size).append(" loops")
                .append(System.lineSeparator());
        for (int i = 0; i < size; i++) {
            out.append("== loop ").append(i).append(i == caller.groupIndex ? " (this loop)" : "")
                    .append(System.lineSeparator());
            Loop loop = started[i];
            if (loop == caller) {
                out.append(TaskDump.dump(loop, callerTask));
            } else if (loop == null) {
                out.append("(not started yet)").append(System.lineSeparator());
            } else {
                out.append(dumpOther(loop));
            }
        }
        return out.toString();
    }

    private static String dumpOther(Loop loop) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        try {
            loop.kernel.submit(() -> answer.complete(TaskDump.dump(loop, null)));
            return answer.get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return "(finished)" + System.lineSeparator();
        } catch (TimeoutException e) {
            return "(did not answer within 1 s: its thread is busy between checkpoints)" + System.lineSeparator();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted while waiting for its dump)" + System.lineSeparator();
        } catch (ExecutionException e) {
            return "(its dump failed: " + e.getCause() + ")" + System.lineSeparator();
        }
    }
}
