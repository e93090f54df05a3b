package giambio.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;

/** The one {@link SocketListener}: a non-blocking, bound {@link ServerSocketChannel}. */
final class SocketListenerImpl extends Resource<ServerSocketChannel> implements SocketListener {

    private SocketListenerImpl(ServerSocketChannel channel) throws IOException {
        super(channel, "TCP listener " + channel.getLocalAddress());
    }

    static SocketListenerImpl bind(SocketAddress address, int backlog) throws IOException {
        Objects.requireNonNull(address, "address");
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

    @Override
    public SocketStream accept() throws IOException {
        return SocketStreamImpl.adopt(exclusive(SelectionKey.OP_ACCEPT, "accept", channel::accept));
    }
}
