package giambio.examples;

import giambio.api.Giambio;

/**
 * The seed's first example: a task that prints "Hello, world!".
 */
public final class Hello {

    private Hello() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        Giambio.run(() -> System.out.println("Hello, world!"));
    }
}
