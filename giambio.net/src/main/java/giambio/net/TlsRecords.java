package giambio.net;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The engine half of a {@link TlsStreamImpl}: the {@link SSLEngine} and its buffers, and the
 * work on them that never yields (wrap records onto the outgoing queue, unwrap received
 * records into plaintext, run the engine's delegated tasks). {@link TlsStreamImpl} adds the
 * other half: the transport waits, the turns, the handshake and the stream's state.
 *
 * <p>Discussion: a superclass rather than a field so that the stream's code reads the buffers
 * as plainly as before the split (one class had grown past 900 lines); nothing else extends
 * it. Loop-confined like the stream: every field is touched only by tasks of its loop.
 */
abstract sealed class TlsRecords permits TlsStreamImpl {

    /** The plaintext source of control wraps; never written, so sharing it is safe. */
    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** Records wrapped before {@code sendAll} sends them: 4 full records, 64 KiB of data. */
    static final int RECORDS_PER_FLUSH = 4;

    final SSLEngine engine;
    /** What to call the stream in messages, e.g. "TLS client stream over TCP stream ...". */
    final String name;
    /** Whether the negotiated protocol is TLS 1.3 (key updates, half-close); fixed when the handshake is done. */
    boolean tls13;

    /** Records received and not yet unwrapped (read mode); null when there are none. */
    ByteBuffer netIn;
    /** Plaintext unwrapped and not yet returned (read mode); null when there is none. */
    ByteBuffer appIn;
    /**
     * Records made and not yet handed to the transport (write mode); null when empty. {@code produced}
     * counts every byte the engine made ({@link TlsStreamImpl} counts what it flushed).
     */
    ByteBuffer netOut;
    long produced;

    TlsRecords(SSLEngine engine, String name) {
        this.engine = engine;
        this.name = name;
    }

    /**
     * Unwraps one record into {@link #appIn}, growing it if the engine wants more room.
     * During the initial handshake no plaintext comes, and the engine does not insist on room.
     */
    SSLEngineResult unwrapOnce(boolean handshakeDone) throws SSLException {
        int room = handshakeDone ? engine.getSession().getApplicationBufferSize() : 0;
        while (true) {
            ByteBuffer dst;
            if (appIn == null) {
                dst = ByteBuffer.allocate(room);
            } else {
                dst = ByteBuffer.allocate(appIn.remaining() + room).put(appIn);
            }
            SSLEngineResult r = engine.unwrap(netIn, dst);
            if (!netIn.hasRemaining()) {
                netIn = null;
            }
            dst.flip();
            appIn = dst.hasRemaining() ? dst : null;
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return r;
            }
            int next = Math.max(room * 2, engine.getSession().getApplicationBufferSize());
            if (next > (1 << 22)) {
                throw new SSLException(name + ": the TLS engine asked for an unwrap buffer of " + next + " bytes");
            }
            room = next;
        }
    }

    void dropDrainedInput() {
        if (!appIn.hasRemaining()) {
            appIn = null;   // an idle stream holds no plaintext buffer
        }
    }

    /** Wraps up to {@link #RECORDS_PER_FLUSH} records of {@code data} onto the queue. */
    void wrapData(ByteBuffer data, String what) throws SSLException {
        for (int i = 0; i < RECORDS_PER_FLUSH && data.hasRemaining(); i++) {
            runTasks();
            SSLEngineResult r = engine.wrap(data, outRoom());
            produced += r.bytesProduced();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("cannot " + what + ": " + name + " was closed by the peer in both directions "
                        + "(a TLS " + (tls13 ? "1.3 fatal alert" : "1.2 close_notify") + "); nothing more can be sent");
            }
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_TASK) {
                wrapControl();   // a key update the engine decided on
            }
        }
    }

    /**
     * Wraps what the engine has to send of its own accord: handshake messages, a key update,
     * an alert, close_notify. Never yields.
     */
    void wrapControl() throws SSLException {
        for (int i = 0; i < 64; i++) {   // each round makes a record, or ends the loop
            runTasks();
            SSLEngineResult r = engine.wrap(NO_DATA, outRoom());
            produced += r.bytesProduced();
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                continue;   // outRoom() follows the session's packet size
            }
            runTasks();
            if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP
                    || (r.bytesProduced() == 0 && r.getStatus() == SSLEngineResult.Status.CLOSED)) {
                return;
            }
        }
        throw new SSLException(name + ": the TLS engine kept asking to send without sending anything");
    }

    /** The queue, with room for one more record. */
    ByteBuffer outRoom() {
        int packet = engine.getSession().getPacketBufferSize();
        if (netOut == null) {
            netOut = ByteBuffer.allocate(packet);
        } else if (netOut.remaining() < packet) {
            netOut = ByteBuffer.allocate(netOut.position() + Math.max(packet, netOut.capacity())).put(netOut.flip());
        }
        return netOut;
    }

    /**
     * Runs the engine's delegated tasks (certificate checks, key agreement) right here on the
     * loop.
     *
     * <p>Discussion: they take from microseconds (ECDHE) to a few milliseconds (an RSA
     * signature, a long chain); on a thread they would cost a hand-off each, and the engine is
     * unusable meanwhile anyway. Netty runs them inline by default too.
     */
    void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
