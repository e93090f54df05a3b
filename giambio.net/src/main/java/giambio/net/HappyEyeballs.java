package giambio.net;

import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.TaskPool;
import giambio.api.ThreadCancelPolicy;
import giambio.api.Threads;
import giambio.api.sync.Event;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Connecting to a host name by "happy eyeballs" (RFC 8305, trio's {@code open_tcp_stream}):
 * resolve every address, interleave the families, start one attempt, and start the next one
 * when the attempt delay passes or an attempt fails; the first connection wins, the others are
 * cancelled (or closed, if they connected too).
 *
 * <p>Design principles:
 * <ul>
 *   <li>Structured: the attempts are tasks of one pool inside the caller; when
 *       {@link #connect} returns or throws, no attempt runs and no loser's socket is open.</li>
 *   <li>Nothing lost: when every attempt fails, the {@link ConnectException} names each
 *       address with its error and carries each attempt's exception as suppressed, in the
 *       order the attempts started.</li>
 *   <li>Time is the loop's clock: the attempt delay is a {@link Giambio#skipAfter} timer, so
 *       it follows a {@link giambio.api.VirtualClock} in tests.</li>
 * </ul>
 */
final class HappyEyeballs {

    private static final System.Logger LOG = System.getLogger("giambio.net");

    /** Matches IPv4 literals; anything with a colon is an IPv6 literal (names have none). */
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** What an attempt did, for tests (and debug logging). */
    enum Phase { STARTED, FAILED, CONNECTED, CANCELLED, CLOSED_LATE_WINNER }

    /** Observes the attempts in the order they happen; a test hook. */
    @FunctionalInterface
    interface Trace {
        /** Does nothing. */
        Trace NONE = (phase, target) -> { };

        void event(Phase phase, InetSocketAddress target);
    }

    private HappyEyeballs() {
    }

    /**
     * Resolves {@code host} and races connections to its addresses. The caller has checked
     * the arguments and the loop, and raised a pending cancellation.
     *
     * @return the winning stream
     * @throws UnknownHostException if {@code host} has no address
     * @throws ConnectException     if every attempt failed (each one suppressed)
     */
    static SocketStream connect(String host, int port, ConnectOptions options, Trace trace) throws IOException {
        List<InetSocketAddress> targets = new ArrayList<>();
        for (InetAddress a : interleave(resolve(host, options.resolver()))) {
            targets.add(new InetSocketAddress(a, port));
        }
        return new Race(host, port, targets, trace).run(options.attemptDelay());
    }

    /**
     * Resolves {@code host}: literals in place, names with {@code resolver} on another thread.
     *
     * <p>Discussion: a resolver (the system's {@code getAllByName} above all) may block for
     * seconds and cannot be interrupted, so it runs off the loop and a cancellation abandons
     * it (trio runs {@code getaddrinfo} in a thread the same way).
     */
    static List<InetAddress> resolve(String host, HostResolver resolver) throws IOException {
        if (host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches()) {
            return List.of(InetAddress.getAllByName(host));
        }
        List<InetAddress> found;
        try {
            found = Threads.runInThread(ThreadCancelPolicy.ABANDON, () -> resolver.resolve(host));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("resolving " + host + " failed", e);
        }
        if (found == null || found.isEmpty()) {
            throw new UnknownHostException(host + ": the resolver returned no address" + (found == null ? " (null)" : ""));
        }
        List<InetAddress> copy = new ArrayList<>(found);
        if (copy.stream().anyMatch(a -> a == null)) {
            throw new UnknownHostException(host + ": the resolver returned a null address in " + copy);
        }
        return copy;
    }

    /**
     * Orders addresses as RFC 8305 section 4 asks: duplicates dropped, the family of the
     * first address first, then alternating families, each family keeping its own order.
     *
     * @param addresses the resolver's answer
     * @return the order in which to try them
     */
    static List<InetAddress> interleave(List<InetAddress> addresses) {
        List<InetAddress> first = new ArrayList<>();
        List<InetAddress> other = new ArrayList<>();
        boolean firstIs4 = addresses.get(0) instanceof Inet4Address;
        for (InetAddress a : new LinkedHashSet<>(addresses)) {
            ((a instanceof Inet4Address) == firstIs4 ? first : other).add(a);
        }
        List<InetAddress> out = new ArrayList<>(first.size() + other.size());
        for (int i = 0; i < Math.max(first.size(), other.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < other.size()) {
                out.add(other.get(i));
            }
        }
        return out;
    }

    /** One race: its targets, the winner, and each attempt's error. Loop-confined. */
    private static final class Race {
        private final String host;
        private final int port;
        private final List<InetSocketAddress> targets;
        private final Trace trace;
        /** errors[i]: why attempt i failed; null while it runs, won, or was cancelled. */
        private final IOException[] errors;
        /** The first stream that connected; null until then, then fixed. */
        private SocketStream winner;
        /** Set when an attempt fails; replaced by a fresh one each time an attempt starts. */
        private Event failure = new Event();

        Race(String host, int port, List<InetSocketAddress> targets, Trace trace) {
            this.host = host;
            this.port = port;
            this.targets = targets;
            this.trace = trace;
            this.errors = new IOException[targets.size()];
        }

        SocketStream run(Duration delay) throws IOException {
            try {
                Giambio.createPool(pool -> {
                    for (int i = 0; i < targets.size(); i++) {
                        int index = i;
                        failure = new Event();
                        trace.event(Phase.STARTED, targets.get(i));
                        pool.spawn("connect " + targets.get(i), () -> attempt(pool, index));
                        if (i + 1 < targets.size()) {
                            // Discussion: the next attempt starts when the delay passes or
                            // as soon as an attempt fails (RFC 8305 section 5; trio waits on
                            // the previous attempt only, we on any, so a quick refusal of an
                            // older attempt does not leave a slot idle).
                            Event failed = failure;
                            Giambio.skipAfter(delay, failed::await);
                        }
                    }
                });
            } catch (Throwable t) {
                closeQuietly(winner, t);   // cancelled from outside after a win: nothing leaks
                winner = null;
                throw rethrow(t);
            }
            if (winner != null) {
                return winner;
            }
            throw allFailed();
        }

        private void attempt(TaskPool pool, int index) {
            InetSocketAddress target = targets.get(index);
            SocketStream stream;
            try {
                stream = Net.connect(target);
            } catch (IOException e) {
                errors[index] = e;
                LOG.log(System.Logger.Level.DEBUG, () -> "happy eyeballs: " + target + " failed: " + e);
                trace.event(Phase.FAILED, target);
                failure.set();
                return;
            } catch (Cancelled c) {
                trace.event(Phase.CANCELLED, target);
                throw c;
            }
            if (winner == null) {
                winner = stream;
                trace.event(Phase.CONNECTED, target);
                pool.cancel();
            } else {
                // connected in the same instant as the winner: a loser all the same
                trace.event(Phase.CLOSED_LATE_WINNER, target);
                closeQuietly(stream, null);
            }
        }

        private ConnectException allFailed() {
            StringBuilder why = new StringBuilder("Net.openTcpStream: cannot connect to ")
                    .append(host).append(" port ").append(port).append(": ");
            why.append(targets.size() == 1 ? "its address failed: " : "all " + targets.size() + " addresses failed: ");
            for (int i = 0; i < targets.size(); i++) {
                why.append(i == 0 ? "" : "; ").append(targets.get(i).getAddress().getHostAddress()).append(" (")
                        .append(errors[i] == null ? "?" : errors[i].getMessage()).append(')');
            }
            ConnectException e = new ConnectException(why.toString());
            for (IOException error : errors) {
                if (error != null) {
                    e.addSuppressed(error);
                }
            }
            return e;
        }

        private static void closeQuietly(SocketStream stream, Throwable primary) {
            if (stream == null) {
                return;
            }
            try {
                stream.close();
            } catch (IOException | RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                }
            }
        }

        private static IOException rethrow(Throwable t) {
            if (t instanceof IOException io) {
                return io;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return new IOException("connecting failed", t);
        }
    }
}
