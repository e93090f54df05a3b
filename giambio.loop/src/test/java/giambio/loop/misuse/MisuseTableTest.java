package giambio.loop.misuse;

import giambio.api.Action;
import giambio.api.CancelScope;
import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.Portal;
import giambio.api.RunOptions;
import giambio.api.StartBody;
import giambio.api.Task;
import giambio.api.TaskPool;
import giambio.api.TaskStatus;
import giambio.api.ThreadCancelPolicy;
import giambio.api.Threads;
import giambio.api.VirtualClock;
import giambio.api.sync.CapacityLimiter;
import giambio.api.sync.Condition;
import giambio.api.sync.Event;
import giambio.api.sync.Lock;
import giambio.api.sync.MemoryChannel;
import giambio.api.sync.Semaphore;
import giambio.debug.SlowStepDetector;
import giambio.debug.TimelineRecorder;
import giambio.debug.TraceDebugger;
import giambio.testsupport.MisuseTable;
import giambio.testsupport.MisuseTableTestBase;
import giambio.testsupport.Where;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The misuse table (S26, docs/misuse.md): every row of the document is a case here and every
 * case is a row there; each case makes the call in the row's context, and the shared reader
 * {@link MisuseTable} checks the exact exception class and that its message names what the row
 * says.
 *
 * <p>This class covers giambio.api, giambio.api.sync and giambio.debug (rows whose id starts
 * with A, P, T, C, H, R, V, W, S, E, L, M, N, K, Q, D: {@link MisuseTable#OWNERS}); loop groups
 * are {@code GroupMisuseTableTest}'s, giambio.net's rows are checked by giambio.net's own tests
 * of the same document.
 */
class MisuseTableTest extends MisuseTableTestBase<Where, MisuseTableTest.World> {

    /** The objects the calls use, made in the context the row needs. */
    static final class World {
        TaskPool pool;
        TaskPool closedPool;
        Task<?> sleeper;
        CancelScope active;
        CancelScope exited;
        Portal portal;
        Portal closedPortal;
        final Event event = new Event();
        final Lock lock = new Lock();
        final Semaphore semaphore = new Semaphore(1, 1);
        final Condition condition = new Condition(lock);
        final CapacityLimiter limiter = new CapacityLimiter(1);
        final MemoryChannel<String> channel = MemoryChannel.open(1);
        final MemoryChannel<String> ended = MemoryChannel.open(1);
        final MemoryChannel<String> broken = MemoryChannel.open(1);
        final MemoryChannel<String> closedEnds = MemoryChannel.open(1);
    }

    private static final Duration ONE = Duration.ofSeconds(1);
    private static final Duration MINUS_ONE = Duration.ofSeconds(-1);

    MisuseTableTest() {
        // ---- giambio.api: entering and leaving, time --------------------------------------
        row("A01", Where.OUTSIDE, w -> Giambio.sleep(ONE));
        row("A02", Where.IN_LOOP, w -> Giambio.sleep(null));
        row("A03", Where.IN_LOOP, w -> Giambio.sleep(MINUS_ONE));
        row("A04", Where.IN_LOOP, w -> Giambio.sleepUntil(Double.NaN));
        row("A05", Where.OUTSIDE, w -> Giambio.clock());
        row("A06", Where.OUTSIDE, w -> Giambio.checkpoint());
        row("A07", Where.OUTSIDE, w -> Giambio.currentTask());
        row("A08", Where.OUTSIDE, w -> Giambio.waitAllTasksBlocked());
        row("A09", Where.OUTSIDE, w -> Giambio.createPool(pool -> { }));
        row("A10", Where.IN_LOOP, w -> Giambio.createPool(null));
        row("A11", Where.IN_LOOP, w -> Giambio.run(() -> { }));
        row("A12", Where.OUTSIDE, w -> Giambio.run((Callable<Object>) null));
        row("A13", Where.OUTSIDE, w -> Giambio.run(null, () -> { }));
        row("A14", Where.IN_LOOP, w -> Giambio.withTimeout(MINUS_ONE, () -> { }));
        row("A15", Where.IN_LOOP, w -> Giambio.withTimeout(null, () -> { }));
        row("A16", Where.IN_LOOP, w -> Giambio.withTimeout(ONE, (Action) null));
        row("A17", Where.OUTSIDE, w -> Giambio.withTimeout(ONE, () -> { }));
        row("A18", Where.OUTSIDE, w -> Giambio.skipAfter(ONE, () -> { }));
        row("A19", Where.IN_LOOP, w -> Giambio.withDeadline(Double.NaN, () -> 1));
        row("A20", Where.OUTSIDE, w -> Giambio.currentEffectiveDeadline());
        row("A21", Where.OUTSIDE, w -> Giambio.dumpTasks());
        row("A22", Where.FOREIGN_THREAD, w -> Giambio.sleep(ONE));
        // ---- pools ---------------------------------------------------------------------------
        row("P01", Where.FOREIGN_THREAD, w -> w.pool.spawn(() -> { }));
        row("P02", Where.OTHER_LOOP, w -> w.pool.spawn(() -> { }));
        row("P03", Where.IN_LOOP, w -> w.closedPool.spawn(() -> { }));
        row("P04", Where.IN_LOOP, w -> w.pool.spawn((Action) null));
        row("P05", Where.IN_LOOP, w -> w.pool.spawn(null, () -> { }));
        row("P06", Where.FOREIGN_THREAD, w -> w.pool.start(TaskStatus::started));
        row("P07", Where.IN_LOOP, w -> w.closedPool.start(TaskStatus::started));
        row("P08", Where.IN_LOOP, w -> w.pool.start((StartBody<Object>) null));
        row("P09", Where.IN_LOOP, w -> w.pool.start(status -> { }));
        row("P10", Where.FOREIGN_THREAD, w -> w.pool.cancel());
        // ---- tasks ---------------------------------------------------------------------------
        row("T01", Where.FOREIGN_THREAD, w -> w.sleeper.join());
        row("T02", Where.OTHER_LOOP, w -> w.sleeper.join());
        row("T03", Where.IN_LOOP, w -> Giambio.currentTask().join());
        row("T04", Where.FOREIGN_THREAD, w -> w.sleeper.cancel());
        row("T05", Where.IN_LOOP, w -> w.sleeper.result());
        row("T06", Where.FOREIGN_THREAD, w -> w.sleeper.result());
        row("T07", Where.FOREIGN_THREAD, w -> w.sleeper.exception());
        row("T08", Where.FOREIGN_THREAD, w -> w.sleeper.toFuture());
        row("T09", Where.OTHER_LOOP, w -> w.sleeper.isDone());
        // ---- cancel scopes -------------------------------------------------------------------
        row("C01", Where.IN_LOOP, w -> CancelScope.create().setTimeout(MINUS_ONE));
        row("C02", Where.IN_LOOP, w -> CancelScope.create().setDeadline(Double.NaN));
        row("C03", Where.IN_LOOP, w -> CancelScope.create().setTimeout(null));
        row("C04", Where.IN_LOOP, w -> {
            CancelScope s = CancelScope.create();
            s.setTimeout(ONE);
            s.setDeadline(5.0);
        });
        row("C05", Where.IN_LOOP, w -> w.exited.run(() -> { }));
        row("C06", Where.FOREIGN_THREAD, w -> w.active.cancel());
        row("C07", Where.OUTSIDE, w -> CancelScope.create().run(() -> { }));
        row("C08", Where.IN_LOOP, w -> CancelScope.create().run(null));
        row("C09", Where.FOREIGN_THREAD, w -> w.active.setDeadline(1.0));
        row("C10", Where.FOREIGN_THREAD, w -> w.active.setTimeout(ONE));
        row("C11", Where.FOREIGN_THREAD, w -> w.active.setShield(true));
        // ---- threads and portals -------------------------------------------------------------
        row("H01", Where.OUTSIDE, w -> Threads.runInThread(() -> 1));
        row("H02", Where.IN_LOOP, w -> Threads.runInThread(null));
        row("H03", Where.IN_LOOP, w -> Threads.runInThread(null, () -> 1));
        row("H04", Where.IN_LOOP, w -> Threads.await(null));
        row("H05", Where.OUTSIDE, w -> Threads.await(CompletableFuture.completedFuture(1)));
        row("H06", Where.IN_LOOP, w -> Portal.open(null));
        row("H07", Where.FOREIGN_THREAD, w -> Portal.open(w.pool));
        row("H08", Where.IN_LOOP, w -> w.portal.call(() -> 1));
        row("H09", Where.FOREIGN_THREAD, w -> w.closedPortal.call(() -> 1));
        row("H10", Where.FOREIGN_THREAD, w -> w.portal.call(null));
        row("H11", Where.IN_LOOP, w -> Portal.open(w.closedPool));
        row("H12", Where.IN_LOOP, w -> Threads.runInThread(ThreadCancelPolicy.WAIT, null, () -> 1));
        // ---- run options, clocks, lowlevel --------------------------------------------------
        row("R01", Where.OUTSIDE, w -> RunOptions.builder().kernel(" "));
        row("R02", Where.OUTSIDE, w -> RunOptions.builder().kernel(null));
        row("R03", Where.OUTSIDE, w -> RunOptions.builder().clock(null));
        row("R04", Where.OUTSIDE, w -> RunOptions.builder().debugger(null));
        row("R05", Where.OUTSIDE, w -> Giambio.run(RunOptions.builder().kernel("no-such-kernel").build(), () -> { }));
        row("V01", Where.OUTSIDE, w -> VirtualClock.manual().jump(MINUS_ONE));
        row("V02", Where.OUTSIDE, w -> VirtualClock.manual().jump(null));
        row("W01", Where.OUTSIDE, w -> Lowlevel.kernel());
        row("W02", Where.OUTSIDE, w -> Lowlevel.park(() -> true));
        row("W03", Where.IN_LOOP, w -> Lowlevel.park(null));
        row("W04", Where.IN_LOOP, w -> Lowlevel.whenTaskExits(null, () -> { }));
        // ---- task status ---------------------------------------------------------------------
        row("S01", Where.IN_LOOP, w -> {
            Throwable[] second = new Throwable[1];
            w.pool.start(status -> {
                status.started();
                try {
                    status.started();
                } catch (Throwable t) {
                    second[0] = t;
                }
            });
            if (second[0] != null) {
                throw second[0];
            }
        });
        row("S02", Where.IN_LOOP, w -> w.pool.start(status -> Threads.runInThread(() -> {
            status.started();
            return null;
        })));
        // ---- giambio.api.sync -----------------------------------------------------------------
        row("E01", Where.OUTSIDE, w -> w.event.await());
        row("E02", Where.OTHER_LOOP, w -> w.event.await());
        row("E03", Where.FOREIGN_THREAD, w -> w.event.await());
        row("E04", Where.FOREIGN_THREAD, w -> w.event.set());
        row("L01", Where.OUTSIDE, w -> w.lock.acquire());
        row("L02", Where.OTHER_LOOP, w -> w.lock.acquire());
        row("L03", Where.IN_LOOP, w -> w.lock.release());
        row("L04", Where.IN_LOOP, w -> {
            w.lock.acquire();
            try {
                w.lock.acquire();
            } finally {
                w.lock.release();
            }
        });
        row("L05", Where.IN_LOOP, w -> w.lock.withLock((Action) null));
        row("M01", Where.OUTSIDE, w -> new Semaphore(-1));
        row("M02", Where.OUTSIDE, w -> new Semaphore(2, 1));
        row("M03", Where.IN_LOOP, w -> w.semaphore.release());
        row("M04", Where.OTHER_LOOP, w -> w.semaphore.acquire());
        row("N01", Where.IN_LOOP, w -> w.condition.await());
        row("N02", Where.IN_LOOP, w -> w.condition.signal());
        row("N03", Where.OUTSIDE, w -> new Condition(null));
        row("K01", Where.OUTSIDE, w -> new CapacityLimiter(0));
        row("K02", Where.IN_LOOP, w -> w.limiter.release());
        row("K03", Where.IN_LOOP, w -> w.limiter.acquireOnBehalfOf(null));
        row("K04", Where.IN_LOOP, w -> {
            w.limiter.acquire();
            try {
                w.limiter.acquire();
            } finally {
                w.limiter.release();
            }
        });
        row("K05", Where.IN_LOOP, w -> w.limiter.setTotalTokens(0));
        row("Q01", Where.OUTSIDE, w -> MemoryChannel.open(-1));
        row("Q02", Where.IN_LOOP, w -> w.channel.sender().send(null));
        row("Q03", Where.IN_LOOP, w -> w.closedEnds.sender().send("x"));
        row("Q04", Where.IN_LOOP, w -> w.closedEnds.receiver().receive());
        row("Q05", Where.IN_LOOP, w -> w.broken.sender().send("x"));
        row("Q06", Where.IN_LOOP, w -> w.ended.receiver().receive());
        row("Q07", Where.OTHER_LOOP, w -> w.channel.sender().send("x"));
        row("Q08", Where.OUTSIDE, w -> w.channel.receiver().receive());
        row("Q09", Where.FOREIGN_THREAD, w -> w.channel.receiver().tryReceive());
        // ---- giambio.debug ----------------------------------------------------------------------
        row("D01", Where.OUTSIDE, w -> new TraceDebugger(null));
        row("D02", Where.OUTSIDE, w -> new SlowStepDetector(null));
        row("D03", Where.OUTSIDE, w -> new SlowStepDetector(Duration.ZERO));
        row("D04", Where.OUTSIDE, w -> new SlowStepDetector(ONE, null));
        row("D05", Where.OUTSIDE, w -> new TimelineRecorder(0));
        row("D06", Where.OUTSIDE, w -> new TimelineRecorder().writeTraceEvents((Path) null));
    }

    // ---- running a case in its context ------------------------------------------------------------

    @Override
    protected Throwable run(Where where, Call<World> call) throws Exception {
        if (where == Where.OUTSIDE) {
            return thrownBy(call, new World());
        }
        return Giambio.run(RunOptions.builder().clock(VirtualClock.autojumping()).build(), () -> {
            World w = new World();
            Giambio.createPool(closed -> {
                w.closedPool = closed;
                w.closedPortal = Portal.open(closed);
            });
            w.exited = CancelScope.create();
            w.exited.run(() -> { });
            bind(w);
            Throwable[] thrown = new Throwable[1];
            Giambio.createPool(pool -> {
                w.pool = pool;
                w.portal = Portal.open(pool);
                w.sleeper = pool.spawn("sleeper", Giambio::sleepForever);
                w.active = CancelScope.create();
                w.active.run(() -> thrown[0] = thrownFromLoop(where, call, w));
                pool.cancel();
            });
            return thrown[0];
        });
    }

    /** Binds every primitive to the running loop, and sets up the closed/ended/broken channels. */
    private static void bind(World w) throws Exception {
        w.event.isSet();
        Giambio.createPool(p -> p.spawn(() -> {
            w.event.set();
            w.event.await();
        }));
        w.lock.withLock(() -> w.condition.signal());
        w.semaphore.acquire();
        w.semaphore.release();
        w.limiter.acquire();
        w.limiter.release();
        w.channel.sender().trySend("bind");
        w.channel.receiver().tryReceive();
        w.ended.sender().close();
        w.broken.receiver().close();
        w.closedEnds.sender().close();
        w.closedEnds.receiver().close();
    }
}
