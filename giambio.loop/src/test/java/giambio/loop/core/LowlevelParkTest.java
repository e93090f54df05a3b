package giambio.loop.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.spi.Kernel;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Lowlevel.park hands a third-party primitive the outcome it was rescheduled with, unwrapped by nobody. */
class LowlevelParkTest {

    /** Parks the calling task; a timer reschedules it with {@code outcome}. */
    static Outcome parkUntilRescheduledWith(Outcome outcome) {
        Kernel kernel = Lowlevel.kernel();
        KernelTask me = Lowlevel.currentKernelTask();
        kernel.callAt(kernel.nanoTime(), () -> kernel.reschedule(me, outcome));
        return Lowlevel.park(() -> false);
    }

    @Test
    void parkReturnsAnUncheckedFailureOutcomeInsteadOfThrowingIt() throws Exception {
        Outcome failure = Outcome.failure(new IllegalStateException("the primitive's own failure"));
        assertSame(failure, Giambio.run(() -> parkUntilRescheduledWith(failure)));
    }

    @Test
    void parkReturnsACheckedFailureOutcomeAsIs() throws Exception {
        Outcome failure = Outcome.failure(new IOException("the primitive's own failure"));
        assertSame(failure, Giambio.run(() -> parkUntilRescheduledWith(failure)));
    }

    @Test
    void parkReturnsASuccessOutcomeAsIs() throws Exception {
        Outcome success = Outcome.success("value");
        assertEquals(success, Giambio.run(() -> parkUntilRescheduledWith(success)));
    }
}
