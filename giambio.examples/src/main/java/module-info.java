/**
 * Runnable tutorial programs for giambio, after the seed README's examples. Exports nothing:
 * run them with {@code java -m giambio.examples/giambio.examples.Demo}.
 */
module giambio.examples {
    requires giambio.api;
    requires giambio.net;
    requires java.logging;
}
