package giambio.net;

import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/** The one {@link SocketListener}: a non-blocking {@link ServerSocketChannel}. */
final class SocketListenerImpl implements SocketListener {

    /** Bound and non-blocking. */
    private final ServerSocketChannel channel;
    /** Open/closed state, loop binding and the busy bit for accept. */
    private final Resource resource;
    /** Fixed at construction: the bound address with its real port. */
    private final SocketAddress local;

    private SocketListenerImpl(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        this.local = channel.getLocalAddress();
        this.resource = new Resource(channel, "TCP listener " + local);
    }

    static SocketListenerImpl bind(SocketAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(address, Math.max(0, backlog));
            return new SocketListenerImpl(channel);
        } catch (Throwable t) {
            Resource.abandon(channel, t);
            throw t;
        }
    }

    static SocketListenerImpl wrap(ServerSocketChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        if (!channel.isOpen()) {
            throw new ClosedResourceException("cannot wrap " + channel + ": it is closed");
        }
        if (channel.getLocalAddress() == null) {
            throw new IllegalArgumentException("cannot wrap " + channel + ": it is not bound");
        }
        return new SocketListenerImpl(channel);
    }

    @Override
    public SocketStream accept() throws IOException {
        String what = "accept";
        resource.begin(SelectionKey.OP_ACCEPT, what);
        SocketChannel accepted;
        try {
            accepted = resource.perform(SelectionKey.OP_ACCEPT, what, channel::accept);
        } finally {
            resource.end(SelectionKey.OP_ACCEPT);
        }
        return SocketStreamImpl.adopt(accepted);
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean isOpen() {
        return resource.isOpen();
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }

    @Override
    public String toString() {
        return resource.toString();
    }
}
