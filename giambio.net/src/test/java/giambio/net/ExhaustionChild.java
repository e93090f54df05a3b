package giambio.net;

import giambio.api.Giambio;
import giambio.api.Threads;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server of {@link ExhaustionTest}, run in a child JVM with a low descriptor limit: an echo
 * server under {@code Net.serveTcp}'s defaults (argument {@code single}, the default) or a
 * two-loop {@link MultiLoopServer} (argument {@code REUSE_PORT} or {@code ACCEPTING_LOOP}), plus
 * commands on standard input that use up every free descriptor ({@code fill}) and give them
 * back ({@code free}).
 *
 * <p>Prints "port N" once serving, "filled N" and "freed N" after the commands. It uses nothing
 * but giambio and the JDK (no test library), and warms up every class the exhaustion path
 * needs before any descriptor runs out (a class loaded from a directory needs one).
 */
public final class ExhaustionChild {

    private ExhaustionChild() {
    }

    /**
     * Runs the server until "quit" on standard input.
     *
     * @param args {@code single} (or nothing), or a {@link MultiLoopServer.Spread} name
     * @throws Exception if the server fails
     */
    public static void main(String[] args) throws Exception {
        System.getLogger("giambio.net").log(System.Logger.Level.INFO, "exhaustion child starting");
        List<FileInputStream> fillers = new ArrayList<>();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        Giambio.run(() -> {
            Giambio.sleep(Duration.ofMillis(1));
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            ConnectionHandler<SocketStream> echo = stream -> {
                for (byte[] d = stream.receive(4096); d.length > 0; d = stream.receive(4096)) {
                    stream.sendAll(d);
                }
            };
            String mode = args.length == 0 ? "single" : args[0];
            Giambio.createPool(pool -> {
                java.net.SocketAddress address;
                if (mode.equals("single")) {
                    SocketListener listener = SocketListener.bind(any);
                    address = listener.localAddress();
                    pool.spawn(() -> Net.serveTcp(listener, echo));
                } else {
                    MultiLoopServer server = MultiLoopServer.bind(any, 2, MultiLoopServer.Spread.valueOf(mode));
                    address = server.localAddress();
                    pool.spawn(() -> server.serve(giambio.api.RunOptions.defaults(), echo, HandlerFailure.CRASH_SERVER));
                }
                System.out.println("port " + ((InetSocketAddress) address).getPort());
                while (true) {
                    String command = Threads.runInThread(commands::readLine);
                    if (command == null || command.equals("quit")) {
                        break;
                    } else if (command.equals("fill")) {
                        int n = Threads.runInThread(() -> {
                            try {
                                while (true) {
                                    fillers.add(new FileInputStream("/dev/null"));
                                }
                            } catch (IOException outOfDescriptors) {
                                return fillers.size();
                            }
                        });
                        System.out.println("filled " + n);
                    } else if (command.equals("free")) {
                        int n = fillers.size();
                        for (FileInputStream f : fillers) {
                            f.close();
                        }
                        fillers.clear();
                        System.out.println("freed " + n);
                    }
                }
                pool.cancel();
            });
        });
        System.out.println("done");
    }
}
