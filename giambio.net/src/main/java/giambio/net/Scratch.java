package giambio.net;

import giambio.api.spi.Kernel;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One receive buffer per loop, borrowed by {@code receive(max)} and {@code receiveFrom(max)}
 * only once data is there, so an idle connection costs no buffer at all.
 *
 * <p>Design principles: a loop runs one task at a time, and a receive reads into the scratch
 * buffer and copies the bytes out in one non-blocking step, with no checkpoint in between;
 * so one buffer per loop is never used by two tasks at once. The buffer is direct: the JDK
 * reads a socket into native memory anyway and would copy through a temporary direct buffer
 * of its own for a heap buffer. It is keyed weakly by the loop's kernel and dies with it.
 */
final class Scratch {

    /** The size of each loop's buffer: the most one receive returns. */
    static final int SIZE = 256 * 1024;

    /** Guarded by itself; touched by every loop's thread, briefly. */
    private static final Map<Kernel, ByteBuffer> BUFFERS = new WeakHashMap<>();

    private Scratch() {
    }

    /**
     * Returns the loop's buffer, cleared, with its limit at {@code max} (at most {@link #SIZE}).
     *
     * @param kernel the calling task's kernel
     * @param max    the most bytes wanted
     * @return the buffer; use it without a checkpoint and forget it
     */
    static ByteBuffer borrow(Kernel kernel, int max) {
        ByteBuffer b;
        synchronized (BUFFERS) {
            b = BUFFERS.computeIfAbsent(kernel, k -> ByteBuffer.allocateDirect(SIZE));
        }
        b.clear();
        b.limit(Math.min(max, SIZE));
        return b;
    }

    /**
     * Copies what was read into {@code b} into a new array.
     *
     * @param b the scratch buffer after a read
     * @return the bytes read
     */
    static byte[] copyOut(ByteBuffer b) {
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }
}
