package giambio.testsupport;

import giambio.debug.Debugger;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A debugger that lets a worker thread wait until the loop (or several loops of a group) is
 * blocked in its idle wait: the point at which an autojumping virtual clock would jump if it
 * were not held. Tests of "the clock waits for off-loop work" make the worker's work last
 * exactly until then, instead of sleeping on the wall clock and hoping the loop got there:
 * with a correct kernel the loop blocks (the clock holds) and the worker is released; with a
 * wrong one the clock jumps first, which the test's ordering assertions then show. Timing is
 * never asserted; the wait has a hang guard.
 *
 * <p>A loop is idle while one of its threads is between {@code beforeIo} with a non-zero
 * timeout and the matching {@code afterIo} (one thread per loop at a time, whichever kernel).
 */
public final class IdleWitness implements Debugger {

    /** A bound on each wait, so that a bug fails the test instead of hanging it. */
    private static final long GUARD_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The threads now blocked in a loop's idle wait. */
    private final Set<Thread> idle = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeIo(Duration timeout) {
        if (!timeout.isZero()) {
            synchronized (this) {
                idle.add(Thread.currentThread());
                notifyAll();
            }
        }
    }

    @Override
    public void afterIo(Duration timeout) {
        idle.remove(Thread.currentThread());
    }

    /**
     * Blocks the calling (non-loop) thread until {@code loops} loops are blocked idle at once.
     *
     * @param loops how many loops must be idle
     * @throws InterruptedException if the calling thread is interrupted
     * @throws AssertionError       if that does not happen within the hang guard
     */
    public void awaitIdle(int loops) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD_NANOS;
        synchronized (this) {
            while (idle.size() < loops) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the loop never went idle (" + idle.size() + " of " + loops + " loops)");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
