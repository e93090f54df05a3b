package giambio.net;

import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * Something that accepts incoming connections as {@link ByteStream}s (trio's
 * {@code Listener}): a {@link SocketListener} for TCP and Unix-domain sockets, or a listener
 * layered over one. {@link Net#serveListeners} serves any list of them.
 *
 * @param <S> the kind of stream each accepted connection is
 */
public interface Listener<S extends ByteStream> extends AutoCloseable {

    /**
     * Waits for a connection and returns it.
     *
     * @return the new connection, which the caller must close
     * @throws BusyResourceException   if another task is accepting on this listener
     * @throws ClosedResourceException if the listener is closed, before or during the wait
     * @throws Cancelled               if the task is cancelled (no connection is lost then)
     * @throws IOException             if accepting fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    S accept() throws IOException;

    /**
     * Returns the address the listener is bound to.
     *
     * @return the local address
     */
    SocketAddress localAddress();

    /**
     * Tells whether the listener is open.
     *
     * @return {@code false} once closed
     */
    boolean isOpen();

    /**
     * Closes the listener; a task waiting in {@link #accept()} wakes with
     * {@link ClosedResourceException}. Idempotent; not a checkpoint.
     *
     * @throws WrongThreadException if called from a task of another loop
     * @throws IOException          if closing fails (the listener is closed anyway)
     */
    @Override
    void close() throws IOException;
}
