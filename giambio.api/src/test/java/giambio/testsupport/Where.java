package giambio.testsupport;

/**
 * Where a misuse-table row makes its call (docs/misuse.md, rule S26): the contexts that the
 * table tests of giambio.api, giambio.net and TLS share. The objects a call uses (the test's
 * world) are made in the same context: outside any loop for {@link #OUTSIDE}, by the running
 * loop for the others. {@link MisuseTableTestBase#thrownFromLoop} makes a call in each loop
 * context; tests with contexts of their own (loop groups, servers) declare their own enum.
 */
public enum Where {
    /** From the test thread, no loop running; the objects were made there (bound to no loop). */
    OUTSIDE,
    /** From a task of the loop that made the objects. */
    IN_LOOP,
    /** From a platform thread that runs no loop, while the objects' loop runs. */
    FOREIGN_THREAD,
    /** From a task of a second loop (on a worker thread), while the objects' loop runs. */
    OTHER_LOOP
}
