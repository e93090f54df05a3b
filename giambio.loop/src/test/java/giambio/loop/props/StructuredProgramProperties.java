package giambio.loop.props;

import static giambio.loop.props.Program.Dsl.*;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Random structured programs checked against the model of docs/reliability.md, on the kernel
 * this suite runs on (the module's build runs it on the baton kernel, then on the continuation
 * kernel). The number of programs is jqwik's {@code jqwik.tries.default} (1000 in
 * {@code junit-platform.properties}; {@code -Pproperties-100k} sets 100,000).
 *
 * <p>Every program that ever failed stays below as an {@code @Example}, rebuilt from the
 * {@code // rebuild:} line that the failure printed.
 */
class StructuredProgramProperties {

    @Property(shrinking = ShrinkingMode.FULL, seed = "")
    void everyProgramKeepsTheModel(@ForAll("programs") Program program) {
        Statistics.label("size").collect(program.size() < 10 ? "<10" : program.size() < 40 ? "10-39" : ">=40");
        ProgramRunner.check(program);
    }

    @Provide
    Arbitrary<Program> programs() {
        return Programs.programs();
    }

    // ---- regression cases: programs that once failed, and hand-picked corners of the model ----

    /**
     * Found by this suite (first 1,000-program run, 2026-12-04): a thread call's failure that
     * rode on a {@code Cancelled} was dropped by a pool that already had a failure (PoolImpl
     * kept only the first Cancelled and ignored later ones with what they carried).
     */
    @Example
    void aThreadFailureRidingOnACancelledReachesTheCallerThroughAFailedPool() {
        ProgramRunner.check(program(0, -1L, seq(pool(seq(), seq(shield(seq(pool(seq(), seq(pool(seq(), seq(fail()))),
                seq(failAfter(1, seq(inThread(true))))))))))));
    }

    @Example
    void aFailingChildAndAFailingBodyBothReachTheCaller() {
        ProgramRunner.check(program(0, -1L, seq(pool(seq(sleep(1), fail()), seq(fail()), seq(sleep(5), fail())))));
    }

    @Example
    void aTimeoutAroundAShieldFiresWhenTheShieldEnds() {
        ProgramRunner.check(program(0, -1L, seq(failAfter(5, seq(shield(seq(sleep(20))), sleep(30))))));
    }

    @Example
    void aDeadlockedProgramEndsAtTheHorizonAndLeavesNothingBehind() {
        ProgramRunner.check(program(0, 7L, seq(pool(seq(), seq(await(0)), seq(receive()), seq(lock(0, seq(condWait())))))));
    }

    @Example
    void aFailureInAThreadUnderACancelledPoolIsNotLost() {
        ProgramRunner.check(program(1, -1L, seq(pool(seq(cancelPool()), seq(inThread(true)), seq(send(1), send(2))))));
    }
}
