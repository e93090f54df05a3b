package giambio.loop.misuse;

import giambio.api.Giambio;
import giambio.api.TaskPool;
import giambio.api.sync.CrossLoopChannel;
import giambio.api.sync.Event;
import giambio.api.sync.Lock;
import giambio.testsupport.MisuseTable;
import giambio.testsupport.MisuseTableTestBase;

/**
 * The rows of docs/misuse.md with ids starting with G (loop groups and cross-loop channels,
 * D7, S26), checked like {@link MisuseTableTest}: every row is a case, every case a row; the
 * shared reader {@link MisuseTable} checks the exact exception class and every quoted fragment
 * of the message ({@link MisuseTableTestBase} runs one check per row).
 */
class GroupMisuseTableTest extends MisuseTableTestBase<GroupMisuseTableTest.Where, GroupMisuseTableTest.World> {

    /** Where a call is made. */
    enum Where {
        /** From the test thread, no loop running. */
        OUTSIDE,
        /** From loop 1 of a group of two, on objects made and used by loop 0. */
        OTHER_LOOP_OF_GROUP
    }

    /** Objects of loop 0, and closed cross-loop channel ends. */
    static final class World {
        TaskPool pool;
        final Lock lock = new Lock();
        final Event event = new Event();
        final CrossLoopChannel<String> closedEnds = CrossLoopChannel.open(1);
        final CrossLoopChannel<String> broken = CrossLoopChannel.open(1);
        final CrossLoopChannel<String> ended = CrossLoopChannel.open(1);

        World() {
            closedEnds.sender().close();
            closedEnds.receiver().close();
            broken.receiver().close();
            ended.sender().close();
        }
    }

    GroupMisuseTableTest() {
        row("G01", Where.OUTSIDE, w -> Giambio.runGroup(0, i -> { }));
        row("G02", Where.OUTSIDE, w -> Giambio.runGroup(-3, i -> { }));
        row("G03", Where.OUTSIDE, w -> Giambio.runGroup(2, null));
        row("G04", Where.OUTSIDE, w -> Giambio.runGroup(null, 2, i -> { }));
        row("G05", Where.OUTSIDE, w -> Giambio.loopIndex());
        row("G06", Where.OUTSIDE, w -> Giambio.loopCount());
        row("G07", Where.OTHER_LOOP_OF_GROUP, w -> w.lock.acquire());
        row("G08", Where.OTHER_LOOP_OF_GROUP, w -> w.event.set());
        row("G09", Where.OTHER_LOOP_OF_GROUP, w -> w.pool.spawn(() -> { }));
        row("G10", Where.OUTSIDE, w -> CrossLoopChannel.open(0));
        row("G11", Where.OTHER_LOOP_OF_GROUP, w -> w.closedEnds.sender().send("x"));
        row("G12", Where.OUTSIDE, w -> w.closedEnds.receiver().receive());
        row("G13", Where.OUTSIDE, w -> w.closedEnds.sender().clone());
        row("G14", Where.OTHER_LOOP_OF_GROUP, w -> w.broken.sender().send("x"));
        row("G15", Where.OTHER_LOOP_OF_GROUP, w -> w.ended.receiver().receive());
        row("G16", Where.OUTSIDE, w -> CrossLoopChannel.<String>open(1).sender().send(null));
    }

    /**
     * Runs a case; a group case runs in loop 1 of a group of two, on objects loop 0 made, bound
     * and handed over through a cross-loop channel (loop 0 keeps its pool open meanwhile).
     */
    @Override
    protected Throwable run(Where where, Call<World> call) throws Exception {
        if (where == Where.OUTSIDE) {
            return thrownBy(call, new World());
        }
        CrossLoopChannel<World> worlds = CrossLoopChannel.open(1);
        CrossLoopChannel<Object> results = CrossLoopChannel.open(1);
        Object none = new Object();
        Throwable[] thrown = new Throwable[1];
        Giambio.runGroup(2, index -> {
            if (index == 0) {
                World w = new World();
                w.lock.withLock(() -> { });
                Giambio.createPool(pool -> {
                    w.pool = pool;
                    pool.spawn("waiter", w.event::await);
                    Giambio.waitAllTasksBlocked(); // the event is bound to loop 0 before loop 1 sees it
                    worlds.sender().send(w);
                    Object result = results.receiver().receive();
                    thrown[0] = result == none ? null : (Throwable) result;
                    pool.cancel();
                });
            } else {
                Throwable t = thrownBy(call, worlds.receiver().receive());
                results.sender().send(t == null ? none : t);
            }
        });
        return thrown[0];
    }
}
