package giambio.examples;

import giambio.api.Giambio;
import giambio.net.Net;
import giambio.net.SocketListener;
import giambio.net.SocketStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The seed's echo server: listens on a port and sends every client back what it sends, many
 * clients at once, one task per connection.
 *
 * {@snippet lang=sh :
 * java -m giambio.examples/giambio.examples.EchoServer 5000     # then: nc localhost 5000
 * }
 */
public final class EchoServer {

    /** Bytes read per receive. */
    private static final int CHUNK = 4096;

    private EchoServer() {
    }

    /**
     * Runs the server until the process is stopped.
     *
     * @param args the port (default 5000; 0 picks a free one), then optionally the address to
     *             bind (default the loopback address)
     * @throws IllegalArgumentException if the port is not a number in 0..65535
     * @throws Exception                if the server fails
     */
    public static void main(String[] args) throws Exception {
        args = Demo.nonBlank(args);
        int port = args.length > 0 ? parsePort(args[0]) : 5000;
        InetAddress host = args.length > 1 ? InetAddress.getByName(args[1]) : InetAddress.getLoopbackAddress();
        Giambio.run(() -> {
            SocketListener listener = SocketListener.bind(new InetSocketAddress(host, port));
            InetSocketAddress bound = (InetSocketAddress) listener.localAddress();
            System.out.println("Echo server listening on " + bound.getAddress().getHostAddress() + ":" + bound.getPort());
            System.out.flush();
            serve(listener, System.out);
        });
    }

    /**
     * Serves every connection of {@code listener} with {@link #echo}, forever (until
     * cancelled). Call it from a task; it closes the listener when it returns.
     *
     * @param listener a bound listener
     * @param log      where to report connects and disconnects
     * @throws Exception if accepting or a handler fails
     */
    public static void serve(SocketListener listener, PrintStream log) throws Exception {
        Net.serveTcp(listener, stream -> echo(stream, log));
    }

    /**
     * Sends back everything {@code stream} receives, until the client finishes sending.
     *
     * @param stream the connection
     * @param log    where to report connects and disconnects
     * @throws IOException if the connection fails
     */
    public static void echo(SocketStream stream, PrintStream log) throws IOException {
        log.println("[INFO] " + stream.remoteAddress() + " connected");
        long total = 0;
        for (byte[] data = stream.receive(CHUNK); data.length > 0; data = stream.receive(CHUNK)) {
            stream.sendAll(data);
            total += data.length;
        }
        log.println("[INFO] " + stream.remoteAddress() + " closed after echoing " + total + " bytes");
    }

    static int parsePort(String arg) {
        try {
            int port = Integer.parseInt(arg);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException("the port must be a number in 0..65535, not '" + arg + "'");
    }
}
