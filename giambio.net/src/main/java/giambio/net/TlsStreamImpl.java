package giambio.net;

import giambio.api.BrokenResourceException;
import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.CancelScope;
import giambio.api.ClosedResourceException;
import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import giambio.api.sync.Event;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import javax.net.ssl.SSLSession;

/**
 * The one {@link TlsStream}: an {@link SSLEngine} driven over a {@link ByteStream}.
 *
 * <p>Implementation overview (after trio's {@code SSLStream._retry}). The engine is a state
 * machine that turns plaintext into records ({@code wrap}) and records into plaintext
 * ({@code unwrap}), and may at any moment want to send (handshake messages, key updates,
 * alerts) or to read. Every operation is a loop of two halves:
 * <ol>
 *   <li><b>Engine work</b>, which never yields: a "step" wraps or unwraps as far as it can,
 *       appending every record it makes to one outgoing queue ({@link #netOut}) in the order
 *       the engine made them, and reports what it needs next: nothing, more input, or end of
 *       stream.</li>
 *   <li><b>One transport wait</b>: send the queue ({@link #flush}), or receive more input
 *       ({@link #receiveMore}); then step again with fresh information.</li>
 * </ol>
 * Between checkpoints everything runs atomically (one loop), so the engine and the buffers
 * need no lock; only the transport waits are shared. A receiving and a sending task can both
 * need the same transport direction (a receive must answer a key update; a send runs the
 * handshake), so each direction has a {@link Turn}: the holder of the send turn sends
 * everything queued until the queue is empty, so a task that only enqueued a control record
 * need not wait; a task that needs input while another receives waits for that receive and
 * then looks at what it brought (trio's receive count).
 *
 * <p>State: {@link State#OPEN} until closed; {@link State#BROKEN} when a failure or
 * cancellation left the protocol in a state the peer cannot agree with (a handshake cut
 * short, a record half sent, a fatal alert), after which every operation but close fails;
 * {@link State#CLOSED} forever after {@link #close()}.
 *
 * <p>Loop-confined: no field is touched by a thread that does not run a task of
 * {@link #kernel}'s loop (close from outside any loop only closes the transport).
 */
final class TlsStreamImpl extends TlsRecords implements TlsStream, FailureOrigin {

    /** Open, broken by a failure mid-protocol, or closed; never goes back to OPEN. */
    enum State { OPEN, BROKEN, CLOSED }

    /** The initial handshake: not started, being run by one task, or finished. */
    enum Handshake { NOT_STARTED, RUNNING, DONE }

    /** What a step of engine work needs before the operation can go on. */
    private enum Need { NOTHING, INPUT, END }

    private static final System.Logger LOG = System.getLogger("giambio.net");
    /** Bytes asked of the transport per receive: one full record and its header. */
    private static final int TRANSPORT_RECEIVE = 16 * 1024 + 512;

    private final ByteStream transport;
    private final TlsConfig config;
    /** A client's SNI name, or null (server, or a client given an IP literal). */
    private final String sniName;

    /** See the class comment; CLOSED is final. */
    private State state = State.OPEN;
    /** Why and by what the stream broke; null unless state is BROKEN. */
    private String brokenBecause;
    private Throwable brokenCause;
    private Handshake handshake = Handshake.NOT_STARTED;
    /** Set when a RUNNING handshake ends either way; made by the first task that waits for it. */
    private Event handshakeEnded;
    /** The loop that first used the stream; null until then, then fixed. */
    private Kernel kernel;
    /** True while a task is in receive (or send, sendEof): the one-receiver/one-sender rule. */
    private boolean receiving;
    private boolean sending;
    /** True once sendEof queued close_notify; sendAll then fails. */
    private boolean eofSent;

    /** True once the transport reached end of stream. */
    private boolean transportEof;
    /** True once an end without close_notify was accepted as end of stream. */
    private boolean inputEnded;
    /** Transport receives so far; a task that waited for another's receive compares it. */
    private long inputs;
    private final Turn receiveTurn = new Turn();

    /**
     * Bytes of records handed to the transport. The invariant: {@code produced - flushed} =
     * the position of {@link #netOut} plus the batch the holder of {@link #sendTurn} is
     * sending (none when nobody holds it), unless the stream is broken.
     */
    private long flushed;
    private final Turn sendTurn = new Turn();

    private TlsStreamImpl(ByteStream transport, TlsConfig config, SSLEngine engine, String sniName) {
        super(engine, "TLS " + (config.isServer() ? "server" : "client") + " stream over " + transport);
        this.transport = transport;
        this.config = config;
        this.sniName = sniName;
        this.kernel = Resource.currentKernelOrNull();
    }

    static TlsStreamImpl client(ByteStream transport, String hostName, TlsConfig config) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(config, "config");
        String host = TlsConfig.checkHostName("TlsStream.client", hostName);
        if (config.isServer()) {
            throw new IllegalArgumentException("TlsStream.client needs a client configuration (TlsConfig.client()), not "
                    + config);
        }
        requireOpen(transport);
        int port = transport instanceof SocketStream s && s.remoteAddress() instanceof InetSocketAddress a
                ? a.getPort() : -1;
        return new TlsStreamImpl(transport, config, config.newEngine(host, port),
                TlsConfig.isIpLiteral(host) ? null : host);
    }

    static TlsStreamImpl server(ByteStream transport, TlsConfig config) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(config, "config");
        if (!config.isServer()) {
            throw new IllegalArgumentException("TlsStream.server needs a server configuration (TlsConfig.server(...)), "
                    + "not " + config);
        }
        requireOpen(transport);
        return new TlsStreamImpl(transport, config, config.newEngine(null, -1), null);
    }

    private static void requireOpen(ByteStream transport) {
        if (!transport.isOpen()) {
            throw new ClosedResourceException("cannot run TLS over " + transport + ": it is closed");
        }
    }

    // ---- the operations ------------------------------------------------------------------

    @Override
    public void handshake() throws IOException {
        checkUsable("handshake");
        Lowlevel.checkpointIfCancelled();
        if (handshake == Handshake.DONE) {
            Lowlevel.cancelShieldedCheckpoint();
            return;
        }
        ensureHandshake("handshake");
    }

    @Override
    public byte[] receive(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("TlsStream.receive(max): max must be at least 1, not " + max);
        }
        beginReceive("receive");
        try {
            if (!awaitInput("receive")) {
                return new byte[0];
            }
            byte[] out = new byte[Math.min(max, appIn.remaining())];
            appIn.get(out);
            dropDrainedInput();
            return out;
        } finally {
            receiving = false;
        }
    }

    @Override
    public int receive(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("TlsStream.receive(dst): dst has no room left " + dst);
        }
        beginReceive("receive");
        try {
            if (!awaitInput("receive")) {
                return -1;
            }
            int n = Math.min(dst.remaining(), appIn.remaining());
            dst.put(appIn.slice(appIn.position(), n));
            appIn.position(appIn.position() + n);
            dropDrainedInput();
            return n;
        } finally {
            receiving = false;
        }
    }

    @Override
    public void sendAll(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        sendAll(ByteBuffer.wrap(data));
    }

    @Override
    public void sendAll(ByteBuffer data) throws IOException {
        Objects.requireNonNull(data, "data");
        String what = "sendAll";
        beginSend(what);
        try {
            Lowlevel.checkpointIfCancelled();
            ensureHandshake(what);
            checkOutputOpen(what);
            if (!data.hasRemaining()) {
                Lowlevel.cancelShieldedCheckpoint();
                return;
            }
            while (data.hasRemaining()) {
                checkLive(what);
                try {
                    wrapData(data, what);
                } catch (SSLException e) {
                    throw failed(e, what);
                }
                flush(true, what);
            }
        } finally {
            sending = false;
        }
    }

    @Override
    public void sendEof() throws IOException {
        String what = "sendEof";
        beginSend(what);
        try {
            Lowlevel.checkpointIfCancelled();
            if (eofSent) {
                Lowlevel.cancelShieldedCheckpoint();
                return;
            }
            ensureHandshake(what);
            eofSent = true;
            engine.closeOutbound();
            try {
                wrapControl();
            } catch (SSLException e) {
                throw failed(e, what);
            }
            flush(true, what);
            transport.sendEof();
        } finally {
            sending = false;
        }
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED && transport.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        Kernel here = Resource.currentKernelOrNull();
        if (here != null && kernel != null && here != kernel) {
            throw new WrongThreadException("close of " + name + " from a task of another giambio loop; "
                    + "close a stream from the loop that uses it");
        }
        boolean polite = here != null && state == State.OPEN && handshake == Handshake.DONE && !eofSent
                && !sendTurn.isHeld();
        state = State.CLOSED;
        try {
            if (polite) {
                sayGoodbye();
            }
        } finally {
            transport.close();
        }
    }

    // ---- accessors -----------------------------------------------------------------------

    @Override
    public SSLSession session() {
        requireHandshake("session()");
        return engine.getSession();
    }

    @Override
    public Optional<String> applicationProtocol() {
        requireHandshake("applicationProtocol()");
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    @Override
    public Optional<String> serverName() {
        if (!config.isServer()) {
            return Optional.ofNullable(sniName);
        }
        requireHandshake("serverName()");
        if (engine.getSession() instanceof ExtendedSSLSession s) {
            for (SNIServerName n : s.getRequestedServerNames()) {
                if (n instanceof SNIHostName host) {
                    return Optional.of(host.getAsciiName());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean isClient() {
        return !config.isServer();
    }

    @Override
    public ByteStream transport() {
        return transport;
    }

    @Override
    public String toString() {
        return name + switch (state) {
            case OPEN -> "";
            case BROKEN -> " (broken: " + brokenBecause + ")";
            case CLOSED -> " (closed)";
        };
    }

    // ---- receiving -----------------------------------------------------------------------

    /**
     * Makes {@link #appIn} hold plaintext, waiting as needed; the caller holds the receive
     * side.
     *
     * @return {@code false} at end of stream
     */
    private boolean awaitInput(String what) throws IOException {
        Lowlevel.checkpointIfCancelled();
        boolean yielded = ensureHandshake(what);
        while (true) {
            checkLive(what);
            if (appIn != null) {
                break;
            }
            if (inputEnded) {
                break;
            }
            long seen = inputs;
            Need need;
            try {
                need = readStep();
            } catch (SSLException e) {
                throw failed(e, what);
            }
            yielded |= flushControl(what);
            if (need == Need.INPUT) {
                receiveMore(what, seen);
                yielded = true;
            } else if (need == Need.END) {
                break;
            }
        }
        if (!yielded) {
            Lowlevel.cancelShieldedCheckpoint();
        }
        return appIn != null;
    }

    /**
     * Engine work for a receive after the handshake: unwraps until plaintext, end of stream,
     * or a need for input. Queues what the engine must send back (a key update, the answer to
     * a TLS 1.2 close_notify). Never yields.
     */
    private Need readStep() throws SSLException {
        while (true) {
            runTasks();
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                long before = produced;
                wrapControl();
                if (produced > before) {
                    return Need.NOTHING;   // let the caller send it, then come back
                }
            }
            if (appIn != null) {
                return Need.NOTHING;
            }
            if (engine.isInboundDone()) {
                return Need.END;
            }
            if (netIn == null) {
                return transportEof ? endWithoutCloseNotify() : Need.INPUT;
            }
            SSLEngineResult r = unwrapOnce(handshake == Handshake.DONE);
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    return transportEof ? endWithoutCloseNotify() : Need.INPUT;
                }
                case OK -> refuseRenegotiation(r.getHandshakeStatus());
                default -> {
                    // CLOSED: the peer's close_notify; the loop answers it if TLS 1.2 wants to
                }
            }
        }
    }

    /**
     * The transport ended and no close_notify came: end of stream if the configuration
     * accepts that and no record was cut short, else an {@link SSLException}.
     */
    private Need endWithoutCloseNotify() throws SSLException {
        if (netIn == null && config.acceptsEofWithoutCloseNotify()) {
            inputEnded = true;
            return Need.END;
        }
        throw new SSLException(netIn == null
                ? name + ": the peer ended the connection without a TLS close_notify, so the data may have been "
                        + "truncated by an attacker; TlsConfig.acceptEofWithoutCloseNotify() accepts such an end "
                        + "(for protocols that frame their own messages)"
                : name + ": the connection ended in the middle of a TLS record (" + netIn.remaining()
                        + " bytes of it came)");
    }

    /** A TLS 1.2 handshake after the initial one is a renegotiation, which is refused. */
    private void refuseRenegotiation(HandshakeStatus status) throws SSLProtocolException {
        if (tls13 || status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED) {
            return;
        }
        SSLProtocolException e = new SSLProtocolException(name + ": the peer started a TLS renegotiation (a new "
                + "handshake on an established " + engine.getSession().getProtocol() + " connection); giambio "
                + "refuses renegotiation, so the connection is broken");
        breakWith("the peer started a TLS renegotiation, which is refused", e);
        throw e;
    }

    /**
     * Receives once from the transport into {@link #netIn}, unless another task received
     * since the caller's step looked ({@code seen}) or is receiving now, in which case it
     * waits for that task and returns so the caller looks at what it brought. A cancelled
     * wait consumed nothing.
     */
    private void receiveMore(String what, long seen) throws IOException {
        if (inputs != seen) {
            return;
        }
        receiveTurn.take();
        try {
            if (inputs != seen) {
                return;
            }
            checkLive(what);
            byte[] data;
            try {
                data = transport.receive(TRANSPORT_RECEIVE);
            } catch (ClosedResourceException e) {
                throw state == State.CLOSED ? closed(what, e) : e;
            } catch (IOException e) {
                breakWith("its transport failed while receiving: " + e, e);
                throw e;
            }
            inputs++;
            if (data.length == 0) {
                transportEof = true;
            } else if (netIn == null) {
                netIn = ByteBuffer.wrap(data);
            } else {
                netIn = ByteBuffer.allocate(netIn.remaining() + data.length).put(netIn).put(data).flip();
            }
        } finally {
            receiveTurn.release();
        }
    }

    // ---- sending -------------------------------------------------------------------------

    /**
     * Sends the queue. The holder of the send turn sends until the queue is empty, so when
     * another task holds it and {@code wait} is false this returns at once: that task sends
     * these records too. A wait for the turn that is cancelled leaves the records queued
     * (nothing is broken); a send that fails or is cancelled halfway breaks the stream.
     *
     * @return whether it used the transport (and so yielded)
     */
    private boolean flush(boolean wait, String what) throws IOException {
        if (flushed >= produced || (!wait && sendTurn.isHeld())) {
            return false;
        }
        sendTurn.take();
        try {
            while (flushed < produced) {
                checkLive(what);
                ByteBuffer batch = netOut.flip();
                netOut = null;
                int n = batch.remaining();
                try {
                    transport.sendAll(batch);
                } catch (Throwable t) {
                    if (state == State.CLOSED && t instanceof ClosedResourceException c) {
                        throw closed(what, c);
                    }
                    breakWith(t instanceof Cancelled
                            ? what + " was cancelled while a TLS record was partly sent"
                            : "its transport failed while sending: " + t, t);
                    throw t;
                }
                flushed += n;
            }
        } finally {
            sendTurn.release();
        }
        return true;
    }

    /**
     * Sends what a receive step queued. After the peer's close_notify the answer may find the
     * transport already gone; that does not spoil the end of stream.
     */
    private boolean flushControl(String what) throws IOException {
        if (!engine.isInboundDone()) {
            return flush(false, what);
        }
        try {
            return flush(false, what);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> name + ": could not answer the peer's close_notify: " + e);
            return true;
        }
    }

    private void checkOutputOpen(String what) {
        if (eofSent) {
            throw new ClosedResourceException("cannot " + what + ": the sending side of " + name
                    + " was shut down by sendEof");
        }
    }

    /** Best effort, never waits: close_notify (after anything queued) if the transport takes it now. */
    private void sayGoodbye() {
        try {
            engine.closeOutbound();
            wrapControl();
            if (flushed < produced) {
                ByteBuffer all = netOut.flip();
                netOut = null;
                flushed = produced;
                if (!trySendNow(transport, all)) {
                    LOG.log(System.Logger.Level.DEBUG, () -> name + ": close_notify not sent; the transport was full "
                            + "or cannot send without waiting");
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> name + ": close_notify not sent: " + e);
        }
    }

    /**
     * Hands {@code data} to {@code transport} without waiting: what a socket takes at once,
     * or, for a TLS transport, what its own transport takes at once.
     *
     * <p>Discussion: the {@link ByteStream} contract has no non-blocking send (a send is a
     * checkpoint), and close is not a checkpoint. So close_notify on close is possible only
     * over transports this module knows: a socket's channel (safe because the stream owns the
     * transport and nobody is sending: the send turn is free) or another TLS stream.
     *
     * @return {@code true} if all of it was taken
     */
    static boolean trySendNow(ByteStream transport, ByteBuffer data) throws IOException {
        if (transport instanceof Resource<?> socket && socket.channel instanceof SocketChannel channel) {
            if (!socket.isOpen()) {
                return false;
            }
            while (data.hasRemaining()) {
                if (channel.write(data) == 0) {
                    return false;
                }
            }
            return true;
        }
        if (transport instanceof TlsStreamImpl tls) {
            return tls.trySendNow(data);
        }
        return false;
    }

    /** {@link #trySendNow(ByteStream, ByteBuffer)} for a TLS transport. */
    private boolean trySendNow(ByteBuffer data) throws IOException {
        if (state != State.OPEN || handshake != Handshake.DONE || eofSent || sendTurn.isHeld()) {
            return false;
        }
        while (data.hasRemaining()) {
            wrapData(data, "close");
        }
        ByteBuffer all = netOut.flip();
        netOut = null;
        flushed = produced;
        if (trySendNow(transport, all)) {
            return true;
        }
        breakWith("a record was only partly sent when an inner TLS stream closed", null);
        return false;
    }

    // ---- the handshake -------------------------------------------------------------------

    /**
     * Makes sure the initial handshake has finished: runs it, waits for the task running it,
     * or returns at once if done.
     *
     * @return whether it yielded
     */
    private boolean ensureHandshake(String what) throws IOException {
        switch (handshake) {
            case DONE -> {
                return false;
            }
            case RUNNING -> {
                if (handshakeEnded == null) {
                    handshakeEnded = new Event();
                }
                handshakeEnded.await();   // a cancelled waiter breaks nothing
                checkLive(what);
                return true;
            }
            default -> {
                runHandshake(what);
                return true;
            }
        }
    }

    private void runHandshake(String what) throws IOException {
        handshake = Handshake.RUNNING;
        boolean done = false;
        try {
            CancelScope timeout = CancelScope.create();
            timeout.setTimeout(config.handshakeTimeout());
            try {
                timeout.run(this::driveHandshake);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);   // driveHandshake throws nothing else
            }
            if (timeout.cancelledCaught()) {
                throw new SSLHandshakeException(name + ": the TLS handshake did not finish within "
                        + config.handshakeTimeout() + " (TlsConfig.withHandshakeTimeout)");
            }
            done = true;
        } catch (Throwable t) {
            if (state == State.OPEN) {
                breakWith(t instanceof Cancelled ? "its TLS handshake was cancelled (in " + what + ")"
                        : "its TLS handshake failed: " + t.getMessage(), t);
                if (t instanceof SSLException) {
                    alertPeer();
                }
            }
            throw t;
        } finally {
            handshake = done ? Handshake.DONE : Handshake.NOT_STARTED;
            if (handshakeEnded != null) {
                handshakeEnded.set();
                handshakeEnded = null;
            }
        }
        tls13 = "TLSv1.3".equals(engine.getSession().getProtocol());
    }

    private void driveHandshake() throws IOException {
        String what = "handshake";
        engine.beginHandshake();
        while (true) {
            checkLive(what);
            long seen = inputs;
            Need need = handshakeStep();
            flush(true, what);
            if (need == Need.NOTHING) {
                return;
            }
            receiveMore(what, seen);
        }
    }

    /** Engine work for the handshake: wraps and unwraps until done or input is needed. */
    private Need handshakeStep() throws SSLException {
        while (true) {
            runTasks();
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    long before = produced;
                    wrapControl();
                    if (produced == before && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        throw new SSLHandshakeException(name + ": the TLS engine asks to send but has nothing to send");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (netIn == null) {
                        return needInputForHandshake();
                    }
                    SSLEngineResult r = unwrapOnce(handshake == Handshake.DONE);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        return needInputForHandshake();
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLHandshakeException(name + ": the peer closed the TLS connection during the handshake");
                    }
                }
                case NEED_TASK -> {
                    // the next round runs the tasks
                }
                default -> {
                    return Need.NOTHING;   // NOT_HANDSHAKING: finished
                }
            }
        }
    }

    private Need needInputForHandshake() throws SSLHandshakeException {
        if (transportEof) {
            throw new SSLHandshakeException(name + ": the peer closed the connection during the TLS handshake");
        }
        return Need.INPUT;
    }

    /** After a fatal engine error: send its alert if the transport takes it at once. */
    private void alertPeer() {
        try {
            wrapControl();
        } catch (SSLException | RuntimeException e) {
            // the engine may have nothing more to say
        }
        if (flushed < produced && !sendTurn.isHeld() && netOut != null) {
            ByteBuffer all = netOut.flip();
            netOut = null;
            flushed = produced;
            try {
                trySendNow(transport, all);
            } catch (IOException | RuntimeException e) {
                // the peer will see the connection end instead
            }
        }
    }

    // ---- state and misuse ----------------------------------------------------------------

    private void beginReceive(String what) {
        checkUsable(what);
        if (receiving) {
            throw new BusyResourceException("cannot " + what + ": another task is already receiving on " + name
                    + "; one task at a time may receive (or send) on a stream");
        }
        receiving = true;
    }

    private void beginSend(String what) {
        checkUsable(what);
        if (sending) {
            throw new BusyResourceException("cannot " + what + ": another task is already sending on " + name
                    + "; one task at a time may send (or receive) on a stream");
        }
        sending = true;
    }

    private void checkUsable(String what) {
        Kernel here = Resource.requireLoop("TlsStream." + what + " on " + name);
        if (kernel == null) {
            kernel = here;
        } else if (kernel != here) {
            throw new WrongThreadException("TlsStream." + what + " on " + name + " from a task of another giambio loop; "
                    + "a stream belongs to the loop that first used it");
        }
        checkLive(what);
    }

    private void checkLive(String what) {
        if (state == State.CLOSED) {
            throw closed(what, null);
        }
        if (state == State.BROKEN) {
            BrokenResourceException e = new BrokenResourceException("cannot " + what + ": " + name + " is broken: "
                    + brokenBecause + "; only close() is left");
            if (brokenCause != null) {
                e.initCause(brokenCause);
            }
            throw e;
        }
    }

    private ClosedResourceException closed(String what, Throwable cause) {
        ClosedResourceException e = new ClosedResourceException("cannot " + what + ": " + name + " is closed");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private void requireHandshake(String what) {
        if (handshake != Handshake.DONE) {
            throw new IllegalStateException(what + " of " + name + ": the TLS handshake has not completed"
                    + (state == State.BROKEN ? " (the stream is broken: " + brokenBecause + ")"
                            : "; call handshake() first"));
        }
    }

    /** Marks the stream broken (once; a closed stream stays closed). */
    private void breakWith(String because, Throwable cause) {
        if (state == State.OPEN) {
            state = State.BROKEN;
            brokenBecause = because;
            brokenCause = cause;
        }
    }

    /** An engine failure after the handshake: break, tell the peer if possible, return it. */
    private SSLException failed(SSLException e, String what) {
        if (state == State.OPEN) {
            breakWith("TLS failed in " + what + ": " + e.getMessage(), e);
            alertPeer();
        }
        return e;
    }

    /** Not a checkpoint; for tests and debugging. */
    State state() {
        return state;
    }

    /**
     * A TLS connection failed by itself when the transport below it did (the peer reset it,
     * the pipe broke): TLS adds no failures of its own that a server should survive silently.
     */
    @Override
    public boolean raisedByTheConnection(Throwable t) {
        return transport instanceof FailureOrigin origin && origin.raisedByTheConnection(t);
    }
}
