package giambio.examples;

import java.time.Duration;

/**
 * The main job of the README: the tutorial's examples (docs/tutorial.md), one after another,
 * then the seed's echo server (until a client sends {@code exit} or Ctrl+C is pressed).
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs the tutorial's examples, then serves the seed's echo server.
     *
     * @param args optionally the echo server's port (default 1500), or {@code no-server}
     *             to stop after the tutorial examples
     * @throws Exception if the loop fails in an unexpected way
     */
    public static void main(String[] args) throws Exception {
        args = Demo.nonBlank(args);
        System.out.println("== hello (tutorial: a deeper dive)");
        Hello.main(args);
        System.out.println("== sleepDouble(1 s) sleeps 2 seconds");
        SleepDouble.main(new String[] {"1"});
        System.out.println("== don't call a JDK blocking method in a task");
        BlockingCall.main(new String[0]);
        System.out.println("== two children, each sleeping 2 seconds (tutorial: something actually useful)");
        giambio.api.Giambio.run(() -> TwoChildren.main(System.out, Duration.ofSeconds(2)));
        System.out.println("== an exception in a child reaches the caller of run");
        ChildError.main(new String[0]);
        System.out.println("== tasks switch only at checkpoints (tutorial: a sneak peek)");
        Checkpoints.main(new String[0]);
        System.out.println("== a debugger shows what the loop does (tutorial: a closer look)");
        SeedDebugger.main(new String[0]);
        System.out.println("== pool.start: a server reports when it accepts, a client talks to it");
        StartServer.main(new String[0]);
        if (args.length > 0 && (args[0].equals("--no-server") || args[0].equals("no-server"))) {
            return;
        }
        String port = args.length > 0 ? args[0] : Integer.toString(SeedEchoServer.DEFAULT_PORT);
        System.out.println("== the seed's echo server (tutorial: doing I/O); try: nc localhost " + port
                + "; send exit, or press Ctrl+C, to stop it");
        SeedEchoServer.main(new String[] {port});
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
