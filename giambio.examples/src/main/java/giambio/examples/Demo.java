package giambio.examples;

import java.time.Duration;

/**
 * The main job of the README: the seed tutorial's examples, one after another.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Runs hello, the two children, and the failing child.
     *
     * @param args ignored
     * @throws Exception if the loop fails in an unexpected way
     */
    public static void main(String[] args) throws Exception {
        System.out.println("== hello");
        Hello.main(args);
        System.out.println("== two children, each sleeping 2 seconds");
        giambio.api.Giambio.run(() -> TwoChildren.main(System.out, Duration.ofSeconds(2)));
        System.out.println("== an exception in a child reaches the caller of run");
        ChildError.main(args);
    }
}
