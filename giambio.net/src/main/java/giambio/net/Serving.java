package giambio.net;

import giambio.api.Giambio;
import giambio.api.TaskPool;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The fault policy of {@link Net#serveListeners}: how the accept loop survives bursts and
 * resource exhaustion, and what a handler's exception means.
 *
 * <p>Design principles (after trio's {@code serve_listeners} and {@code SocketListener.accept}):
 * <ul>
 * <li><b>Bursts</b>: once a listener is readable, connections are taken in a batch without
 *     waiting again ({@link SocketListenerImpl#tryAccept()}), at most {@link #ACCEPT_BATCH}
 *     per wake-up so that the handlers of a burst get to run between batches.</li>
 * <li><b>Exhaustion</b>: an accept that fails because the process or the system is out of
 *     descriptors, memory or buffers ({@code EMFILE}, {@code ENFILE}, {@code ENOMEM},
 *     {@code ENOBUFS}) is not the listener's fault: it is logged (at most once per
 *     {@link #LOG_EVERY} per listener, with the count of failures in between), the accept
 *     loop sleeps {@link #EXHAUSTED_PAUSE} and tries again, and the live connections go on.
 *     Every other accept error still ends the server.</li>
 * <li><b>Resets</b>: an exception a connection raised itself ({@link FailureOrigin}: reset,
 *     broken pipe) ends that connection only and is logged at DEBUG, whatever the
 *     {@link HandlerFailure}; an exception the handler raised follows the policy.</li>
 * </ul>
 */
final class Serving {

    /** Connections taken per wake-up of the accept loop before it yields. */
    static final int ACCEPT_BATCH = 64;
    /** How long the accept loop pauses after an exhaustion error (trio: 100 ms). */
    static final Duration EXHAUSTED_PAUSE = Duration.ofMillis(100);
    /** At most one exhaustion log line per listener per this period. */
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger("giambio.net");

    private Serving() {
    }

    /**
     * Logs an exhaustion report at WARNING; returns false if logging itself failed.
     *
     * <p>Discussion: when descriptors run out, the logging system may need one too: the JDK's
     * {@code SimpleFormatter} opens the time-zone database ({@code lib/tzdb.dat}) for its first
     * record and throws an {@code Error} when it cannot (found by {@code FdExhaustionTest}: the
     * plain echo server, default logging, died of its own log line); a file handler writes to a
     * file. A logger that throws must not take the server down, which is the very thing the
     * retry prevents; the report is tried again at the next failure.
     */
    private static boolean report(String message) {
        try {
            LOG.log(System.Logger.Level.WARNING, message);
            return true;
        } catch (RuntimeException | LinkageError | InternalError loggingFailed) {
            return false;
        } catch (Error e) {
            if (e.getCause() instanceof IOException) {   // e.g. Error(FileNotFoundException: tzdb.dat)
                return false;
            }
            throw e;
        }
    }

    /**
     * Accepts from {@code listener} forever, spawning {@code serveOne} for each connection into
     * {@code pool}.
     */
    static <S extends ByteStream> void acceptLoop(TaskPool pool, Listener<? extends S> listener,
            ConnectionHandler<? super S> handler, HandlerFailure onFailure) throws Exception {
        long exhausted = 0;                   // failures since the last log line
        long lastLog = Long.MIN_VALUE;        // System.nanoTime() of the last log line
        while (true) {
            S stream;
            try {
                stream = listener.accept();
            } catch (IOException e) {
                if (!isExhaustion(e)) {
                    throw e;
                }
                exhausted++;
                long now = System.nanoTime();
                if ((lastLog == Long.MIN_VALUE || now - lastLog >= LOG_EVERY.toNanos())
                        && report("accept on " + listener + " failed ("
                            + e.getMessage() + "; " + exhausted + " time(s) since the last report): out of "
                            + "resources; retrying every " + EXHAUSTED_PAUSE.toMillis()
                            + " ms, live connections are still served")) {
                    lastLog = now;
                    exhausted = 0;
                }
                Giambio.sleep(EXHAUSTED_PAUSE);
                continue;
            }
            spawn(pool, stream, handler, onFailure);
            if (listener instanceof SocketListenerImpl batching) {
                // the listener was ready: take what else is queued without waiting again
                for (int i = 1; i < ACCEPT_BATCH; i++) {
                    SocketStream more;
                    try {
                        more = batching.tryAccept();
                    } catch (IOException e) {
                        if (isExhaustion(e)) {
                            break;    // the blocking accept above reports and pauses
                        }
                        throw e;
                    }
                    if (more == null) {
                        break;
                    }
                    @SuppressWarnings("unchecked")    // a SocketListenerImpl accepts SocketStreams: S is SocketStream
                    S s = (S) more;
                    spawn(pool, s, handler, onFailure);
                }
            }
        }
    }

    private static <S extends ByteStream> void spawn(TaskPool pool, S stream, ConnectionHandler<? super S> handler,
            HandlerFailure onFailure) throws IOException {
        try {
            pool.spawn("conn " + stream, () -> serveOne(stream, handler, onFailure));
        } catch (Throwable t) {
            try {
                stream.close();
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
    }

    /**
     * Runs the handler for one connection and closes the stream; the connection's own
     * failures end it quietly, the handler's follow {@code onFailure}.
     */
    static <S extends ByteStream> void serveOne(S stream, ConnectionHandler<? super S> handler,
            HandlerFailure onFailure) throws Exception {
        try (stream) {
            handler.handle(stream);
        } catch (Exception e) {
            if (stream instanceof FailureOrigin origin && origin.raisedByTheConnection(e)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "connection " + stream + " ended by the peer or the network: "
                        + e + "; closed it, the server goes on");
                return;
            }
            if (onFailure == HandlerFailure.CRASH_SERVER) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "connection handler for " + stream
                    + " failed; closed that connection, the server goes on", e);
        }
    }

    /**
     * Tells whether an accept error means the process or the system ran out of a resource
     * ({@code EMFILE}, {@code ENFILE}, {@code ENOMEM}, {@code ENOBUFS}) rather than that the
     * listener is broken.
     *
     * <p>Discussion: the JDK reports {@code accept(2)}'s errno only as the
     * {@link IOException}'s message ({@code strerror}: "Too many open files", "Too many open
     * files in system", "Cannot allocate memory", "No buffer space available"); there is no
     * errno field or subtype to test instead. The messages are the C library's, in English
     * under the JVM's usual locale; Windows' WSAEMFILE / WSAENOBUFS texts are matched too.
     *
     * @param e an accept error
     * @return true for resource exhaustion
     */
    static boolean isExhaustion(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("too many open files") || lower.contains("cannot allocate memory")
                    || lower.contains("no buffer space") || lower.contains("out of memory")
                    || lower.contains("too many open sockets")) {
                return true;
            }
        }
        return false;
    }
}
