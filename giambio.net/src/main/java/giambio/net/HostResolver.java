package giambio.net;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into its addresses for {@link Net#openTcpStream(String, int, ConnectOptions)}
 * (trio's custom hostname resolver). Plug in a DNS library, a service registry, or a fixed
 * table in tests.
 *
 * <p>It is called on a worker thread ({@link giambio.api.Threads#runInThread}), never on the
 * loop, so it may block; a cancellation of the connecting task abandons the call. It is never
 * called for IP literals, which are parsed in place.
 */
@FunctionalInterface
public interface HostResolver {

    /** The system resolver: {@link InetAddress#getAllByName(String)}. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * Resolves {@code host}.
     *
     * @param host a host name (not an IP literal)
     * @return its addresses, in the order of preference (the family of the first one is tried
     *         first; happy eyeballs then alternates families); at least one
     * @throws java.net.UnknownHostException if the name has no address
     * @throws IOException                   if resolving fails otherwise
     */
    List<InetAddress> resolve(String host) throws IOException;
}
