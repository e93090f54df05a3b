/**
 * Test support for giambio: {@link giambio.testing.GiambioTest}, a JUnit Jupiter test whose
 * method runs as the root task of a giambio loop, by default on an autojumping virtual clock,
 * with a timeout that reports the task tree.
 */
module giambio.testing {
    requires transitive giambio.api;
    requires transitive org.junit.jupiter.api;

    exports giambio.testing;
}
