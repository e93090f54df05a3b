package giambio.loop.props;

import giambio.api.CancelScope;
import giambio.api.Cancelled;
import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.RunOptions;
import giambio.api.Task;
import giambio.api.Threads;
import giambio.api.TooSlowException;
import giambio.api.VirtualClock;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelStats;
import giambio.api.sync.Condition;
import giambio.api.sync.Event;
import giambio.api.sync.Lock;
import giambio.api.sync.MemoryChannel;
import giambio.api.sync.Semaphore;
import giambio.loop.props.Program.Block;
import giambio.loop.props.Program.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link Program} on a fresh loop (virtual clock with autojump, the kernel chosen by
 * {@code -Dgiambio.kernel}, the program's shuffle seed) and checks the model of
 * docs/reliability.md; {@link #check} throws an {@link AssertionError} listing every
 * violation.
 *
 * <p>The model: {@code run} returns or throws; each pool's children are done when the pool
 * returns or throws; every {@link ProgramFailure} thrown reaches the caller exactly once (as
 * the exception {@code run} throws or one suppressed by it, recursively), nothing else
 * escapes, and {@code run} returns normally exactly when none was thrown; every statement's
 * {@code finally} runs exactly once; a timeout that fires is caught by its own scope, never
 * before its deadline, and exactly at it when nothing in its body can delay unwinding (no
 * shield, no thread call); a body that finishes untimed finishes by its deadline; no task
 * waits on a primitive when the program ends; every spawned task is done; the kernel holds no
 * task, timer, watch or idle callback afterwards.
 */
final class ProgramRunner {

    /** The horizon that ends programs that wait for something nobody does (a program's deadlock). */
    static final Duration HORIZON = Duration.ofSeconds(1000);

    /** Runs loops off the test thread, so that a hang is reported instead of hanging the build. */
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "program-runner");
        t.setDaemon(true);
        return t;
    });

    private final Program program;
    private final Map<Node, Integer> ids;
    private final Map<Node, Integer> entered = new IdentityHashMap<>();
    private final Map<Node, Integer> finallies = new IdentityHashMap<>();
    /** Failures thrown, in order; worker threads add too. */
    private final List<ProgramFailure> thrown = Collections.synchronizedList(new ArrayList<>());
    /** Model violations seen while the program ran. */
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<Task<?>> spawned = new ArrayList<>();
    private final Event[] events = {new Event(), new Event(), new Event()};
    private final Lock[] locks = {new Lock(), new Lock()};
    private final Semaphore semaphore = new Semaphore(2, 2);
    private final Condition condition = new Condition();
    private final MemoryChannel<Integer> channel;
    private Kernel kernel;

    private ProgramRunner(Program program) {
        this.program = program;
        this.ids = program.numbering();
        this.channel = MemoryChannel.open(program.capacity());
    }

    /** What a pool-level statement can reach: the innermost pool and its tasks so far. */
    private record Ctx(giambio.api.TaskPool pool, List<Task<?>> tasks) {
        static final Ctx NONE = new Ctx(null, List.of());
    }

    /**
     * Runs {@code program} and checks the model.
     *
     * @throws AssertionError listing the violations, with the program as Java source
     */
    static void check(Program program) {
        new ProgramRunner(program).runAndCheck();
    }

    private void runAndCheck() {
        RunOptions.Builder options = RunOptions.builder().clock(VirtualClock.autojumping()).handleSigint(false);
        if (program.shuffle() >= 0) {
            options.shuffle(program.shuffle());
        }
        RunOptions built = options.build();
        Future<Throwable> f = RUNNER.submit(() -> {
            try {
                Giambio.run(built, this::main);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable outcome;
        try {
            outcome = f.get(120, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("run did not return within 120 s of real time (a hang) for" + program);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        checkAfter(outcome);
        if (!violations.isEmpty()) {
            AssertionError e = new AssertionError(violations.size() + " violation(s) of the model:\n  "
                    + String.join("\n  ", violations) + "\nprogram:" + program, outcome);
            throw e;
        }
    }

    private void main() throws Exception {
        kernel = Lowlevel.kernel();
        try {
            Giambio.skipAfter(HORIZON, () -> run(program.body(), Ctx.NONE));
        } finally {
            // Every task of the program has finished here (structure): nobody may still wait.
            for (int i = 0; i < events.length; i++) {
                expectZero("tasks waiting on event" + i, events[i].tasksWaiting());
            }
            for (int i = 0; i < locks.length; i++) {
                expectZero("tasks waiting on lock" + i, locks[i].statistics().tasksWaiting());
                if (locks[i].isLocked()) {
                    violations.add("lock" + i + " still locked at the end");
                }
            }
            expectZero("tasks waiting on the semaphore", semaphore.statistics().tasksWaiting());
            if (semaphore.value() != 2) {
                violations.add("semaphore value " + semaphore.value() + " at the end, expected 2 (a permit leaked)");
            }
            expectZero("tasks waiting on the condition", condition.tasksWaiting());
            expectZero("tasks waiting to send", channel.sender().statistics().tasksWaitingSend());
            expectZero("tasks waiting to receive", channel.sender().statistics().tasksWaitingReceive());
        }
    }

    private void expectZero(String what, int n) {
        if (n != 0) {
            violations.add(what + ": " + n + " at the end, expected 0");
        }
    }

    private void run(Block b, Ctx ctx) throws Exception {
        for (Node n : b.stmts()) {
            exec(n, ctx);
        }
    }

    private void exec(Node n, Ctx ctx) throws Exception {
        entered.merge(n, 1, Integer::sum);
        try {
            step(n, ctx);
        } finally {
            finallies.merge(n, 1, Integer::sum);
        }
    }

    private void step(Node n, Ctx ctx) throws Exception {
        switch (n) {
            case Block b -> run(b, ctx);
            case Program.Sleep s -> Giambio.sleep(Duration.ofMillis(100L * s.tenths()));
            case Program.Checkpoint c -> Giambio.checkpoint();
            case Program.Fail f -> throw fail(n);
            case Program.SetEvent s -> events[s.e()].set();
            case Program.WaitEvent w -> events[w.e()].await();
            case Program.WithLock w -> {
                locks[w.l()].acquire();
                try {
                    run(w.body(), ctx);
                } finally {
                    locks[w.l()].release();
                }
            }
            case Program.WithSemaphore w -> {
                semaphore.acquire();
                try {
                    run(w.body(), ctx);
                } finally {
                    semaphore.release();
                }
            }
            case Program.CondWait c -> condition.lock().withLock(condition::await);
            case Program.CondSignalAll c -> condition.lock().withLock(condition::signalAll);
            case Program.Send s -> channel.sender().send(s.v());
            case Program.Receive r -> channel.receiver().receive();
            case Program.InThread t -> Threads.runInThread(() -> {
                if (t.fail()) {
                    throw fail(n);
                }
                return 1;
            });
            case Program.CancelPool c -> {
                if (ctx.pool() != null) {
                    ctx.pool().cancel();
                }
            }
            case Program.CancelSibling c -> {
                if (!ctx.tasks().isEmpty()) {
                    ctx.tasks().get(c.k() % ctx.tasks().size()).cancel();
                }
            }
            case Program.Pool p -> pool(p);
            case Program.Timeout t -> timeout(t, ctx);
            case Program.Shield s -> {
                CancelScope scope = CancelScope.create();
                scope.setShield(true);
                scope.run(() -> run(s.body(), ctx));
            }
        }
    }

    private ProgramFailure fail(Node n) {
        ProgramFailure f = new ProgramFailure(ids.get(n));
        thrown.add(f);
        return f;
    }

    private void pool(Program.Pool p) throws Exception {
        List<Task<?>> tasks = new ArrayList<>();
        try {
            Giambio.createPool(pool -> {
                Ctx inner = new Ctx(pool, tasks);
                for (Block child : p.children()) {
                    Task<Void> t = pool.spawn(() -> run(child, inner));
                    tasks.add(t);
                    spawned.add(t);
                }
                run(p.body(), inner);
            });
        } finally {
            for (int i = 0; i < tasks.size(); i++) {
                if (!tasks.get(i).isDone()) {
                    violations.add("pool #" + ids.get(p) + " returned while its child " + i + " was not done");
                }
            }
            for (Block child : p.children()) {
                if (!entered.getOrDefault(child, 0).equals(finallies.getOrDefault(child, 0))) {
                    violations.add("pool #" + ids.get(p) + " returned while child block #" + ids.get(child)
                            + " had not finished");
                }
            }
        }
    }

    private void timeout(Program.Timeout t, Ctx ctx) throws Exception {
        Duration d = Duration.ofMillis(100L * t.tenths());
        long deadline = Lowlevel.kernel().nanoTime() + d.toNanos();
        boolean fired;
        if (t.raising()) {
            try {
                Giambio.withTimeout(d, () -> run(t.body(), ctx));
                fired = false;
            } catch (TooSlowException e) {
                fired = true;
                if (e.getSuppressed().length != 0 || e.getCause() != null) {
                    violations.add("timeout #" + ids.get(t) + " raised a TooSlowException carrying other exceptions: "
                            + List.of(e.getSuppressed()) + " cause " + e.getCause());
                    for (Throwable s : e.getSuppressed()) {
                        if (s instanceof ProgramFailure pf) {
                            violations.add("failure #" + pf.node + " hidden in a TooSlowException");
                        }
                    }
                }
            }
        } else {
            fired = !Giambio.skipAfter(d, () -> run(t.body(), ctx));
        }
        long now = Lowlevel.kernel().nanoTime();
        boolean exact = !Program.mayDelayUnwinding(t.body());
        if (fired && (now < deadline || (exact && now != deadline))) {
            violations.add("timeout #" + ids.get(t) + " (" + d + ", deadline " + deadline + " ns) caught at " + now + " ns");
        }
        if (!fired && exact && now > deadline) {
            violations.add("timeout #" + ids.get(t) + " (" + d + ", deadline " + deadline + " ns) let its body finish at "
                    + now + " ns without firing");
        }
    }

    private void checkAfter(Throwable outcome) {
        // exceptions: each thrown failure reaches the caller exactly once, nothing else escapes
        Map<Throwable, Integer> seen = new IdentityHashMap<>();
        if (outcome != null) {
            walk(outcome, seen, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        List<ProgramFailure> all = List.copyOf(thrown);
        for (ProgramFailure f : all) {
            int n = seen.getOrDefault(f, 0);
            if (n != 1) {
                violations.add("failure #" + f.node + " reached the caller " + n + " times, expected once");
            }
        }
        for (Map.Entry<Throwable, Integer> e : seen.entrySet()) {
            if (!(e.getKey() instanceof ProgramFailure)) {
                violations.add("unexpected throwable reached the caller: " + e.getKey());
            } else if (!all.contains(e.getKey())) {
                violations.add("a failure that the program never threw reached the caller: " + e.getKey());
            }
        }
        if (outcome != null && !(outcome instanceof ProgramFailure)) {
            violations.add("run threw " + outcome + ", expected a ProgramFailure or a normal return");
        }
        if (outcome == null && !all.isEmpty()) {
            violations.add("run returned normally although " + all.size() + " failure(s) were thrown");
        }
        // finally blocks: exactly once per entered statement
        for (Map.Entry<Node, Integer> e : entered.entrySet()) {
            int fin = finallies.getOrDefault(e.getKey(), 0);
            if (e.getValue() != 1 || fin != 1) {
                violations.add("statement #" + ids.get(e.getKey()) + " entered " + e.getValue() + " time(s), its finally ran "
                        + fin + " time(s)");
            }
        }
        for (Task<?> t : spawned) {
            if (!t.isDone()) {
                violations.add("task " + t + " not done after run");
            }
        }
        if (kernel == null) {
            violations.add("the main task never ran");
        } else {
            KernelStats stats = kernel.stats();
            if (!stats.isQuiet()) {
                violations.add("the kernel holds something after run: " + stats);
            }
        }
    }

    /** Counts every throwable in the tree: the thrown one, its suppressed and causes, recursively. */
    private static void walk(Throwable t, Map<Throwable, Integer> seen, Set<Throwable> path) {
        seen.merge(t, 1, Integer::sum);
        if (!path.add(t)) {
            return; // a cycle: counted twice above, which the check reports
        }
        for (Throwable s : t.getSuppressed()) {
            walk(s, seen, path);
        }
        if (t.getCause() != null && !(t instanceof Cancelled)) {
            walk(t.getCause(), seen, path);
        }
        path.remove(t);
    }
}
