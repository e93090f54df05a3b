package giambio.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;

/** The one {@link SocketListener}: a non-blocking, bound {@link ServerSocketChannel}. */
final class SocketListenerImpl extends Resource<ServerSocketChannel> implements SocketListener {

    /** The Unix socket file this listener created and removes on close; null for TCP and wrapped ones. */
    private final UnixSockets.SocketFile socketFile;

    private SocketListenerImpl(ServerSocketChannel channel) throws IOException {
        this(channel, null);
    }

    private SocketListenerImpl(ServerSocketChannel channel, UnixSockets.SocketFile socketFile) throws IOException {
        super(channel, UnixSockets.isUnix(channel) ? UnixSockets.listenerName(channel)
                : "TCP listener " + channel.getLocalAddress());
        this.socketFile = socketFile;
    }

    /**
     * The backlog when none is given: {@code /proc/sys/net/core/somaxconn} where it exists
     * (Linux), else {@link #FALLBACK_BACKLOG}. Read once.
     */
    static final int DEFAULT_BACKLOG = systemMaxBacklog();
    /**
     * The backlog where the system's maximum cannot be read (trio's choice): the kernel
     * silently caps a listen backlog at its own maximum, so asking for more is harmless.
     */
    static final int FALLBACK_BACKLOG = 0xFFFF;

    /**
     * Discussion: the JDK's default backlog is 50, which resets most of a burst of a few
     * hundred connects; trio, Go and nginx ask for the system's maximum (Linux: somaxconn,
     * 4096 since 5.4). Reading the file costs one small read per JVM.
     */
    private static int systemMaxBacklog() {
        try {
            // Discussion: not Files.readString, which sizes its read by the file's size, and a
            // /proc file says 0.
            int max;
            try (var in = new java.io.BufferedReader(new java.io.FileReader("/proc/sys/net/core/somaxconn",
                    java.nio.charset.StandardCharsets.US_ASCII))) {
                max = Integer.parseInt(in.readLine().trim());
            }
            return max > 0 ? max : FALLBACK_BACKLOG;
        } catch (IOException | RuntimeException unreadable) {
            return FALLBACK_BACKLOG;
        }
    }

    static SocketListenerImpl bind(SocketAddress address, int backlog, String what) throws IOException {
        Objects.requireNonNull(address, "address");
        if (backlog < 0) {
            throw new IllegalArgumentException(what + ": backlog must be 0 (the system's maximum, "
                    + DEFAULT_BACKLOG + " here) or more, not " + backlog);
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            UnixSockets.Bound bound = UnixSockets.bind(unix, backlog == 0 ? DEFAULT_BACKLOG : backlog);
            return adopt(bound.channel(), channel -> new SocketListenerImpl(channel, bound.file()));
        }
        return adopt(ServerSocketChannel.open(), channel -> {
            channel.bind(address, backlog == 0 ? DEFAULT_BACKLOG : backlog);
            return new SocketListenerImpl(channel);
        });
    }

    static SocketListenerImpl wrap(ServerSocketChannel channel) throws IOException {
        requireOpenToWrap(channel);
        if (channel.getLocalAddress() == null) {
            throw new IllegalArgumentException("cannot wrap " + channel + ": it is not bound");
        }
        return new SocketListenerImpl(channel);
    }

    /** Removes the Unix socket file this listener created, if it is still ours. */
    @Override
    void afterClose() throws IOException {
        if (socketFile != null) {
            socketFile.removeIfOurs();
        }
    }

    @Override
    public SocketStream accept() throws IOException {
        while (true) {
            SocketStream s = setUpOrSkip(exclusive(SelectionKey.OP_ACCEPT, "accept", channel::accept));
            if (s != null) {
                return s;
            }
        }
    }

    /**
     * Makes a stream of an accepted channel, or closes it and returns null if the connection
     * died before it could be set up.
     *
     * <p>Discussion: a client that resets between the handshake and our {@code accept} hands
     * us a dead socket; setting it up can fail (macOS answers {@code setsockopt} with EINVAL).
     * That is the client's business, not the listener's: trio's accept skips such connections
     * too, and so an accept loop is never ended by one rude client.
     */
    private SocketStream setUpOrSkip(java.nio.channels.SocketChannel accepted) {
        try {
            return SocketStreamImpl.adopt(accepted);
        } catch (IOException dead) {
            System.getLogger("giambio.net").log(System.Logger.Level.DEBUG,
                    () -> "a connection accepted on " + this + " died before it was set up: " + dead + "; skipped");
            return null;
        }
    }

    /**
     * Accepts a connection that is already queued, without waiting and without a checkpoint
     * (the accept loop's batch, after an {@link #accept()} that was one).
     *
     * @return the connection, or null if none is queued
     * @throws IOException if accepting fails
     */
    SocketStream tryAccept() throws IOException {
        begin(SelectionKey.OP_ACCEPT, "accept");
        try {
            while (true) {
                java.nio.channels.SocketChannel c = tryOnce("accept", channel::accept);
                if (c == null) {
                    return null;
                }
                SocketStream s = setUpOrSkip(c);
                if (s != null) {
                    return s;
                }
            }
        } finally {
            end(SelectionKey.OP_ACCEPT);
        }
    }

    /**
     * Accepts a connection as a raw channel, not set up as a stream of this loop, for
     * {@link MultiLoopServer}'s hand-off to another loop (which sets it up, or skips it if it
     * died meanwhile). A checkpoint.
     *
     * @return the accepted channel, in blocking mode as the JDK makes it
     * @throws IOException if accepting fails
     */
    java.nio.channels.SocketChannel acceptChannel() throws IOException {
        return exclusive(SelectionKey.OP_ACCEPT, "accept", channel::accept);
    }

    /**
     * Like {@link #acceptChannel()}, but only a connection that is already queued, without
     * waiting and without a checkpoint.
     *
     * @return the accepted channel, or null if none is queued
     * @throws IOException if accepting fails
     */
    java.nio.channels.SocketChannel tryAcceptChannel() throws IOException {
        begin(SelectionKey.OP_ACCEPT, "accept");
        try {
            return tryOnce("accept", channel::accept);
        } finally {
            end(SelectionKey.OP_ACCEPT);
        }
    }
}
