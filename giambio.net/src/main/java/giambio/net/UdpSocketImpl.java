package giambio.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.Objects;

/** The one {@link UdpSocket}: a non-blocking {@link DatagramChannel}. */
final class UdpSocketImpl extends Resource<DatagramChannel> implements UdpSocket {

    /** The largest datagram IPv4/IPv6 UDP can carry, rounded up. */
    static final int MAX_DATAGRAM = 65536;

    private UdpSocketImpl(DatagramChannel channel) throws IOException {
        super(channel, "UDP socket " + channel.getLocalAddress());
    }

    static UdpSocketImpl bind(SocketAddress address) throws IOException {
        Objects.requireNonNull(address, "address");
        DatagramChannel channel = address instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().getAddress().length == 4
                ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
        return adopt(channel, c -> {
            c.bind(address);
            return new UdpSocketImpl(c);
        });
    }

    static UdpSocketImpl wrap(DatagramChannel channel) throws IOException {
        return new UdpSocketImpl(requireOpenToWrap(channel));
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
        if (!(target instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException("UdpSocket.sendTo: the target must be an InetSocketAddress, not "
                    + target.getClass().getName() + " (" + target + ")");
        }
        if (inet.isUnresolved()) {
            throw new IllegalArgumentException("UdpSocket.sendTo: the target " + inet.getHostString() + ":"
                    + inet.getPort() + " is unresolved; resolve it first (InetAddress.getByName)");
        }
        exclusive(SelectionKey.OP_WRITE, "sendTo", () -> {
            // send() is all or nothing for a datagram: 0 means no buffer space yet
            boolean empty = !data.hasRemaining();
            int n;
            try {
                n = channel.send(data, target);
            } catch (java.nio.channels.UnsupportedAddressTypeException | java.net.SocketException wrongFamily) {
                if (wrongFamily instanceof java.net.SocketException
                        && !(inet.getAddress() instanceof java.net.Inet6Address && isIpv4())) {
                    throw wrongFamily;
                }
                IllegalArgumentException e = new IllegalArgumentException("UdpSocket.sendTo: cannot send to " + inet
                        + " from " + name() + ": the address family does not match the socket's");
                e.initCause(wrongFamily);
                throw e;
            }
            return n > 0 || empty ? Boolean.TRUE : null;
        });
    }

    @Override
    public Datagram receiveFrom(int max) throws IOException {
        if (max < 1 || max > MAX_DATAGRAM) {
            throw new IllegalArgumentException("receiveFrom(max): max must be in 1.." + MAX_DATAGRAM + ", not " + max);
        }
        // no buffer before a datagram is there: the loop's scratch buffer, copied out at once
        return exclusive(SelectionKey.OP_READ, "receiveFrom", () -> {
            ByteBuffer buf = Scratch.borrow(kernel(), max);
            SocketAddress sender = channel.receive(buf);
            return sender == null ? null : new Datagram(Scratch.copyOut(buf), sender);
        });
    }

    /** True if the channel is IPv4-only (bound to an IPv4 address). */
    private boolean isIpv4() {
        return localAddress() instanceof InetSocketAddress l && l.getAddress() instanceof java.net.Inet4Address;
    }
}
