/**
 * giambio: a single-threaded, cooperative, structured-concurrency runtime.
 *
 * <p>Many tasks run on one loop, one at a time, and they switch only at <em>checkpoints</em>:
 * {@link giambio.api.Giambio#sleep sleep}, {@link giambio.api.Giambio#checkpoint checkpoint},
 * waits on sockets, locks, events and channels, and waiting for a pool's children. Code
 * between two checkpoints runs atomically, so loop-confined state needs no locks. Task code
 * is plain blocking-style Java: no callbacks, no futures.
 *
 * {@snippet :
 * Giambio.run(() -> {
 *     double start = Giambio.clock();
 *     Giambio.createPool(pool -> {
 *         pool.spawn("child", () -> Giambio.sleep(Duration.ofSeconds(2)));
 *         pool.spawn("child1", () -> Giambio.sleep(Duration.ofSeconds(2)));
 *     });                                   // waits for both children
 *     System.out.printf("done in %.2f s%n", Giambio.clock() - start);  // ~2.00, not 4
 * });
 * }
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>A {@link giambio.api.TaskPool pool} waits for all its tasks. If one fails, the others
 *       and the pool's body are cancelled and the pool rethrows that same exception, with
 *       every other failure attached with {@link Throwable#addSuppressed}.</li>
 *   <li>{@link giambio.api.Cancelled} is an {@link Error}, delivered at checkpoints, again at
 *       every checkpoint until the cancelled scope is left; {@code catch (Exception e)} does
 *       not catch it.</li>
 *   <li>Never hold a JDK monitor ({@code synchronized}) or a {@code java.util.concurrent}
 *       lock across a checkpoint: another task that needs it would block the whole loop. Use
 *       giambio's own primitives, which wait at checkpoints.</li>
 * </ul>
 */
package giambio.api;
