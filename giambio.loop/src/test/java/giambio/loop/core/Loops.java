package giambio.loop.core;

import giambio.api.Action;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.util.concurrent.Callable;

/** Test helpers: run on an autojumping virtual clock so that time-based tests are instant and exact. */
final class Loops {
    private Loops() {
    }

    static RunOptions virtual() {
        return RunOptions.builder().clock(VirtualClock.autojumping()).build();
    }

    static <T> T runVirtual(Callable<T> main) throws Exception {
        return Giambio.run(virtual(), main);
    }

    static void runVirtual(Action main) throws Exception {
        Giambio.run(virtual(), main);
    }
}
