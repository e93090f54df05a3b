package giambio.examples;

import giambio.api.CancelScope;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.Task;
import giambio.debug.Debugger;
import giambio.debug.TaskView;
import giambio.net.HandlerFailure;
import giambio.net.Net;
import giambio.net.SocketListener;
import giambio.net.SocketStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The code of the Javadoc's {@code {@snippet file="giambio/examples/JavadocSnippets.java"
 * region=...}} examples (the aggregated site and the javadoc jars take them from here through
 * {@code --snippet-path}). Each region is the body of a method that JavadocSnippetsTest runs
 * and whose output it checks, so the examples in the API docs compile and do what they say.
 * A region's code prints to {@code out}, which stands for {@code System.out}.
 */
final class JavadocSnippets {

    private JavadocSnippets() {
    }

    /** Giambio.run: a loop on the calling thread, its root task's value out. */
    static int run(PrintStream out) throws Exception {
        // @start region="run"
        int answer = Giambio.run(() -> {
            Giambio.sleep(Duration.ofMillis(10));   // a checkpoint: other tasks may run
            return 6 * 7;
        });
        out.println("answer=" + answer);
        // @end
        return answer;
    }

    /** TaskPool: spawn, join, and a failing child that cancels its sibling. Call from a task. */
    static void pool(PrintStream out) throws Exception {
        // @start region="pool"
        Giambio.createPool(pool -> {
            Task<Integer> answer = pool.spawn("compute", () -> 6 * 7);  // returns at once
            pool.spawn("nap", () -> Giambio.sleep(Duration.ofSeconds(1)));
            out.println("answer=" + answer.join());                      // waits: a checkpoint
        });                                                              // waits for "nap" too

        IllegalStateException boom = new IllegalStateException("boom");
        try {
            Giambio.createPool(pool -> {
                pool.spawn("sleeper", () -> {
                    try {
                        Giambio.sleep(Duration.ofHours(1));                // cancelled when "thrower" fails
                    } finally {
                        out.println("sleeper cleans up");
                    }
                });
                pool.spawn("thrower", () -> {
                    throw boom;
                });
            });
        } catch (IllegalStateException e) {
            out.println("same exception object: " + (e == boom));       // true
        }
        // @end
    }

    /** CancelScope: a timeout, cleanup in finally, cancelledCaught. Call from a task. */
    static void cancelScope(PrintStream out) throws Exception {
        // @start region="cancel-scope"
        CancelScope scope = CancelScope.create();
        scope.setTimeout(Duration.ofSeconds(5));
        scope.run(() -> {
            try {
                Giambio.sleep(Duration.ofHours(1));                    // Cancelled after 5 s
            } finally {
                out.println("cleaning up");
            }
        });
        out.println("timed out: " + scope.cancelledCaught());           // true

        // the short forms: raise, or move on
        boolean finished = Giambio.skipAfter(Duration.ofSeconds(1), () -> Giambio.sleep(Duration.ofSeconds(2)));
        out.println("finished: " + finished);                          // false
        // @end
    }

    /** Net.serveTcp under pool.start, and Net.openTcpStream: an echo round trip. Call from a task. */
    static String echo(PrintStream out) throws Exception {
        String[] reply = new String[1];
        // @start region="echo"
        Giambio.createPool(pool -> {
            // the server task reports its bound listeners once it accepts (trio's nursery.start)
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            List<SocketListener> listeners = pool.start(status -> Net.serveTcp(loopback, stream -> {
                for (byte[] data = stream.receive(4096); data.length > 0; data = stream.receive(4096)) {
                    stream.sendAll(data);
                }
            }, HandlerFailure.CRASH_SERVER, status));
            int port = ((InetSocketAddress) listeners.get(0).localAddress()).getPort();

            try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                client.sendAll("hello\n".getBytes(StandardCharsets.UTF_8));
                client.sendEof();                                      // the server sees the end
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                for (byte[] data = client.receive(4096); data.length > 0; data = client.receive(4096)) {
                    received.writeBytes(data);
                }
                reply[0] = received.toString(StandardCharsets.UTF_8);
                out.print("echoed: " + reply[0]);
            }
            pool.cancel();                                             // stops the server
        });
        // @end
        return reply[0];
    }

    // @start region="debugger-class"
    /** Counts the tasks a loop spawns and prints the count when the loop exits. */
    static final class SpawnCounter implements Debugger {
        private final PrintStream out;
        private int spawned;

        SpawnCounter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onTaskSpawn(TaskView task) {
            spawned++;                      // hooks run on the loop, one at a time: no locks
        }

        @Override
        public void onExit() {
            out.println(spawned + " tasks spawned");
        }
    }
    // @end

    /** A debugger passed through RunOptions. */
    static void debugger(PrintStream out) throws Exception {
        // @start region="debugger-run"
        RunOptions options = RunOptions.builder().debugger(new SpawnCounter(out)).build();
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            pool.spawn(() -> out.println("first"));
            pool.spawn(() -> out.println("second"));
        }));                                // then "3 tasks spawned" (the root task and two)
        // @end
    }
}
