package giambio.examples;

import giambio.api.Giambio;
import giambio.api.KeyboardInterrupt;
import giambio.net.ByteStream;
import giambio.net.MultiLoopServer;
import giambio.net.SocketListener;
import giambio.net.SocketStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The seed's echo server, as the seed writes it: a welcome line, a {@code -> } prompt, every
 * message echoed back after {@code Got: }, everything logged in the seed's format, and a
 * client that sends {@code exit} stops the whole server with an exception (exceptions are
 * never lost: it comes out of {@code Giambio.run}). Ctrl+C stops it too.
 *
 * {@snippet lang=sh :
 * java -m giambio.examples/giambio.examples.SeedEchoServer        # port 1500
 * nc localhost 1500
 * java -m giambio.examples/giambio.examples.SeedEchoServer 1500 4  # 4 loops (4 cores)
 * }
 *
 * <p>One loop by default, as the seed. A second argument runs the server on that many loops
 * ({@link MultiLoopServer}): each client is served by one of them, and {@code exit} from any
 * client still stops every loop and comes out of {@code main}'s call as that same exception.
 *
 * <pre>
 * Welcome to the server pal, feel free to send me something!
 * -&gt; async server test
 * Got: async server test
 * -&gt; exit
 * Shutting down the server
 * </pre>
 */
public final class SeedEchoServer {

    /** The seed's port. */
    public static final int DEFAULT_PORT = 1500;

    private static final byte[] WELCOME = ascii("Welcome to the server pal, feel free to send me something!\n");
    private static final byte[] PROMPT = ascii("-> ");
    private static final byte[] EXIT = ascii("exit\n");
    private static final byte[] SHUTTING_DOWN = ascii("Shutting down the server\n");
    private static final byte[] GOT = ascii("Got: ");

    /**
     * The seed logs through the root logger; this is its Java counterpart, in the seed's format
     * from the start (so {@code StartServer}, which calls {@link #handler} without
     * {@link #main}, logs the same way), and set up again in main.
     */
    private static Logger log = SeedLog.logger("giambio.examples.seed", System.err);

    private SeedEchoServer() {
    }

    /**
     * Serves one client, as the seed's {@code handler}: greets it, then prompts, receives and
     * echoes until it leaves; {@code exit} raises an exception that stops the whole server.
     * Works over any {@link ByteStream} (TCP, TLS, a Unix-domain socket). Call it from a task;
     * it closes {@code sock}.
     *
     * @param sock    the client's stream
     * @param address the client's address for the log, e.g. {@code 127.0.0.1:52239}
     * @throws Exception an {@link Exception} when the client sends {@code exit}; an
     *                   {@link IOException} if the connection fails
     */
    public static void handler(ByteStream sock, String address) throws Exception {
        try (sock) {   // closes the socket automatically
            sock.sendAll(WELCOME);
            while (true) {
                sock.sendAll(PROMPT);
                byte[] data = sock.receive(1024);
                if (data.length == 0) {
                    break;
                }
                if (Arrays.equals(data, EXIT)) {
                    sock.sendAll(SHUTTING_DOWN);
                    throw new Exception();   // this kills the entire application!
                }
                log.info("Got: " + SeedLog.repr(data) + " from " + address);
                byte[] reply = Arrays.copyOf(GOT, GOT.length + data.length);
                System.arraycopy(data, 0, reply, GOT.length, data.length);
                sock.sendAll(reply);
                log.info("Echoed back " + SeedLog.repr(data) + " to " + address);
            }
        }
        log.info("Connection from " + address + " closed");
    }

    /**
     * Accepts clients forever and serves each in a task of its own, as the seed's
     * {@code serve}. Call it from a task.
     *
     * @param bindAddress where to listen; port 0 picks a free one (the log line says which)
     * @throws Exception the first exception a handler threw (a client's {@code exit})
     */
    public static void serve(InetSocketAddress bindAddress) throws Exception {
        try (SocketListener sock = SocketListener.bind(bindAddress)) {
            InetSocketAddress bound = (InetSocketAddress) sock.localAddress();
            log.info("Serving asynchronously at " + bindAddress.getHostString() + ":" + bound.getPort());
            Giambio.createPool(pool -> {
                while (true) {
                    SocketStream conn = sock.accept();
                    InetSocketAddress peer = (InetSocketAddress) conn.remoteAddress();
                    String address = peer.getAddress().getHostAddress() + ":" + peer.getPort();
                    log.info(address + " connected");
                    pool.spawn(address, () -> handler(conn, address));
                }
            });
        }
    }

    /**
     * Accepts clients forever on {@code loops} loops (D7), each client served by
     * {@link #handler} in a task of one loop; the first handler exception (a client's
     * {@code exit}) stops every loop and is thrown from here. Call it from a plain thread or
     * a task.
     *
     * @param bindAddress where to listen; port 0 picks a free one (the log line says which)
     * @param loops       how many loops (1 is {@link #serve(InetSocketAddress)} on a group of one)
     * @throws Exception the first exception a handler threw (a client's {@code exit})
     */
    public static void serve(InetSocketAddress bindAddress, int loops) throws Exception {
        MultiLoopServer server = MultiLoopServer.bind(bindAddress, loops);
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        log.info("Serving asynchronously at " + bindAddress.getHostString() + ":" + bound.getPort() + " on " + loops
                + " loops");
        server.serve(conn -> {
            InetSocketAddress peer = (InetSocketAddress) conn.remoteAddress();
            String address = peer.getAddress().getHostAddress() + ":" + peer.getPort();
            log.info(address + " connected (loop " + Giambio.loopIndex() + ")");
            handler(conn, address);
        });
    }

    /**
     * Runs the server on localhost until a client sends {@code exit} or Ctrl+C is pressed, and
     * logs why it stopped.
     *
     * @param args optionally the port (default 1500; 0 picks a free one), then optionally the
     *             number of loops (default 1, the seed's one loop)
     * @throws IllegalArgumentException if the port is not a number in 0..65535, or the number
     *                                  of loops is not a positive number
     */
    public static void main(String[] args) {
        args = Demo.nonBlank(args);
        int port = args.length > 0 ? EchoServer.parsePort(args[0]) : DEFAULT_PORT;
        int loops = args.length > 1 ? parseLoops(args[1]) : 1;
        log = SeedLog.logger("giambio.examples.seed", System.err);
        try {
            if (loops == 1) {
                Giambio.run(() -> serve(new InetSocketAddress("localhost", port)));
            } else {
                serve(new InetSocketAddress("localhost", port), loops);
            }
        } catch (KeyboardInterrupt e) {   // exceptions propagate!
            log.info("Ctrl+C detected, exiting");
        } catch (Exception e) {
            log.severe("Exiting due to a " + e.getClass().getSimpleName() + ": "
                    + (e.getMessage() == null ? "" : e.getMessage()));
        }
    }

    private static int parseLoops(String arg) {
        try {
            int loops = Integer.parseInt(arg.strip());
            if (loops > 0) {
                return loops;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("SeedEchoServer: the number of loops must be a positive number, not '" + arg
                + "'");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
