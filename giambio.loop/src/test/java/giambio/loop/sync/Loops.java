package giambio.loop.sync;

import giambio.api.Action;
import giambio.api.CancelScope;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Test helpers: loops on a virtual clock, and scopes that time out. */
final class Loops {

    private Loops() {
    }

    static RunOptions virtual() {
        return RunOptions.builder().clock(VirtualClock.autojumping()).build();
    }

    static RunOptions shuffled(long seed) {
        return RunOptions.builder().clock(VirtualClock.autojumping()).shuffle(seed).build();
    }

    static <T> T run(Callable<T> main) throws Exception {
        return Giambio.run(virtual(), main);
    }

    static void run(Action main) throws Exception {
        Giambio.run(virtual(), main);
    }

    /** Runs body in a scope that times out after {@code seconds}; returns whether it was cut short. */
    static boolean timesOut(double seconds, Action body) throws Exception {
        CancelScope scope = CancelScope.create();
        scope.setTimeout(Duration.ofMillis((long) (seconds * 1000)));
        scope.run(body);
        return scope.cancelledCaught();
    }

    static void sleep(double seconds) {
        Giambio.sleep(Duration.ofMillis((long) (seconds * 1000)));
    }
}
