package giambio.api;

/**
 * The body of a task pool: spawns tasks into the pool it is given.
 *
 * @see Giambio#createPool(PoolBody)
 */
@FunctionalInterface
public interface PoolBody {

    /**
     * Runs the body.
     *
     * @param pool the pool, open for spawning until the body and all its tasks have finished
     * @throws Exception whatever the body throws; it cancels the pool's tasks and is rethrown
     *                   once they have finished
     */
    void run(TaskPool pool) throws Exception;
}
