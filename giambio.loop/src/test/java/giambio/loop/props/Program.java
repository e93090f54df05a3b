package giambio.loop.props;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A random structured program: a tree of statements (pools, timeouts, shields, waits on
 * primitives, failures, cancellations, thread calls) that {@link ProgramRunner} runs on a
 * giambio loop and checks against the model in docs/reliability.md.
 *
 * <p>{@link #toString()} renders the program as the Java source it stands for (what jqwik
 * prints for a falsified, shrunk sample), followed by the expression that rebuilds it, to
 * paste into an {@code @Example} regression case.
 *
 * @param body      the main task's statements (run under a 1000 s horizon, see ProgramRunner)
 * @param capacity  the capacity of the program's one memory channel (0 = rendezvous)
 * @param shuffle   the scheduler's shuffle seed, or -1 for FIFO
 */
record Program(Block body, int capacity, long shuffle) {

    /** A statement. Each node object runs at most once (there are no loops). */
    sealed interface Node permits Block, Sleep, Checkpoint, Fail, SetEvent, WaitEvent, WithLock, WithSemaphore,
            CondWait, CondSignalAll, Send, Receive, InThread, CancelPool, CancelSibling, Pool, Timeout, Shield {
    }

    /** Statements in order. */
    record Block(List<Node> stmts) implements Node {
    }

    /** {@code Giambio.sleep(tenths / 10 s)}. */
    record Sleep(int tenths) implements Node {
    }

    /** {@code Giambio.checkpoint()}. */
    record Checkpoint() implements Node {
    }

    /** Throws the program's own exception, a fresh {@link ProgramFailure} naming this node. */
    record Fail() implements Node {
    }

    /** Sets event {@code e}. */
    record SetEvent(int e) implements Node {
    }

    /** Waits for event {@code e}. */
    record WaitEvent(int e) implements Node {
    }

    /** Runs {@code body} holding lock {@code l}. */
    record WithLock(int l, Block body) implements Node {
    }

    /** Runs {@code body} holding a permit of the program's semaphore (2 permits). */
    record WithSemaphore(Block body) implements Node {
    }

    /** Waits on the program's condition (taking and giving back its lock). */
    record CondWait() implements Node {
    }

    /** Signals every waiter of the program's condition. */
    record CondSignalAll() implements Node {
    }

    /** Sends {@code v} on the program's channel. */
    record Send(int v) implements Node {
    }

    /** Receives one item from the program's channel. */
    record Receive() implements Node {
    }

    /** {@code Threads.runInThread}: the work returns, or throws its own failure if {@code fail}. */
    record InThread(boolean fail) implements Node {
    }

    /** Cancels the innermost enclosing pool (nothing if there is none). */
    record CancelPool() implements Node {
    }

    /** Cancels the {@code k % n}-th task spawned so far in the innermost enclosing pool. */
    record CancelSibling(int k) implements Node {
    }

    /** {@code Giambio.createPool}: spawns one task per child, then runs {@code body}. */
    record Pool(List<Block> children, Block body) implements Node {
    }

    /** {@code withTimeout} (raising) or {@code skipAfter} around {@code body}. */
    record Timeout(int tenths, boolean raising, Block body) implements Node {
    }

    /** A shielded {@code CancelScope} around {@code body}. */
    record Shield(Block body) implements Node {
    }

    // ---- static facts used by the model ----------------------------------------------------

    /** Whether a subtree may delay its unwinding in virtual time (shields, thread calls). */
    static boolean mayDelayUnwinding(Node n) {
        return switch (n) {
            case Shield s -> true;
            case InThread t -> true;
            case Block b -> b.stmts().stream().anyMatch(Program::mayDelayUnwinding);
            case WithLock w -> mayDelayUnwinding(w.body());
            case WithSemaphore w -> mayDelayUnwinding(w.body());
            case Pool p -> mayDelayUnwinding(p.body()) || p.children().stream().anyMatch(Program::mayDelayUnwinding);
            case Timeout t -> mayDelayUnwinding(t.body());
            default -> false;
        };
    }

    /** Numbers every node in pre-order, for readable messages and for the rendering. */
    Map<Node, Integer> numbering() {
        Map<Node, Integer> ids = new IdentityHashMap<>();
        number(body, ids);
        return ids;
    }

    private static void number(Node n, Map<Node, Integer> ids) {
        ids.put(n, ids.size() + 1);
        switch (n) {
            case Block b -> b.stmts().forEach(s -> number(s, ids));
            case WithLock w -> number(w.body(), ids);
            case WithSemaphore w -> number(w.body(), ids);
            case Pool p -> {
                p.children().forEach(c -> number(c, ids));
                number(p.body(), ids);
            }
            case Timeout t -> number(t.body(), ids);
            case Shield s -> number(s.body(), ids);
            default -> {
            }
        }
    }

    /** Counts the nodes. */
    int size() {
        return numbering().size();
    }

    // ---- rendering ----------------------------------------------------------------------------

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("\n// channel capacity " + capacity + ", "
                + (shuffle < 0 ? "FIFO" : "shuffle seed " + shuffle) + "; every node's body runs in try/finally\n");
        out.append("Giambio.run(options, () -> Giambio.skipAfter(Duration.ofSeconds(1000), () -> {\n");
        new Java(numbering(), out).block(body, 1, 0);
        out.append("}));\n// rebuild: ").append(dsl()).append('\n');
        return out.toString();
    }

    /** The expression that rebuilds this program with {@link Dsl}'s factories. */
    String dsl() {
        return "program(" + capacity + ", " + shuffle + "L, " + dsl(body) + ")";
    }

    private static String dsl(Node n) {
        return switch (n) {
            case Block b -> "seq(" + b.stmts().stream().map(Program::dsl).collect(Collectors.joining(", ")) + ")";
            case Sleep s -> "sleep(" + s.tenths() + ")";
            case Checkpoint c -> "checkpoint()";
            case Fail f -> "fail()";
            case SetEvent s -> "set(" + s.e() + ")";
            case WaitEvent w -> "await(" + w.e() + ")";
            case WithLock w -> "lock(" + w.l() + ", " + dsl(w.body()) + ")";
            case WithSemaphore w -> "semaphore(" + dsl(w.body()) + ")";
            case CondWait c -> "condWait()";
            case CondSignalAll c -> "condSignalAll()";
            case Send s -> "send(" + s.v() + ")";
            case Receive r -> "receive()";
            case InThread t -> "inThread(" + t.fail() + ")";
            case CancelPool c -> "cancelPool()";
            case CancelSibling c -> "cancelSibling(" + c.k() + ")";
            case Pool p -> "pool(" + dsl(p.body())
                    + p.children().stream().map(c -> ", " + dsl(c)).collect(Collectors.joining()) + ")";
            case Timeout t -> (t.raising() ? "failAfter(" : "moveOnAfter(") + t.tenths() + ", " + dsl(t.body()) + ")";
            case Shield s -> "shield(" + dsl(s.body()) + ")";
        };
    }

    /** Renders nodes as the Java source that {@link ProgramRunner} effectively runs. */
    private record Java(Map<Node, Integer> ids, StringBuilder out) {

        void line(int indent, String s) {
            out.append("    ".repeat(indent)).append(s).append('\n');
        }

        /** {@code pool} is the number of the innermost pool (its handles are poolN, tasksN), 0 if none. */
        void block(Block b, int indent, int pool) {
            for (Node n : b.stmts()) {
                node(n, indent, pool);
            }
        }

        static String secs(int tenths) {
            return "Duration.ofMillis(" + tenths * 100 + ")";
        }

        void node(Node n, int in, int pool) {
            int id = ids.get(n);
            switch (n) {
                case Block b -> block(b, in, pool);
                case Sleep s -> line(in, "Giambio.sleep(" + secs(s.tenths()) + ");");
                case Checkpoint c -> line(in, "Giambio.checkpoint();");
                case Fail f -> line(in, "throw new ProgramFailure(" + id + ");");
                case SetEvent s -> line(in, "event" + s.e() + ".set();");
                case WaitEvent w -> line(in, "event" + w.e() + ".await();");
                case WithLock w -> {
                    line(in, "lock" + w.l() + ".acquire();");
                    line(in, "try {");
                    block(w.body(), in + 1, pool);
                    line(in, "} finally {");
                    line(in + 1, "lock" + w.l() + ".release();");
                    line(in, "}");
                }
                case WithSemaphore w -> {
                    line(in, "semaphore.acquire();");
                    line(in, "try {");
                    block(w.body(), in + 1, pool);
                    line(in, "} finally {");
                    line(in + 1, "semaphore.release();");
                    line(in, "}");
                }
                case CondWait c -> line(in, "condition.lock().withLock(() -> condition.await());");
                case CondSignalAll c -> line(in, "condition.lock().withLock(() -> condition.signalAll());");
                case Send s -> line(in, "channel.sender().send(" + s.v() + ");");
                case Receive r -> line(in, "channel.receiver().receive();");
                case InThread t -> line(in, "Threads.runInThread(() -> " + (t.fail() ? "{ throw new ProgramFailure(" + id + "); }" : "1") + ");");
                case CancelPool c -> line(in, pool == 0 ? "// cancelPool(): no enclosing pool" : "pool" + pool + ".cancel();");
                case CancelSibling c -> line(in, pool == 0 ? "// cancelSibling(" + c.k() + "): no enclosing pool"
                        : "if (!tasks" + pool + ".isEmpty()) tasks" + pool + ".get(" + c.k() + " % tasks" + pool + ".size()).cancel();");
                case Pool p -> {
                    line(in, "List<Task<?>> tasks" + id + " = new ArrayList<>();");
                    line(in, "Giambio.createPool(pool" + id + " -> {");
                    for (Block child : p.children()) {
                        line(in + 1, "tasks" + id + ".add(pool" + id + ".spawn(() -> {");
                        block(child, in + 2, id);
                        line(in + 1, "}));");
                    }
                    block(p.body(), in + 1, id);
                    line(in, "});");
                }
                case Timeout t -> {
                    if (t.raising()) {
                        line(in, "try {");
                        line(in + 1, "Giambio.withTimeout(" + secs(t.tenths()) + ", () -> {");
                        block(t.body(), in + 2, pool);
                        line(in + 1, "});");
                        line(in, "} catch (TooSlowException e) {");
                        line(in + 1, "// model: caught here, at exactly start + " + secs(t.tenths()));
                        line(in, "}");
                    } else {
                        line(in, "Giambio.skipAfter(" + secs(t.tenths()) + ", () -> {");
                        block(t.body(), in + 1, pool);
                        line(in, "});");
                    }
                }
                case Shield s -> {
                    line(in, "CancelScope shield" + id + " = CancelScope.create();");
                    line(in, "shield" + id + ".setShield(true);");
                    line(in, "shield" + id + ".run(() -> {");
                    block(s.body(), in + 1, pool);
                    line(in, "});");
                }
            }
        }
    }

    /** Factories for regression cases: {@code program(0, -1L, seq(pool(seq(), seq(fail()))))}. */
    static final class Dsl {
        private Dsl() {
        }

        static Program program(int capacity, long shuffle, Block body) {
            return new Program(body, capacity, shuffle);
        }

        static Block seq(Node... stmts) {
            return new Block(List.of(stmts));
        }

        static Sleep sleep(int tenths) {
            return new Sleep(tenths);
        }

        static Checkpoint checkpoint() {
            return new Checkpoint();
        }

        static Fail fail() {
            return new Fail();
        }

        static SetEvent set(int e) {
            return new SetEvent(e);
        }

        static WaitEvent await(int e) {
            return new WaitEvent(e);
        }

        static WithLock lock(int l, Block body) {
            return new WithLock(l, body);
        }

        static WithSemaphore semaphore(Block body) {
            return new WithSemaphore(body);
        }

        static CondWait condWait() {
            return new CondWait();
        }

        static CondSignalAll condSignalAll() {
            return new CondSignalAll();
        }

        static Send send(int v) {
            return new Send(v);
        }

        static Receive receive() {
            return new Receive();
        }

        static InThread inThread(boolean fail) {
            return new InThread(fail);
        }

        static CancelPool cancelPool() {
            return new CancelPool();
        }

        static CancelSibling cancelSibling(int k) {
            return new CancelSibling(k);
        }

        static Pool pool(Block body, Block... children) {
            return new Pool(new ArrayList<>(List.of(children)), body);
        }

        static Timeout failAfter(int tenths, Block body) {
            return new Timeout(tenths, true, body);
        }

        static Timeout moveOnAfter(int tenths, Block body) {
            return new Timeout(tenths, false, body);
        }

        static Shield shield(Block body) {
            return new Shield(body);
        }
    }
}
