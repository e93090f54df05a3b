package giambio.loop.props;

import giambio.loop.props.Program.Block;
import giambio.loop.props.Program.Node;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The generator of random structured programs. Depth bounds nesting (pools of pools of
 * timeouts ...); {@code mustEnd} is set inside shielded scopes, where a wait that nobody
 * satisfies would outlive the program's horizon, so there only statements that end by
 * themselves (or waits under a nested timeout of their own) are generated. Everything
 * else may wait forever: the 1000 s horizon of {@link ProgramRunner} ends such programs,
 * which is itself a cancellation path worth testing.
 */
final class Programs {
    private Programs() {
    }

    static Arbitrary<Program> programs() {
        return Combinators.combine(node(4, false, 0).list().ofMinSize(1).ofMaxSize(6).map(Block::new),
                Arbitraries.integers().between(0, 2),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(-1L)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 1_000_000))))
                .as(Program::new);
    }

    /** {@code held}: bit l set when the task running this block holds lock l (locks are not reentrant). */
    static Arbitrary<Block> block(int depth, boolean mustEnd, int held) {
        return node(depth, mustEnd, held).list().ofMinSize(0).ofMaxSize(depth >= 3 ? 3 : 4).map(Block::new);
    }

    @SuppressWarnings("unchecked")
    static Arbitrary<Node> node(int depth, boolean mustEnd, int held) {
        Arbitrary<Integer> tenths = Arbitraries.integers().between(0, 30);
        Arbitrary<Node> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, tenths.map(Program.Sleep::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.create(Program.Checkpoint::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.create(Program.Fail::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 2).map(Program.SetEvent::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.create(Program.CondSignalAll::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(Program.InThread::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.create(Program.CancelPool::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 3).map(Program.CancelSibling::new)));
        Arbitrary<Node> waits = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 2).map(Program.WaitEvent::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.create(Program.CondWait::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 9).map(Program.Send::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.create(Program.Receive::new)));
        if (depth <= 0) {
            return mustEnd ? leaf : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaf), net.jqwik.api.Tuple.of(1, waits));
        }
        Arbitrary<Node> pool = Arbitraries.lazy(() -> Combinators.combine(
                        block(depth - 1, mustEnd, 0).list().ofMinSize(1).ofMaxSize(3),
                        block(depth - 1, mustEnd, held))
                .as((children, body) -> new Program.Pool(children, body)));
        Arbitrary<Node> timeout = Arbitraries.lazy(() -> Combinators.combine(tenths, Arbitraries.of(true, false),
                        block(depth - 1, false, held))
                .as(Program.Timeout::new));
        Arbitrary<Node> shield = Arbitraries.lazy(() -> block(depth - 1, true, held).map(Program.Shield::new));
        Arbitrary<Node> withLock = held == 3 ? Arbitraries.create(Program.Checkpoint::new)
                : Arbitraries.lazy(() -> Arbitraries.integers().between(0, 1).filter(l -> (held & (1 << l)) == 0)
                        .flatMap(l -> block(depth - 1, mustEnd, held | (1 << l)).map(b -> new Program.WithLock(l, b))));
        Arbitrary<Node> withSemaphore = Arbitraries.lazy(() -> block(depth - 1, mustEnd, held).map(Program.WithSemaphore::new));
        if (mustEnd) {
            // locks and semaphores can wait for a holder that waits forever outside the shield
            return Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(8, leaf),
                    net.jqwik.api.Tuple.of(2, pool),
                    net.jqwik.api.Tuple.of(2, timeout),
                    net.jqwik.api.Tuple.of(1, shield));
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, leaf),
                net.jqwik.api.Tuple.of(3, waits),
                net.jqwik.api.Tuple.of(5, pool),
                net.jqwik.api.Tuple.of(3, timeout),
                net.jqwik.api.Tuple.of(1, shield),
                net.jqwik.api.Tuple.of(1, withLock),
                net.jqwik.api.Tuple.of(1, withSemaphore));
    }
}
