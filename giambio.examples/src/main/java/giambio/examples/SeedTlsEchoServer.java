package giambio.examples;

import giambio.api.Giambio;
import giambio.api.KeyboardInterrupt;
import giambio.net.SocketListener;
import giambio.net.SocketStream;
import giambio.net.TlsConfig;
import giambio.net.TlsListener;
import giambio.net.TlsStream;
import java.io.File;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * The seed's echo server over TLS: the very same {@link SeedEchoServer#handler} (welcome,
 * prompt, {@code Got: } echo, {@code exit} stops the whole server), served on a
 * {@link TlsListener} instead of a plain socket. Only the listener changed: the handler sees a
 * {@link giambio.net.ByteStream} either way. The handshake runs in the client's own task, so a
 * slow client holds up nobody else, and a client whose handshake fails is logged and dropped.
 *
 * {@snippet lang=sh :
 * keytool -genkeypair -alias server -keyalg EC -dname CN=localhost -ext SAN=dns:localhost \
 *     -keystore server.p12 -storepass changeit
 * java -m giambio.examples/giambio.examples.SeedTlsEchoServer 1501 server.p12 changeit
 * openssl s_client -quiet -connect localhost:1501 -servername localhost
 * }
 */
public final class SeedTlsEchoServer {

    /** The seed's port plus one, so both servers can run side by side. */
    public static final int DEFAULT_PORT = 1501;

    private static Logger log = Logger.getLogger("giambio.examples.seed");

    private SeedTlsEchoServer() {
    }

    /**
     * Accepts TLS clients forever and serves each with {@link SeedEchoServer#handler} in a
     * task of its own, as the seed's {@code serve}. Call it from a task.
     *
     * @param bindAddress where to listen; port 0 picks a free one (the log line says which)
     * @param config      a server configuration ({@link TlsConfig#server(KeyStore, char[])})
     * @throws Exception the first exception a handler threw (a client's {@code exit}, or a
     *                   client's failed handshake)
     */
    public static void serve(InetSocketAddress bindAddress, TlsConfig config) throws Exception {
        try (TlsListener sock = TlsListener.wrap(SocketListener.bind(bindAddress), config)) {
            InetSocketAddress bound = (InetSocketAddress) sock.localAddress();
            log.info("Serving TLS asynchronously at " + bindAddress.getHostString() + ":" + bound.getPort());
            Giambio.createPool(pool -> {
                while (true) {
                    TlsStream conn = sock.accept();
                    InetSocketAddress peer = (InetSocketAddress) ((SocketStream) conn.transport()).remoteAddress();
                    String address = peer.getAddress().getHostAddress() + ":" + peer.getPort();
                    log.info(address + " connected");
                    pool.spawn(address, () -> handler(conn, address));
                }
            });
        }
    }

    /**
     * Runs the handshake, then {@link SeedEchoServer#handler}. A client whose handshake fails
     * (it does not trust the certificate, or does not speak TLS) is logged and dropped: one
     * bad client must not stop the server, unlike {@code exit}, which stops it on purpose.
     */
    private static void handler(TlsStream conn, String address) throws Exception {
        try {
            conn.handshake();
        } catch (SSLException e) {
            log.warning("TLS handshake with " + address + " failed: " + e.getMessage());
            conn.close();
            return;
        }
        SeedEchoServer.handler(conn, address);
    }

    /**
     * Runs the server on localhost until a client sends {@code exit} or Ctrl+C is pressed, and
     * logs why it stopped.
     *
     * @param args the port (0 picks a free one), a PKCS#12 key store with the server's key and
     *             certificate, and its password
     * @throws IllegalArgumentException if an argument is missing or the port is not a number
     *                                  in 0..65535
     * @throws Exception                if the key store cannot be read
     */
    public static void main(String[] args) throws Exception {
        args = Demo.nonBlank(args);
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SeedTlsEchoServer PORT KEYSTORE.p12 PASSWORD (got "
                    + args.length + " arguments)");
        }
        int port = EchoServer.parsePort(args[0]);
        char[] password = args[2].toCharArray();
        TlsConfig config = TlsConfig.server(KeyStore.getInstance(new File(args[1]), password), password);
        log = SeedLog.logger("giambio.examples.seed", System.err);
        try {
            Giambio.run(() -> serve(new InetSocketAddress("localhost", port), config));
        } catch (KeyboardInterrupt e) {
            log.info("Ctrl+C detected, exiting");
        } catch (Exception e) {
            log.severe("Exiting due to a " + e.getClass().getSimpleName() + ": "
                    + (e.getMessage() == null ? "" : e.getMessage()));
        }
    }
}
