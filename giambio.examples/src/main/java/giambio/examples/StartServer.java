package giambio.examples;

import giambio.api.Giambio;
import giambio.net.HandlerFailure;
import giambio.net.Net;
import giambio.net.SocketListener;
import giambio.net.SocketStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code pool.start} (trio's {@code nursery.start}): the seed's echo server is started on a
 * free port, {@code start} returns once it is accepting, with its listeners, and a client in the
 * same program talks to it. The client's {@code exit} stops the server, and the server's
 * exception comes out of the pool, as in the seed.
 */
public final class StartServer {

    private StartServer() {
    }

    /**
     * Starts the server, talks to it, and reports how it ended. Call it from a task.
     *
     * @param out where to print
     * @throws Exception if the loop fails in an unexpected way
     */
    public static void main(PrintStream out) throws Exception {
        try {
            Giambio.createPool(pool -> {
                List<SocketListener> listeners = pool.start("server", status -> Net.serveTcp(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        stream -> SeedEchoServer.handler(stream, "the client"),
                        HandlerFailure.CRASH_SERVER, status));
                SocketAddress address = listeners.get(0).localAddress();   // port 0 picked a free one
                out.println("[main] the server is accepting");
                try (SocketStream client = Net.openTcpStream(address)) {
                    out.print(readUntilPrompt(client));
                    client.sendAll("hello\n".getBytes(StandardCharsets.US_ASCII));
                    out.print(readUntilPrompt(client));
                    client.sendAll("exit\n".getBytes(StandardCharsets.US_ASCII));
                    out.print(readToEnd(client));
                }
            });
        } catch (Exception e) {   // the handler's exception stopped the server and came out here
            out.println("[main] the server stopped with " + e);
        }
    }

    /** Reads until the server's {@code -> } prompt (or the end of the stream). */
    private static String readUntilPrompt(SocketStream stream) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.US_ASCII).endsWith("-> ")) {
            byte[] data = stream.receive(1024);
            if (data.length == 0) {
                break;
            }
            got.writeBytes(data);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    /** Reads until the server closes the connection. */
    private static String readToEnd(SocketStream stream) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (byte[] data = stream.receive(1024); data.length > 0; data = stream.receive(1024)) {
            got.writeBytes(data);
        }
        return got.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        Giambio.run(() -> main(System.out));
    }
}
