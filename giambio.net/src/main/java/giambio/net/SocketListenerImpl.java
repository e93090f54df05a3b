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

    static SocketListenerImpl bind(SocketAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
        if (address instanceof UnixDomainSocketAddress unix) {
            UnixSockets.Bound bound = UnixSockets.bind(unix, backlog);
            return adopt(bound.channel(), channel -> new SocketListenerImpl(channel, bound.file()));
        }
        return adopt(ServerSocketChannel.open(), channel -> {
            channel.bind(address, Math.max(0, backlog));
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
        return SocketStreamImpl.adopt(exclusive(SelectionKey.OP_ACCEPT, "accept", channel::accept));
    }
}
