package giambio.api;

/**
 * The root task of every loop of a group started by {@link Giambio#runGroup(int, LoopBody)}.
 *
 * <p>The same body runs once on each loop, as that loop's root task, with the loop's index;
 * inside it, every giambio call behaves as in a loop of its own ({@link Giambio#loopIndex()}
 * tells the index too).
 */
@FunctionalInterface
public interface LoopBody {

    /**
     * Runs the root task of one loop of the group.
     *
     * @param index the loop's index in the group, from 0 to the group's size minus 1
     * @throws Exception whatever the body throws: the first failure of any loop cancels the
     *                   others and leaves {@code runGroup} as the same object
     */
    void run(int index) throws Exception;
}
