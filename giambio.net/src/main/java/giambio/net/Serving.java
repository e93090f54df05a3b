package giambio.net;

import giambio.api.Giambio;
import giambio.api.TaskPool;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The fault policy of {@link Net#serveListeners} and of {@link MultiLoopServer}'s accepting
 * loop: how the accept loop survives bursts and resource exhaustion, and what a handler's
 * exception means. Both run the one {@link #acceptLoop(String, Acceptor, Taker)}; only what
 * happens to an accepted connection differs (a task of this loop, or a hand-off to another).
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
 *     Every other accept error still ends the server. A logger that fails (it may need a
 *     descriptor too) is ignored: the report is tried again at the next failure.</li>
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
     * Where an accept loop takes connections from.
     *
     * @param <C> what one accept yields: a stream of this loop, or a raw channel for another
     */
    interface Acceptor<C> {
        /**
         * Waits for a connection and takes it; a checkpoint.
         *
         * @return the connection
         * @throws IOException if accepting fails
         */
        C accept() throws IOException;

        /**
         * Takes a connection that is already queued, without waiting and without a checkpoint.
         *
         * @return the connection, or null if none is queued (or the source cannot tell)
         * @throws IOException if accepting fails
         */
        C tryAccept() throws IOException;
    }

    /**
     * What an accept loop does with each connection.
     *
     * @param <C> the connection type
     */
    interface Taker<C> {
        /**
         * Takes over one connection; closes it before throwing if it cannot.
         *
         * @param connection the accepted connection
         * @throws Exception if the server must stop
         */
        void take(C connection) throws Exception;
    }

    /**
     * Accepts from {@code listener} forever, spawning {@code serveOne} for each connection into
     * {@code pool}.
     */
    static <S extends ByteStream> void acceptLoop(TaskPool pool, Listener<? extends S> listener,
            ConnectionHandler<? super S> handler, HandlerFailure onFailure) throws Exception {
        Acceptor<S> from = new Acceptor<>() {
            @Override
            public S accept() throws IOException {
                return listener.accept();
            }

            @Override
            public S tryAccept() throws IOException {
                if (listener instanceof SocketListenerImpl batching) {
                    @SuppressWarnings("unchecked")    // a SocketListenerImpl accepts SocketStreams: S is SocketStream
                    S s = (S) batching.tryAccept();
                    return s;
                }
                return null;
            }
        };
        acceptLoop(listener.toString(), from, stream -> spawn(pool, stream, handler, onFailure));
    }

    /**
     * The accept loop both single-loop serving and {@link MultiLoopServer}'s accepting loop
     * run: takes connections from {@code from} forever and gives each to {@code to}, in bursts
     * of at most {@link #ACCEPT_BATCH}, surviving resource exhaustion (see the class comment).
     *
     * @param name what the exhaustion reports call the source
     * @param from where connections come from
     * @param to   what to do with each; a failure there ends the loop
     * @throws Exception an accept error other than exhaustion, or what {@code to} threw
     */
    static <C> void acceptLoop(String name, Acceptor<C> from, Taker<? super C> to) throws Exception {
        long exhausted = 0;                   // failures since the last log line
        long lastLog = Long.MIN_VALUE;        // System.nanoTime() of the last log line
        while (true) {
            C connection;
            try {
                connection = from.accept();
            } catch (IOException e) {
                if (!isExhaustion(e)) {
                    throw e;
                }
                exhausted++;
                long now = System.nanoTime();
                if ((lastLog == Long.MIN_VALUE || now - lastLog >= LOG_EVERY.toNanos())
                        && report("accept on " + name + " failed ("
                            + e.getMessage() + "; " + exhausted + " time(s) since the last report): out of "
                            + "resources; retrying every " + EXHAUSTED_PAUSE.toMillis()
                            + " ms, live connections are still served")) {
                    lastLog = now;
                    exhausted = 0;
                }
                Giambio.sleep(EXHAUSTED_PAUSE);
                continue;
            }
            to.take(connection);
            // the source was ready: take what else is queued without waiting again
            for (int i = 1; i < ACCEPT_BATCH; i++) {
                C more;
                try {
                    more = from.tryAccept();
                } catch (IOException e) {
                    if (isExhaustion(e)) {
                        break;    // the waiting accept above reports and pauses
                    }
                    throw e;
                }
                if (more == null) {
                    break;
                }
                to.take(more);
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
