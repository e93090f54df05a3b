/**
 * Synchronisation primitives and memory channels for the tasks of one giambio loop.
 *
 * <p>{@link giambio.api.sync.Event}, {@link giambio.api.sync.Lock},
 * {@link giambio.api.sync.Semaphore}, {@link giambio.api.sync.Condition},
 * {@link giambio.api.sync.CapacityLimiter} and {@link giambio.api.sync.MemoryChannel}, after
 * trio's. They are built outside the kernel, on {@link giambio.api.Lowlevel}.
 *
 * <h2>Common rules</h2>
 * <ul>
 *   <li>Every method that may wait is a checkpoint, whether or not it waits, and is
 *       cancellable while waiting; a cancelled wait has no effect (no lock taken, no item
 *       sent or received).</li>
 *   <li>Waiters are served in FIFO order.</li>
 *   <li>Each blocking method has a non-blocking {@code try} variant, which is not a
 *       checkpoint.</li>
 *   <li>Objects may be created anywhere and bind to the loop that first uses them; use from
 *       a task of another loop, or from a thread that runs no task of that loop, fails with
 *       {@link java.lang.WrongThreadException}; a waiting call outside any loop before a loop
 *       used the object fails with {@link java.lang.IllegalStateException} naming the call.
 *       To reach a loop from another thread, use a {@link giambio.api.Portal}.</li>
 * </ul>
 */
package giambio.api.sync;
