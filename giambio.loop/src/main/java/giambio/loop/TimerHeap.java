package giambio.loop;

import giambio.api.spi.Registration;
import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by (deadline, sequence), with O(log n) removal.
 *
 * <p>Discussion: a {@link java.util.PriorityQueue} removes in O(n), and lazy deletion lets
 * cancelled timeouts pile up (a server that wraps every read in a 30 s timeout would keep
 * millions of dead entries), so each entry remembers its index. Loop-confined.
 */
final class TimerHeap {

    /** A pending timer; {@code index} is its slot in the heap, -1 once fired or cancelled. */
    final class Entry implements Registration {
        final long deadline;
        final long seq;
        final Runnable action;
        int index = -1;

        Entry(long deadline, long seq, Runnable action) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public boolean cancel() {
            if (index < 0) {
                return false;
            }
            removeAt(index);
            return true;
        }

        boolean before(Entry other) {
            return deadline < other.deadline || (deadline == other.deadline && seq < other.seq);
        }
    }

    private Entry[] heap = new Entry[16];
    private int size;
    /** Registration order; breaks deadline ties so equal deadlines fire FIFO. */
    private long nextSeq;

    Entry add(long deadline, Runnable action) {
        Entry e = new Entry(deadline, nextSeq++, action);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = e;
        e.index = size;
        size++;
        siftUp(e.index);
        return e;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The earliest deadline, or Long.MAX_VALUE when empty. */
    long nextDeadline() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    /** Removes and returns the earliest entry if it is due at {@code now}, else null. */
    Entry pollDue(long now) {
        if (size == 0 || heap[0].deadline > now) {
            return null;
        }
        Entry e = heap[0];
        removeAt(0);
        return e;
    }

    private void removeAt(int i) {
        Entry removed = heap[i];
        removed.index = -1;
        size--;
        if (i == size) {
            heap[size] = null;
            return;
        }
        Entry last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.index = i;
        siftDown(i);
        if (heap[i] == last) {
            siftUp(i);
        }
    }

    private void siftUp(int i) {
        Entry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (!e.before(p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = e;
        e.index = i;
    }

    private void siftDown(int i) {
        Entry e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].before(heap[child])) {
                child = right;
            }
            if (!heap[child].before(e)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = e;
        e.index = i;
    }
}
