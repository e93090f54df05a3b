package giambio.api.sync;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * Iterates a receive end until its channel ends: {@code hasNext} receives (a checkpoint in a
 * task, a blocking wait on a thread) and keeps the item for {@code next}. Shared by
 * {@link MemoryReceiveChannel} and {@link CrossLoopChannel.Receiver}.
 *
 * @param <T> the item type
 */
final class ReceiveIterator<T> implements Iterator<T> {

    /** One receive; may wait. */
    @FunctionalInterface
    interface Source<T> {
        /**
         * Receives the next item.
         *
         * @return the item
         * @throws EndOfChannelException when the channel has ended
         * @throws InterruptedException  if a waiting thread (not a task) is interrupted
         */
        T receive() throws InterruptedException;
    }

    private final Source<T> source;
    /** Names the channel end in the message of an interrupted iteration. */
    private final String what;
    /** The item received by hasNext and not yet returned by next; null if none. */
    private T pending;
    /** True once the channel ended; then hasNext never receives again. */
    private boolean ended;

    ReceiveIterator(Source<T> source, String what) {
        this.source = source;
        this.what = what;
    }

    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            pending = source.receive();
            return true;
        } catch (EndOfChannelException end) {
            ended = true;
            return false;
        } catch (InterruptedException e) {
            // Discussion: Iterator cannot throw a checked exception, so an interrupted
            // thread gets the JDK's unchecked "stop waiting" exception, with its flag restored.
            Thread.currentThread().interrupt();
            CancellationException ce = new CancellationException(
                    what + " iteration: the thread was interrupted while waiting");
            ce.initCause(e);
            throw ce;
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the channel has ended");
        }
        T item = pending;
        pending = null;
        return item;
    }
}
