package giambio.net;

import giambio.api.ClosedResourceException;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.sync.CrossLoopChannel;
import giambio.api.sync.EndOfChannelException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A TCP server on every core (D7): a {@linkplain Giambio#runGroup(RunOptions, int,
 * giambio.api.LoopBody) group of loops}, each serving connections with the same handler
 * contract and failure policy as {@link Net#serveTcp(SocketListener, ConnectionHandler,
 * HandlerFailure)}.
 *
 * {@snippet :
 * MultiLoopServer server = MultiLoopServer.bind(new InetSocketAddress(8080), 4);
 * System.out.println("serving on " + server.localAddress() + " with " + server.spread());
 * server.serve(stream -> {
 *     for (byte[] b; (b = stream.receive(65536)).length > 0; ) {
 *         stream.sendAll(b);
 *     }
 * });
 * }
 *
 * <h2>Spreading connections</h2>
 * {@link Spread#REUSE_PORT} (the default where the platform has {@code SO_REUSEPORT}, that
 * is Linux): one listening socket per loop, all bound to the same port with
 * {@code SO_REUSEPORT}, so the operating system spreads incoming connections over the loops
 * and no loop is a bottleneck. {@link Spread#ACCEPTING_LOOP} (elsewhere, or when asked): one
 * listening socket; loop 0 accepts and hands each connection, as a plain
 * {@link SocketChannel}, round-robin to a loop (itself included) through a
 * {@link CrossLoopChannel}; that loop wraps it into its own {@link SocketStream}.
 *
 * <h2>Structure</h2>
 * {@link #serve} returns only by failure or cancellation, like {@code serveTcp}: with
 * {@link HandlerFailure#CRASH_SERVER}, a handler's exception cancels every loop and leaves
 * {@code serve} as the same object (later failures suppressed). Called from a task,
 * cancelling it stops every loop; called from a plain thread, interrupting it does. Either
 * way every listener, every connection and every connection still waiting to be handed over
 * is closed before {@code serve} returns.
 *
 * <p>Implementation overview: the listeners are bound by {@link #bind}, on the caller's
 * thread, so that the port (0 picks one) is known before serving; each loop adopts its
 * listener (or hand-off channel) at its first use. A server serves once.
 */
public final class MultiLoopServer {

    /** How connections are spread over the loops. */
    public enum Spread {
        /** One listener per loop on one port with {@code SO_REUSEPORT}; the kernel spreads. */
        REUSE_PORT,
        /** One listener; loop 0 accepts and hands connections round-robin to every loop. */
        ACCEPTING_LOOP;

        /**
         * The default: {@link #REUSE_PORT} on Linux when the JDK supports it for server
         * sockets, {@link #ACCEPTING_LOOP} elsewhere (on BSD and macOS {@code SO_REUSEPORT}
         * does not balance connections between sockets).
         *
         * @return the spread to use here
         */
        public static Spread platformDefault() {
            boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
            return linux && reusePortSupported() ? REUSE_PORT : ACCEPTING_LOOP;
        }
    }

    /** Connections waiting for their loop, per loop, in the accepting-loop mode. */
    private static final int HANDOFF_CAPACITY = 64;

    private final int loops;
    private final Spread spread;
    private final SocketAddress localAddress;
    /** REUSE_PORT: one per loop; ACCEPTING_LOOP: one. Closed by serve, or by close. */
    private final List<ServerSocketChannel> channels;
    /** Set once serve started; a server serves once. Guarded by this. */
    private boolean used;

    private MultiLoopServer(int loops, Spread spread, List<ServerSocketChannel> channels) throws IOException {
        this.loops = loops;
        this.spread = spread;
        this.channels = channels;
        this.localAddress = channels.get(0).getLocalAddress();
    }

    /**
     * Binds a server for one loop per available processor, spread the platform's way.
     *
     * @param address where to listen; port 0 picks a free port ({@link #localAddress()})
     * @return the bound server, not serving yet
     * @throws IOException if binding fails
     */
    public static MultiLoopServer bind(SocketAddress address) throws IOException {
        return bind(address, Runtime.getRuntime().availableProcessors(), Spread.platformDefault());
    }

    /**
     * Binds a server for {@code loops} loops, spread the platform's way.
     *
     * @param address where to listen; port 0 picks a free port
     * @param loops   how many loops will serve
     * @return the bound server, not serving yet
     * @throws IllegalArgumentException if {@code loops} is zero or negative
     * @throws IOException              if binding fails
     */
    public static MultiLoopServer bind(SocketAddress address, int loops) throws IOException {
        return bind(address, loops, Spread.platformDefault());
    }

    /**
     * Binds a server for {@code loops} loops; allowed anywhere, not a checkpoint.
     *
     * @param address where to listen; port 0 picks a free port
     * @param loops   how many loops will serve
     * @param spread  how connections are spread over the loops
     * @return the bound server, not serving yet
     * @throws IllegalArgumentException      if {@code loops} is zero or negative, or
     *                                       {@code address} is not an {@link java.net.InetSocketAddress}
     * @throws UnsupportedOperationException if {@code spread} is {@link Spread#REUSE_PORT}
     *                                       and this platform has no {@code SO_REUSEPORT}
     * @throws IOException                   if binding fails
     */
    public static MultiLoopServer bind(SocketAddress address, int loops, Spread spread) throws IOException {
        return bind("MultiLoopServer.bind", address, loops, spread);
    }

    /** {@link #bind(SocketAddress, int, Spread)}, with the name of the call the user made for messages. */
    static MultiLoopServer bind(String what, SocketAddress address, int loops, Spread spread) throws IOException {
        Objects.requireNonNull(address, what + ": address");
        Objects.requireNonNull(spread, what + ": spread");
        if (loops <= 0) {
            throw new IllegalArgumentException(what + ": a server needs at least one loop, not " + loops);
        }
        if (!(address instanceof java.net.InetSocketAddress)) {
            throw new IllegalArgumentException(what + ": serves TCP, so it needs an InetSocketAddress, not a "
                    + address.getClass().getSimpleName() + " (" + address + ")");
        }
        if (spread == Spread.REUSE_PORT && !reusePortSupported()) {
            throw new UnsupportedOperationException(what + ": SO_REUSEPORT is not supported for server "
                    + "sockets on this platform; use Spread.ACCEPTING_LOOP");
        }
        int listeners = spread == Spread.REUSE_PORT ? loops : 1;
        List<ServerSocketChannel> bound = new ArrayList<>(listeners);
        try {
            SocketAddress at = address;
            for (int i = 0; i < listeners; i++) {
                ServerSocketChannel ch = ServerSocketChannel.open();
                bound.add(ch);
                if (spread == Spread.REUSE_PORT) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                ch.bind(at, Integer.MAX_VALUE); // the system maximum (S24), clamped by the OS (somaxconn)
                at = ch.getLocalAddress(); // the port picked for port 0, shared by the rest
            }
            return new MultiLoopServer(loops, spread, bound);
        } catch (IOException | RuntimeException e) {
            closeQuietly(bound, e);
            throw e;
        }
    }

    /**
     * Tells whether this platform can bind server sockets with {@code SO_REUSEPORT}.
     *
     * @return {@code true} if {@link Spread#REUSE_PORT} is possible
     */
    public static boolean reusePortSupported() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the address the server listens on, with the real port if 0 was asked for.
     *
     * @return the local address
     */
    public SocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Returns how many loops serve.
     *
     * @return the number of loops
     */
    public int loops() {
        return loops;
    }

    /**
     * Returns how connections are spread.
     *
     * @return the spread
     */
    public Spread spread() {
        return spread;
    }

    /**
     * Serves every connection with {@code handler} on the server's loops, forever; a handler's
     * exception crashes the server ({@link HandlerFailure#CRASH_SERVER}), with the default
     * {@link RunOptions}.
     *
     * @param handler serves one connection, in a task of its own on one of the loops
     * @throws Exception             the first exception a handler threw (the same object), or
     *                               an accept failure
     * @throws IllegalStateException if the server has served already or was closed
     */
    public void serve(ConnectionHandler<? super SocketStream> handler) throws Exception {
        serve(RunOptions.defaults(), handler, HandlerFailure.CRASH_SERVER);
    }

    /**
     * Serves every connection with {@code handler} on the server's loops until a failure (by
     * {@code onFailure}) or cancellation; see the class comment. Every listener is closed when
     * this returns.
     *
     * @param options   the options of every loop (kernel, debuggers, SIGINT handling, ...)
     * @param handler   serves one connection, in a task of its own on one of the loops
     * @param onFailure what a handler's {@link Exception} does
     * @throws Exception                  the first exception a handler threw (the same object)
     *                                    with {@link HandlerFailure#CRASH_SERVER}, or an accept
     *                                    failure
     * @throws giambio.api.Cancelled      if called from a task that was cancelled
     * @throws InterruptedException       if called from a plain thread that was interrupted
     * @throws IllegalStateException      if the server has served already or was closed
     */
    public void serve(RunOptions options, ConnectionHandler<? super SocketStream> handler, HandlerFailure onFailure)
            throws Exception {
        Objects.requireNonNull(options, "MultiLoopServer.serve: options");
        Objects.requireNonNull(handler, "MultiLoopServer.serve: handler");
        Objects.requireNonNull(onFailure, "MultiLoopServer.serve: onFailure");
        synchronized (this) {
            if (used) {
                throw new IllegalStateException("MultiLoopServer.serve: this server has served already or was closed; "
                        + "bind a new one");
            }
            used = true;
        }
        List<CrossLoopChannel<SocketChannel>> handoff = new ArrayList<>();
        try {
            if (spread == Spread.REUSE_PORT) {
                Giambio.runGroup(options, loops, index -> Net.serveTcp(SocketListener.wrap(channels.get(index)),
                        handler, onFailure));
            } else {
                for (int i = 0; i < loops; i++) {
                    handoff.add(CrossLoopChannel.open(HANDOFF_CAPACITY));
                }
                Giambio.runGroup(options, loops, index -> servedByHandoff(index, handoff, handler, onFailure));
            }
        } finally {
            closeAll(handoff);
        }
    }

    /** One loop of the accepting-loop mode: serves what it is handed; loop 0 also accepts. */
    private void servedByHandoff(int index, List<CrossLoopChannel<SocketChannel>> handoff,
            ConnectionHandler<? super SocketStream> handler, HandlerFailure onFailure) throws Exception {
        Listener<SocketStream> handed = new HandoffListener(handoff.get(index).receiver(), localAddress);
        if (index != 0) {
            Net.serveListeners(List.of(handed), handler, onFailure);
            return;
        }
        Giambio.createPool(pool -> {
            pool.spawn("accept " + localAddress, () -> acceptAndHandOff(handoff));
            pool.spawn("serve handed " + localAddress, () -> Net.serveListeners(List.of(handed), handler, onFailure));
        });
    }

    /**
     * Loop 0's accept loop: each connection goes, as a raw channel, to the next loop in turn.
     * It is {@link Serving}'s accept loop, the one single-loop serving runs: bursts are taken
     * in batches, and running out of descriptors, memory or buffers (EMFILE, ENFILE, ENOMEM,
     * ENOBUFS) is reported (rate-limited) and retried after a pause while every loop goes on
     * serving its connections.
     */
    private void acceptAndHandOff(List<CrossLoopChannel<SocketChannel>> handoff) throws Exception {
        SocketListenerImpl listener = (SocketListenerImpl) SocketListener.wrap(channels.get(0));
        int[] next = {0};
        try (listener) {
            Serving.acceptLoop(listener.toString(), new Serving.Acceptor<SocketChannel>() {
                @Override
                public SocketChannel accept() throws IOException {
                    return listener.acceptChannel();
                }

                @Override
                public SocketChannel tryAccept() throws IOException {
                    return listener.tryAcceptChannel();
                }
            }, accepted -> {
                try {
                    handoff.get(next[0]).sender().send(accepted);
                } catch (Throwable t) {
                    closeQuietly(List.of(accepted), t);
                    throw t;
                }
                next[0] = (next[0] + 1) % handoff.size();
            });
        }
    }

    /**
     * Closes the listeners (and, after serving, the connections still waiting for a loop):
     * no file descriptor outlives the server. The first failure is thrown.
     */
    private void closeAll(List<CrossLoopChannel<SocketChannel>> handoff) throws IOException {
        IOException first = null;
        for (ServerSocketChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : addTo(first, e);
            }
        }
        for (CrossLoopChannel<SocketChannel> h : handoff) {
            // every loop has finished: nobody sends or receives any more
            for (SocketChannel left = leftOver(h); left != null; left = leftOver(h)) {
                try {
                    left.close();
                } catch (IOException e) {
                    first = first == null ? e : addTo(first, e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Closes a server that will not serve (after {@link #bind}, instead of {@link #serve});
     * idempotent.
     *
     * @throws IOException if closing a listener fails (all are closed anyway)
     */
    public void close() throws IOException {
        synchronized (this) {
            used = true;
        }
        closeAll(List.of());
    }

    private static SocketChannel leftOver(CrossLoopChannel<SocketChannel> h) {
        try {
            return h.receiver().tryReceive().orElse(null);
        } catch (EndOfChannelException | ClosedResourceException e) {
            return null;
        }
    }

    private static IOException addTo(IOException first, IOException e) {
        first.addSuppressed(e);
        return first;
    }

    private static void closeQuietly(List<? extends java.nio.channels.Channel> channels, Throwable into) {
        for (var c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                into.addSuppressed(e);
            }
        }
    }

    @Override
    public String toString() {
        return "MultiLoopServer[" + localAddress + ", " + loops + " loops, " + spread + "]";
    }

    /** The connections handed to one loop, seen as a listener, so that Net's serving loop serves them. */
    private static final class HandoffListener implements Listener<SocketStream> {
        private final CrossLoopChannel.Receiver<SocketChannel> from;
        private final SocketAddress address;
        private volatile boolean open = true;

        HandoffListener(CrossLoopChannel.Receiver<SocketChannel> from, SocketAddress address) {
            this.from = from;
            this.address = address;
        }

        @Override
        public SocketStream accept() throws IOException {
            while (true) {
                if (!open) {
                    throw new ClosedResourceException("cannot accept: the hand-off listener of " + address + " is closed");
                }
                SocketChannel channel;
                try {
                    channel = from.receive();
                } catch (EndOfChannelException e) {
                    throw new ClosedResourceException("cannot accept: the accepting loop of " + address + " has stopped");
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("interrupted while waiting for a connection"); // only off-loop
                }
                try {
                    return SocketStream.wrap(channel); // now this loop's stream
                } catch (IOException dead) {
                    // Discussion: a client that reset before its connection reached this loop
                    // left a dead socket whose set-up can fail; that ends the connection, not
                    // the loop's serving (SocketListenerImpl skips such a one when it accepts).
                    closeQuietly(List.of(channel), dead);
                    System.getLogger("giambio.net").log(System.Logger.Level.DEBUG,
                            () -> "a connection handed to " + this + " died before it was set up: " + dead + "; skipped");
                } catch (Throwable t) {
                    closeQuietly(List.of(channel), t);
                    throw t;
                }
            }
        }

        @Override
        public SocketAddress localAddress() {
            return address;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false; // the channels left in the hand-off buffer are closed by the server
        }

        @Override
        public String toString() {
            return "hand-off listener " + address;
        }
    }
}
