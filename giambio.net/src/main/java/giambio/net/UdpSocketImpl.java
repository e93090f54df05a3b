package giambio.net;

import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Arrays;
import java.util.Objects;

/** The one {@link UdpSocket}: a non-blocking {@link DatagramChannel}. */
final class UdpSocketImpl implements UdpSocket {

    /** The largest datagram IPv4/IPv6 UDP can carry, rounded up. */
    static final int MAX_DATAGRAM = 65536;

    /** Non-blocking. */
    private final DatagramChannel channel;
    /** Open/closed state, loop binding and busy bits. */
    private final Resource resource;
    /** Fixed at construction (null if the wrapped channel is unbound). */
    private final SocketAddress local;

    private UdpSocketImpl(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.local = channel.getLocalAddress();
        this.resource = new Resource(channel, "UDP socket " + local);
    }

    static UdpSocketImpl bind(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        DatagramChannel channel = address instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().getAddress().length == 4
                ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
        try {
            channel.bind(address);
            return new UdpSocketImpl(channel);
        } catch (Throwable t) {
            Resource.abandon(channel, t);
            throw t;
        }
    }

    static UdpSocketImpl wrap(DatagramChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        if (!channel.isOpen()) {
            throw new ClosedResourceException("cannot wrap " + channel + ": it is closed");
        }
        return new UdpSocketImpl(channel);
    }

    @Override
    public void sendTo(byte[] data, SocketAddress target) throws IOException {
        Objects.requireNonNull(data, "data");
        sendTo(ByteBuffer.wrap(data), target);
    }

    @Override
    public void sendTo(ByteBuffer data, SocketAddress target) throws IOException {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(target, "target");
        String what = "sendTo";
        resource.begin(SelectionKey.OP_WRITE, what);
        try {
            resource.perform(SelectionKey.OP_WRITE, what, () -> {
                // send() is all or nothing for a datagram: 0 means no buffer space yet
                boolean empty = !data.hasRemaining();
                int n = channel.send(data, target);
                return n > 0 || empty ? Boolean.TRUE : null;
            });
        } finally {
            resource.end(SelectionKey.OP_WRITE);
        }
    }

    @Override
    public Datagram receiveFrom(int max) throws IOException {
        if (max < 1 || max > MAX_DATAGRAM) {
            throw new IllegalArgumentException("receiveFrom(max): max must be in 1.." + MAX_DATAGRAM + ", not " + max);
        }
        String what = "receiveFrom";
        ByteBuffer buf = ByteBuffer.allocate(max);
        resource.begin(SelectionKey.OP_READ, what);
        try {
            SocketAddress sender = resource.perform(SelectionKey.OP_READ, what, () -> channel.receive(buf));
            return new Datagram(Arrays.copyOf(buf.array(), buf.position()), sender);
        } finally {
            resource.end(SelectionKey.OP_READ);
        }
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
