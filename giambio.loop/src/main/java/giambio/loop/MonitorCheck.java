package giambio.loop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The continuation kernel's opt-in monitor check ({@code -Dgiambio.continuation.checkMonitors=true}):
 * lists the monitors held on the current stack, so that a checkpoint reached inside
 * {@code synchronized} fails instead of deadlocking the loop later.
 *
 * <p>Discussion: on JDK 25 a continuation yields inside {@code synchronized} without complaint
 * (no pinning is reported, and {@code Continuation.isPinned} answers true everywhere), and
 * the next task that enters the monitor blocks the loop thread forever. The only way found to
 * see held monitors is the JDK's non-public {@code java.lang.LiveStackFrame}, which needs
 * {@code --add-opens java.base/java.lang=giambio.loop} and costs tens of microseconds per
 * checkpoint: a debugging aid, off by default. {@code ReentrantLock}s stay invisible (their
 * owner is the loop thread, shared by all tasks).
 */
final class MonitorCheck {

    /** The system property that turns the check on. */
    static final String PROPERTY = "giambio.continuation.checkMonitors";

    /** The stack walker over live frames; null if the JDK does not let us in. */
    private static final StackWalker WALKER;
    /** {@code LiveStackFrame.getMonitors()}, as (StackFrame)Object[]; null with WALKER. */
    private static final MethodHandle GET_MONITORS;
    /** Why the check cannot run; null when it can. */
    private static final String PROBLEM;

    static {
        StackWalker walker = null;
        MethodHandle monitors = null;
        String problem = null;
        try {
            Class<?> live = Class.forName("java.lang.LiveStackFrame");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(live, MethodHandles.lookup());
            walker = (StackWalker) lookup.findStatic(live, "getStackWalker",
                    MethodType.methodType(StackWalker.class, Set.class)).invoke(EnumSet.noneOf(StackWalker.Option.class));
            monitors = lookup.findVirtual(live, "getMonitors", MethodType.methodType(Object[].class))
                    .asType(MethodType.methodType(Object[].class, StackWalker.StackFrame.class));
        } catch (Throwable e) {
            walker = null;
            monitors = null;
            problem = "-D" + PROPERTY + "=true needs --add-opens java.base/java.lang=" + JdkContinuations.exportTarget()
                    + " (" + e + ")";
        }
        WALKER = walker;
        GET_MONITORS = monitors;
        PROBLEM = problem;
    }

    private MonitorCheck() {
    }

    /** Whether the property asks for the check. */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Fails if the check is requested but cannot run.
     *
     * @throws IllegalStateException naming the missing flag
     */
    static void ensureUsable() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
    }

    /** Returns the monitors held by frames of the calling thread, innermost first. */
    static List<Object> heldMonitors() {
        List<Object> held = new ArrayList<>();
        WALKER.forEach(frame -> {
            try {
                for (Object m : (Object[]) GET_MONITORS.invokeExact(frame)) {
                    if (m != null) { // a free monitor slot of an interpreted frame
                        held.add(m);
                    }
                }
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read the monitors of " + frame, e);
            }
        });
        return held;
    }
}
