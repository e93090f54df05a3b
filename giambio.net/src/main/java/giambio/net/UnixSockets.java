package giambio.net;

import giambio.api.Giambio;
import giambio.api.Lowlevel;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * Unix-domain stream sockets ({@link UnixDomainSocketAddress}, JDK 16+): connecting,
 * binding (with the stale-file rule), and the socket file's removal on close. The streams and
 * listeners are the TCP ones ({@link SocketStreamImpl}, {@link SocketListenerImpl}); only
 * what differs lives here.
 *
 * <p>Design principles:
 * <ul>
 *   <li>Same API shape as TCP: a Unix stream is a {@link SocketStream}, a Unix listener a
 *       {@link SocketListener}; servers written for {@link ByteStream} serve both.</li>
 *   <li>The listener that made the socket file removes it when it closes, and only if the
 *       file is still the one it bound (same file key): a server started later on the same
 *       path keeps its file.</li>
 *   <li>A socket file at bind time is replaced only if it is provably stale (a connect to it
 *       is refused); a live socket or a file that is not a socket is a {@link BindException}
 *       naming the path, and is never deleted (Discussion below).</li>
 * </ul>
 *
 * <p>Discussion (the stale-file rule): a server that crashed leaves its socket file behind,
 * and the next {@code bind} fails with "Address already in use". Python's asyncio
 * ({@code create_unix_server}) removes any socket file at the path unconditionally, which
 * also silently steals the path from a server that is still running; trio has no Unix
 * listener helper. We remove the file only when a connect to it is refused (no process
 * listens), and refuse otherwise. Between the probe and the bind another process may bind the
 * same path (two servers started at the same instant); then one of them fails with
 * {@link BindException}, or, if both probed first, the second replaces the first's file: the
 * same window every probe-then-unlink server (gunicorn, uWSGI) has.
 */
final class UnixSockets {

    /** The S_IFMT bits of {@code unix:mode}, and the value that means "socket". */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** The first and the longest pause between connects refused with EAGAIN (backlog full). */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(1);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(50);

    private UnixSockets() {
    }

    /**
     * A socket file this module created by binding, identified by its path and its file key
     * (device and inode), so that closing removes only that file.
     *
     * @param path    the socket file
     * @param fileKey its {@link BasicFileAttributes#fileKey()} right after bind; may be null
     *                where the file system has none (then the path alone decides)
     */
    record SocketFile(Path path, Object fileKey) {

        /** Removes the file if it is still the one we bound. Never throws for a missing file. */
        void removeIfOurs() throws IOException {
            Object now = fileKeyOrNull(path);
            if (now == null && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;   // somebody removed it already
            }
            if (fileKey == null || fileKey.equals(now)) {
                Files.deleteIfExists(path);
            }
        }
    }

    // ---- connecting ----------------------------------------------------------------------

    /**
     * Connects to the Unix-domain socket at {@code path}. A checkpoint; cancellable. The
     * caller has checked the loop.
     *
     * <p>Discussion: Linux completes a non-blocking Unix connect at once, or refuses it, or,
     * when the listener's backlog is full, fails it with EAGAIN (the JDK reports that as a
     * {@link SocketException} "Resource temporarily unavailable", with no errno to test).
     * There is no readiness to wait for in that case, so we pause (cancellably, 1 ms doubling
     * to 50 ms) and try again, as a blocking connect would have waited in the kernel.
     */
    static SocketStream connect(Path path) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        Lowlevel.checkpointIfCancelled();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            SocketStream stream = Resource.adopt(channel, c -> {
                c.configureBlocking(false);
                boolean waited = false;
                try {
                    if (!c.connect(address)) {
                        do {
                            Lowlevel.waitReady(c, SelectionKey.OP_CONNECT);
                            waited = true;
                        } while (!c.finishConnect());
                    }
                } catch (ConnectException e) {
                    throw withCause(new ConnectException("cannot connect to the Unix-domain socket " + path
                            + ": connection refused (a socket file with no server behind it)"), e);
                } catch (SocketException e) {
                    if (isBacklogFull(e)) {
                        return null;   // closed by the caller's loop below, then retried
                    }
                    if (!Files.exists(path)) {
                        throw withCause(new NoSuchFileException(path.toString(), null,
                                "cannot connect: no Unix-domain socket there (is the server running?)"), e);
                    }
                    throw withCause(new SocketException("cannot connect to the Unix-domain socket " + path
                            + ": " + e.getMessage()), e);
                }
                SocketStream s = SocketStreamImpl.adopt(c);
                if (!waited) {
                    Lowlevel.cancelShieldedCheckpoint();
                }
                return s;
            });
            if (stream != null) {
                return stream;
            }
            channel.close();
            Giambio.sleep(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private static boolean isBacklogFull(SocketException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Resource temporarily unavailable") || m.contains("Try again"));
    }

    private static <E extends IOException> E withCause(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    // ---- binding -------------------------------------------------------------------------

    /**
     * Opens a Unix-domain server channel bound to {@code address}, replacing a stale socket
     * file (class comment). Not a checkpoint; allowed outside a loop.
     *
     * @param address the path to bind
     * @param backlog the backlog as the JDK takes it (0 or less for its default)
     * @return the bound channel and the socket file it created
     * @throws BindException if something that must not be removed is at the path
     */
    static Bound bind(UnixDomainSocketAddress address, int backlog) throws IOException {
        Path path = address.getPath();
        if (path.toString().isEmpty()) {
            throw new IllegalArgumentException("SocketListener.bind: a Unix-domain listener needs a path; "
                    + "the empty path (an unnamed socket) cannot accept connections");
        }
        clearStaleFile(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(address, backlog);
        } catch (BindException e) {
            Resource.abandon(channel, e);
            throw withCause(new BindException("cannot bind the Unix-domain socket " + path + ": " + e.getMessage()
                    + " (another server bound it just now)"), e);
        } catch (SocketException e) {
            Resource.abandon(channel, e);
            throw withCause(new SocketException("cannot bind the Unix-domain socket " + path + ": "
                    + e.getMessage()), e);
        } catch (IOException | RuntimeException e) {
            Resource.abandon(channel, e);
            throw e;
        }
        return new Bound(channel, new SocketFile(path, fileKeyOrNull(path)));
    }

    /**
     * A bound channel with the file it created.
     *
     * @param channel the bound server channel
     * @param file    the socket file to remove on close
     */
    record Bound(ServerSocketChannel channel, SocketFile file) {
    }

    /** Removes a stale socket file at {@code path}; refuses anything else that is there. */
    private static void clearStaleFile(Path path) throws IOException {
        Integer mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException free) {
            return;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return;   // no way to tell a socket from a file here: let bind report EADDRINUSE
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new BindException("cannot bind the Unix-domain socket " + path
                    + ": a file that is not a socket is in the way (giambio never deletes it)");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            Files.deleteIfExists(path);   // stale: nobody listens there
            return;
        } catch (SocketException backlogFullOrGone) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return;   // removed meanwhile
            }
            // EAGAIN: a live server with a full backlog; fall through to "in use"
        }
        throw new BindException("cannot bind the Unix-domain socket " + path
                + ": address in use: a server is listening on it (stop it, or pick another path)");
    }

    private static Object fileKeyOrNull(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    // ---- options -------------------------------------------------------------------------

    /**
     * Checks that {@code channel} supports {@code option}, with a message that says why not
     * (the JDK's is "'TCP_NODELAY' not supported").
     *
     * @param channel the channel
     * @param name    the socket's name, for the message
     * @param what    the call, e.g. "setOption"
     * @param option  the option
     * @throws NullPointerException          if {@code option} is null
     * @throws UnsupportedOperationException if the channel does not support it
     */
    static void checkOption(NetworkChannel channel, String name, String what, SocketOption<?> option) {
        Objects.requireNonNull(option, "option");
        if (!channel.supportedOptions().contains(option)) {
            boolean unix = isUnix(channel);
            throw new UnsupportedOperationException(what + "(" + option.name() + ") on " + name + ": "
                    + (unix ? "a Unix-domain socket has no such option (" + option.name()
                            + " is for IP sockets); it supports " : "this socket supports only ")
                    + channel.supportedOptions());
        }
    }

    /** Tells whether {@code channel} is a Unix-domain one. */
    static boolean isUnix(NetworkChannel channel) {
        try {
            SocketAddress local = channel.getLocalAddress();
            return local instanceof UnixDomainSocketAddress;
        } catch (IOException closed) {
            return false;
        }
    }

    /** The name of a Unix stream in messages, e.g. "Unix stream (unnamed) -> /run/app.sock". */
    static String streamName(SocketChannel channel) throws IOException {
        return "Unix stream " + describe(channel.getLocalAddress()) + " -> " + describe(channel.getRemoteAddress());
    }

    /** The name of a Unix listener in messages, e.g. "Unix listener /run/app.sock". */
    static String listenerName(ServerSocketChannel channel) throws IOException {
        return "Unix listener " + describe(channel.getLocalAddress());
    }

    /** The name of a Unix address in messages: its path, or "(unnamed)" for a client end. */
    static String describe(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            String p = unix.getPath().toString();
            return p.isEmpty() ? "(unnamed)" : p;
        }
        return String.valueOf(address);
    }
}
