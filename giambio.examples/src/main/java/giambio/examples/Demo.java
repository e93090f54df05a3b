package giambio.examples;

import java.time.Duration;

/**
 * The main job of the README: the seed tutorial's examples, one after another, then the echo
 * server (until the process is stopped).
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs hello, the two children and the failing child, then serves echo on a port.
     *
     * @param args optionally the echo server's port (default 5000), or {@code no-server}
     *             to stop after the tutorial examples
     * @throws Exception if the loop fails in an unexpected way
     */
    public static void main(String[] args) throws Exception {
        args = Demo.nonBlank(args);
        System.out.println("== hello");
        Hello.main(args);
        System.out.println("== two children, each sleeping 2 seconds");
        giambio.api.Giambio.run(() -> TwoChildren.main(System.out, Duration.ofSeconds(2)));
        System.out.println("== an exception in a child reaches the caller of run");
        ChildError.main(new String[0]);
        if (args.length > 0 && (args[0].equals("--no-server") || args[0].equals("no-server"))) {
            return;
        }
        System.out.println("== the echo server (try: nc localhost " + (args.length > 0 ? args[0] : "5000")
                + "; stop with Ctrl-C)");
        EchoServer.main(args);
    }

    /**
     * Drops blank arguments (the build passes an empty one when no argument is given).
     *
     * @param args command-line arguments
     * @return the non-blank ones, in order
     */
    static String[] nonBlank(String[] args) {
        return java.util.Arrays.stream(args).filter(a -> !a.isBlank()).toArray(String[]::new);
    }
}
