package giambio.net;

import giambio.api.BusyResourceException;
import giambio.api.ClosedResourceException;
import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.util.Objects;

/**
 * The base of every giambio socket: its channel, its local address, whether it is closed,
 * which loop uses it, and the non-blocking I/O discipline (after trio's
 * {@code _nonblocking_helper}). A socket type adds only its own operations.
 *
 * <p>Implementation overview: an operation first checks the socket is open and used from its
 * loop, then raises a pending cancellation ({@link Lowlevel#checkpointIfCancelled()}), then
 * tries the non-blocking call. If it completed at once, the operation ends with
 * {@link Lowlevel#cancelShieldedCheckpoint()} (it yields but cannot lose the result to a
 * cancellation); if it would block, it waits with {@link Lowlevel#waitReady} (a full,
 * cancellable checkpoint) and tries again. So every operation is a checkpoint, and a
 * cancelled operation never consumed data.
 *
 * <p>Loop-confined: no field is read or written by a thread that does not run a task of
 * {@link #kernel}'s loop (closing from outside any loop is the one documented exception).
 */
abstract sealed class Resource<C extends SelectableChannel & NetworkChannel> implements FailureOrigin
        permits SocketListenerImpl, SocketStreamImpl, UdpSocketImpl {

    /** How many of the channel's own failures {@link #raisedByTheConnection} remembers. */
    private static final int REMEMBERED_FAILURES = 4;

    /** The life of a socket: open until {@link #close()}, then closed forever. */
    enum State { OPEN, CLOSED }

    /** One try of a non-blocking operation; returns {@code null} if it would block. */
    @FunctionalInterface
    interface Attempt<T> {
        T attempt() throws IOException;
    }

    /** Makes a socket of a channel; see {@link #adopt}. */
    @FunctionalInterface
    interface Setup<C, R> {
        R setUp(C channel) throws IOException;
    }

    /** The channel; non-blocking from construction on. */
    final C channel;
    /**
     * The local address; null only while the channel is not bound (a wrapped, unbound UDP
     * channel until its first send binds it), then fixed.
     */
    private SocketAddress local;
    /** What to call the socket in messages, e.g. "TCP stream /127.0.0.1:5000". */
    private final String name;
    /** OPEN until close(); never goes back. */
    private State state = State.OPEN;
    /** The kernel of the loop that first used the socket; null until then, then fixed. */
    private Kernel kernel;
    /** Bit set of the operations (SelectionKey.OP_*) a task is performing right now. */
    private int busy;
    /**
     * The last few {@link IOException}s the channel itself raised (reset, broken pipe, ...),
     * oldest first, at most {@link #REMEMBERED_FAILURES}; null until the first. Compared by
     * identity only (see {@link FailureOrigin}).
     */
    private IOException[] failures;

    /**
     * Takes over {@code channel} and switches it to non-blocking mode.
     *
     * @param channel the channel
     * @param name    what to call the socket in messages
     * @throws IOException if the channel cannot be configured
     */
    Resource(C channel, String name) throws IOException {
        this.channel = channel;
        this.name = name;
        this.local = channel.getLocalAddress();
        channel.configureBlocking(false);
        this.kernel = currentKernelOrNull();
    }

    /**
     * Makes a socket of a channel this module opened, closing the channel if that fails
     * (or if {@code setup} is cancelled).
     *
     * @param channel the channel, owned by the caller until {@code setup} returns
     * @param setup   binds or connects the channel and makes the socket
     * @return the socket
     * @throws IOException if {@code setup} fails
     */
    static <C extends SelectableChannel, R> R adopt(C channel, Setup<C, R> setup) throws IOException {
        try {
            return setup.setUp(channel);
        } catch (Throwable t) {
            abandon(channel, t);
            throw t;
        }
    }

    /**
     * Checks that a channel handed to a {@code wrap} method is open.
     *
     * @param channel the channel
     * @return {@code channel}
     * @throws ClosedResourceException if it is closed
     */
    static <C extends SelectableChannel> C requireOpenToWrap(C channel) {
        Objects.requireNonNull(channel, "channel");
        if (!channel.isOpen()) {
            throw new ClosedResourceException("cannot wrap " + channel + ": it is closed");
        }
        return channel;
    }

    final String name() {
        return name;
    }

    /**
     * Returns the kernel of the loop this socket belongs to; valid after {@link #begin} or
     * {@link #checkUsable}.
     */
    final Kernel kernel() {
        return kernel;
    }

    /**
     * Returns the local address: the bound one, with the real port if 0 was asked for.
     *
     * @return the local address, or null while the channel is not bound yet (a wrapped,
     *         unbound UDP channel before its first send)
     */
    public final SocketAddress localAddress() {
        if (local == null && channel.isOpen()) {
            try {
                local = channel.getLocalAddress();
            } catch (IOException closedMeanwhile) {
                // still unknown: the channel was closed between the check and the query
            }
        }
        return local;
    }

    /**
     * Tells whether the socket is open.
     *
     * @return {@code false} once closed
     */
    public final boolean isOpen() {
        return state == State.OPEN && channel.isOpen();
    }

    /**
     * Checks the socket is open and is used from its loop (binding it to the calling loop on
     * first use).
     *
     * @param what the operation, for messages
     */
    final void checkUsable(String what) {
        Kernel here = currentKernelOrNull();
        if (here == null && kernel != null && loopRuns(kernel)) {
            throw new WrongThreadException(what + " on " + name + " from thread '" + Thread.currentThread().getName()
                    + "', which runs no task of a giambio loop; the socket belongs to a running loop: "
                    + "reach it through a Portal");
        }
        here = requireLoop(what + " on " + name);
        if (kernel == null) {
            kernel = here;
        } else if (kernel != here) {
            throw new WrongThreadException(what + " on " + name + " from a task of another giambio loop; "
                    + "a socket belongs to the loop that first used it");
        }
        checkOpen(what);
    }

    final void checkOpen(String what) {
        if (state == State.CLOSED || !channel.isOpen()) {
            throw new ClosedResourceException("cannot " + what + ": " + name + " is closed");
        }
    }

    /**
     * Marks {@code op} as in progress, failing if another task is already performing it
     * (trio's conflict detector). Pair with {@link #end(int)} in a {@code finally}.
     *
     * @param op   the SelectionKey operation bit
     * @param what the operation, for messages
     */
    final void begin(int op, String what) {
        checkUsable(what);
        if ((busy & op) != 0) {
            throw new BusyResourceException("cannot " + what + ": another task is already doing that on "
                    + name + "; one task at a time may receive (or send) on a socket");
        }
        busy |= op;
    }

    final void end(int op) {
        busy &= ~op;
    }

    /**
     * Runs {@code attempt} as one exclusive operation: {@link #begin}, {@link #perform},
     * {@link #end}.
     *
     * @param op      the SelectionKey operation bit
     * @param what    the operation, for messages
     * @param attempt one non-blocking try
     * @return the attempt's non-null result
     * @throws IOException if the channel fails
     */
    final <T> T exclusive(int op, String what, Attempt<T> attempt) throws IOException {
        begin(op, what);
        try {
            return perform(op, what, attempt);
        } finally {
            end(op);
        }
    }

    /**
     * Runs a non-blocking operation with the checkpoint discipline of the class comment.
     * The caller has called {@link #begin}.
     *
     * @param op      the readiness to wait for when the attempt would block
     * @param what    the operation, for messages
     * @param attempt one non-blocking try
     * @return the attempt's non-null result
     * @throws IOException if the channel fails
     */
    final <T> T perform(int op, String what, Attempt<T> attempt) throws IOException {
        Lowlevel.checkpointIfCancelled();
        T result = tryOnce(what, attempt);
        if (result != null) {
            Lowlevel.cancelShieldedCheckpoint();
            return result;
        }
        while (true) {
            waitReady(op, what);
            result = tryOnce(what, attempt);
            if (result != null) {
                return result;
            }
        }
    }

    /**
     * Waits until the channel is ready for {@code op}; a cancellable checkpoint.
     *
     * @param op   the SelectionKey operation bit
     * @param what the operation, for messages
     * @throws IOException if the channel cannot be watched
     */
    final void waitReady(int op, String what) throws IOException {
        try {
            Lowlevel.waitReady(channel, op);
        } catch (ClosedChannelException | ClosedResourceException e) {
            // Discussion: the kernel's wake-up names the JDK channel ("SocketChannel[closed]
            // was handed to notifyClosing"); the user knows the socket by giambio's name.
            throw closed(what, e);
        }
        checkOpen(what);
    }

    final <T> T tryOnce(String what, Attempt<T> attempt) throws IOException {
        try {
            return attempt.attempt();
        } catch (ClosedChannelException e) {
            throw closed(what, e);
        } catch (IOException e) {
            remember(e);
            throw e;
        }
    }

    private void remember(IOException e) {
        if (failures == null) {
            failures = new IOException[REMEMBERED_FAILURES];
        }
        System.arraycopy(failures, 1, failures, 0, REMEMBERED_FAILURES - 1);
        failures[REMEMBERED_FAILURES - 1] = e;
    }

    @Override
    public final boolean raisedByTheConnection(Throwable t) {
        if (failures == null) {
            return false;
        }
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            for (IOException f : failures) {
                if (f == c) {
                    return true;
                }
            }
        }
        return false;
    }

    private ClosedResourceException closed(String what, Exception cause) {
        ClosedResourceException e = new ClosedResourceException("cannot " + what + ": " + name + " is closed");
        e.initCause(cause);
        return e;
    }

    /**
     * Closes the socket: wakes the tasks waiting on it with {@link ClosedResourceException},
     * then closes the channel. Idempotent; not a checkpoint.
     *
     * @throws IOException if closing the channel fails (the socket counts as closed anyway)
     */
    public final void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        Kernel here = currentKernelOrNull();
        if (here != null && kernel != null && here != kernel) {
            throw new WrongThreadException("close of " + name + " from a task of another giambio loop; "
                    + "close a socket from the loop that uses it");
        }
        state = State.CLOSED;
        try {
            if (here != null) {
                Lowlevel.notifyClosing(channel);
            } else if (kernel != null) {
                // Discussion: closed from a thread outside the loop while the loop may still
                // run: tasks waiting on the socket must be woken on the loop (the kernel's
                // submit is its one thread-safe call); if the loop has finished, none waits.
                Kernel owner = kernel;
                try {
                    owner.submit(() -> Lowlevel.notifyClosing(channel));
                } catch (java.util.concurrent.RejectedExecutionException loopFinished) {
                    // no task of a finished loop can be waiting
                }
            }
        } finally {
            try {
                channel.close();
            } finally {
                afterClose();
            }
        }
    }

    /**
     * Runs once, right after {@link #close()} closed the channel (a Unix listener removes its
     * socket file here). Does nothing by default.
     *
     * @throws IOException if the clean-up fails
     */
    void afterClose() throws IOException {
    }

    /**
     * Closes {@code channel} after a failed or cancelled operation, recording a failure to
     * close on {@code primary}. Never throws.
     *
     * @param channel the channel to release
     * @param primary the exception that made the operation fail
     */
    static void abandon(SelectableChannel channel, Throwable primary) {
        try {
            if (currentKernelOrNull() != null) {
                Lowlevel.notifyClosing(channel);
            }
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * Tells whether {@code kernel}'s loop still runs (a misuse path only: it hands the loop an
     * empty action, its one thread-safe call, which a finished loop refuses).
     */
    private static boolean loopRuns(Kernel kernel) {
        try {
            kernel.submit(() -> { });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException finished) {
            return false;
        }
    }

    /**
     * Returns the calling task's kernel.
     *
     * @param what the operation, for the message
     * @throws IllegalStateException outside a loop, naming {@code what}
     */
    static Kernel requireLoop(String what) {
        Kernel here = currentKernelOrNull();
        if (here == null) {
            throw new IllegalStateException(what + " must be called from a task of a running giambio loop, but thread '"
                    + Thread.currentThread().getName() + "' runs none: start one with Giambio.run");
        }
        return here;
    }

    /**
     * Returns the calling task's kernel, or {@code null} outside any loop.
     *
     * <p>Discussion: giambio.api has no "am I in a loop" query; {@link Lowlevel#kernel()}
     * throws {@link IllegalStateException} outside one, and that answer is what we need for
     * closing a socket from outside a loop (after {@code Giambio.run} returned, say), which
     * must still release the channel.
     */
    static Kernel currentKernelOrNull() {
        try {
            return Lowlevel.kernel();
        } catch (IllegalStateException notInALoop) {
            return null;
        }
    }

    @Override
    public final String toString() {
        return name + (isOpen() ? "" : " (closed)");
    }
}
