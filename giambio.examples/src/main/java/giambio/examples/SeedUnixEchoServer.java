package giambio.examples;

import giambio.api.Giambio;
import giambio.api.KeyboardInterrupt;
import giambio.net.Net;
import giambio.net.SocketListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The seed's echo server over a Unix-domain socket: the same {@link SeedEchoServer#handler}
 * (welcome line, {@code -> } prompt, {@code Got: } echo, {@code exit} stops the server), served
 * with {@code Net.serveUnix} on a socket file that is removed when the server stops.
 *
 * {@snippet lang=sh :
 * java -m giambio.examples/giambio.examples.SeedUnixEchoServer /tmp/seed.sock
 * nc -U /tmp/seed.sock
 * }
 */
public final class SeedUnixEchoServer {

    private SeedUnixEchoServer() {
    }

    /**
     * Serves on {@code path} until a client sends {@code exit} or Ctrl+C, and logs why it
     * stopped, in the seed's format.
     *
     * @param args the socket file's path
     * @throws IllegalArgumentException if no path is given
     */
    public static void main(String[] args) {
        args = Demo.nonBlank(args);
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: SeedUnixEchoServer <socket file>");
        }
        Path path = Path.of(args[0]);
        Logger log = SeedLog.logger("giambio.examples.seed", System.err);   // the handler's logger too
        AtomicInteger clients = new AtomicInteger();
        try {
            Giambio.run(() -> Giambio.createPool(pool -> {
                List<SocketListener> listeners = pool.start(status -> Net.serveUnix(path, stream -> {
                    String address = "unix client " + clients.incrementAndGet();   // Unix peers have no address
                    log.info(address + " connected");
                    SeedEchoServer.handler(stream, address);
                }, status));
                log.info("Serving asynchronously at " + listeners.get(0).localAddress());
            }));
        } catch (KeyboardInterrupt e) {
            log.info("Ctrl+C detected, exiting");
        } catch (Exception e) {
            log.severe("Exiting due to a " + e.getClass().getSimpleName() + ": "
                    + (e.getMessage() == null ? "" : e.getMessage()));
        }
    }
}
