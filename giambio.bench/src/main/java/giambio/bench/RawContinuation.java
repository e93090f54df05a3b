package giambio.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code jdk.internal.vm.Continuation} through method handles held in static finals, as the
 * continuation kernel reaches it, for the no-scheduler baseline.
 */
public final class RawContinuation {

    /** The JVM flag every benchmark fork runs with (giambio is on the class path there). */
    public static final String EXPORT = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    private static final MethodHandle NEW;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final MethodHandle IS_DONE;
    /** The scope every baseline continuation yields to. */
    public static final Object SCOPE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> scope = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
            SCOPE = lookup.findConstructor(scope, MethodType.methodType(void.class, String.class)).invoke("bench");
            NEW = lookup.findConstructor(cont, MethodType.methodType(void.class, scope, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            RUN = lookup.findVirtual(cont, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            YIELD = lookup.findStatic(cont, "yield", MethodType.methodType(boolean.class, scope))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            IS_DONE = lookup.findVirtual(cont, "isDone", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RawContinuation() {
    }

    /**
     * Creates a continuation.
     *
     * @param body what it runs
     * @return the continuation
     */
    public static Object create(Runnable body) {
        try {
            return NEW.invokeExact(SCOPE, body);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Mounts and runs a continuation until it yields or ends.
     *
     * @param continuation the continuation
     */
    public static void run(Object continuation) {
        try {
            RUN.invokeExact(continuation);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Yields the current continuation to its runner. */
    public static void yieldNow() {
        try {
            boolean ok = (boolean) YIELD.invokeExact(SCOPE);
            if (!ok) {
                throw new IllegalStateException("pinned");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tells whether a continuation has finished.
     *
     * @param continuation the continuation
     * @return whether its body has returned
     */
    public static boolean isDone(Object continuation) {
        try {
            return (boolean) IS_DONE.invokeExact(continuation);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
