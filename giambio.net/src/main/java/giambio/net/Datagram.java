package giambio.net;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * A datagram received by {@link UdpSocket#receiveFrom(int)}: its bytes and who sent it.
 *
 * <p>Like every record holding an array, {@code equals} compares the array by identity.
 *
 * @param data   the datagram's bytes (the caller may keep and change them)
 * @param sender the address it came from
 */
public record Datagram(byte[] data, SocketAddress sender) {

    /**
     * Checks the components.
     *
     * @param data   the datagram's bytes
     * @param sender the address it came from
     */
    public Datagram {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(sender, "sender");
    }
}
