package giambio.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Ctrl+C for giambio loops (S23): while at least one loop that wants it runs, the process's
 * SIGINT handler cancels every such loop instead of exiting the JVM.
 *
 * <p>Implementation overview: {@code sun.misc.Signal} (module {@code jdk.unsupported}, kept
 * available by JEP 260) is reached reflectively, so that giambio.api neither requires that
 * module nor imports {@code sun.misc} in OSGi. The first registered loop installs the handler
 * and keeps the one it replaced; the last one to leave puts it back. The handler runs on the
 * JVM's signal thread and only calls {@link Loop#interruptBySignal()}, which goes through the
 * kernel's thread-safe {@code submit}. A second SIGINT while a loop is still unwinding from
 * the first is passed to the replaced handler (the JVM's own: it exits with status 130).
 *
 * <p>Discussion: when the JVM cannot hand SIGINT to Java code ({@code -Xrs}, a runtime image
 * without {@code jdk.unsupported}, a security policy), loops run without Ctrl+C handling and
 * SIGINT keeps its default effect; this is logged once at DEBUG, never an error.
 */
final class Sigint {

    private static final System.Logger LOG = System.getLogger("giambio");

    /** Registered loops, in registration order; guarded by the class lock. */
    private static final Set<Loop> LOOPS = new LinkedHashSet<>();
    /** The handler replaced by ours while installed, else null; guarded by the class lock. */
    private static Object replaced;
    /** Set once the mechanism was found unusable; guarded by the class lock. */
    private static boolean unusable;

    private Sigint() {
    }

    /**
     * Registers {@code loop} to be cancelled by SIGINT, installing the handler if it is the
     * first.
     *
     * @return {@code true} if SIGINT now reaches the loop
     */
    static synchronized boolean register(Loop loop) {
        if (unusable) {
            return false;
        }
        if (LOOPS.isEmpty()) {
            Optional<Object> previous = Mechanism.install();
            if (previous.isEmpty()) {
                unusable = true;
                return false;
            }
            replaced = previous.get();
        }
        LOOPS.add(loop);
        return true;
    }

    /** Unregisters {@code loop}; the last one out restores the replaced handler. */
    static synchronized void unregister(Loop loop) {
        if (LOOPS.remove(loop) && LOOPS.isEmpty() && replaced != null) {
            Mechanism.restore(replaced);
            replaced = null;
        }
    }

    /** Runs on the JVM's signal thread for every SIGINT while installed. */
    private static void onSignal(Object signal) {
        Object forward = null;
        synchronized (Sigint.class) {
            for (Loop loop : LOOPS) {
                if (loop.interruptedBySignal()) {
                    forward = replaced;
                }
            }
            if (forward == null) {
                for (Loop loop : LOOPS) {
                    loop.interruptBySignal();
                }
                return;
            }
        }
        Mechanism.forward(forward, signal);
    }

    /** The reflective bridge to {@code sun.misc.Signal}; initialised on first use. */
    private static final class Mechanism {
        private static Class<?> signalClass;
        private static Class<?> handlerInterface;
        private static Method handle;
        private static Method handlerHandle;
        private static Object sigint;
        private static Object ours;

        /** Installs our handler; returns the one replaced, or empty when that is impossible. */
        static Optional<Object> install() {
            try {
                if (ours == null) {
                    Module unsupported = ModuleLayer.boot().findModule("jdk.unsupported").orElse(null);
                    if (unsupported == null) {
                        throw new ClassNotFoundException("module jdk.unsupported is not in the runtime image");
                    }
                    signalClass = Class.forName(unsupported, "sun.misc.Signal");
                    handlerInterface = Class.forName(unsupported, "sun.misc.SignalHandler");
                    if (signalClass == null || handlerInterface == null) {
                        throw new ClassNotFoundException("sun.misc.Signal or sun.misc.SignalHandler");
                    }
                    Constructor<?> ctor = signalClass.getConstructor(String.class);
                    handle = signalClass.getMethod("handle", signalClass, handlerInterface);
                    handlerHandle = handlerInterface.getMethod("handle", signalClass);
                    sigint = ctor.newInstance("INT");
                    ClassLoader loader = Sigint.class.getClassLoader() != null ? Sigint.class.getClassLoader()
                            : ClassLoader.getPlatformClassLoader();
                    ours = Proxy.newProxyInstance(loader, new Class<?>[] {handlerInterface}, (proxy, method, args) ->
                            switch (method.getName()) {
                                case "handle" -> {
                                    onSignal(args[0]);
                                    yield null;
                                }
                                case "toString" -> "giambio SIGINT handler";
                                case "hashCode" -> System.identityHashCode(proxy);
                                case "equals" -> proxy == args[0];
                                // SignalHandler declares only handle(Signal); Object's three are above
                                default -> throw new IllegalStateException("giambio's SIGINT handler has no method "
                                        + method + ": sun.misc.SignalHandler changed");
                            });
                }
                return Optional.ofNullable(handle.invoke(null, sigint, ours));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
                LOG.log(System.Logger.Level.DEBUG, "giambio cannot handle Ctrl+C in this JVM (" + cause
                        + "); SIGINT keeps its default effect");
                return Optional.empty();
            }
        }

        static void restore(Object previous) {
            try {
                handle.invoke(null, sigint, previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "giambio could not restore the previous SIGINT handler", e);
            }
        }

        /** Hands {@code signal} to the handler we replaced (the JVM's: it exits with 130). */
        static void forward(Object previous, Object signal) {
            try {
                if (handlerInterface.isInstance(previous)) {
                    handlerHandle.invoke(previous, signal);
                }
            } catch (InvocationTargetException e) {
                LOG.log(System.Logger.Level.WARNING, "the previous SIGINT handler failed", e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "giambio could not pass SIGINT on", e);
            }
        }
    }
}
