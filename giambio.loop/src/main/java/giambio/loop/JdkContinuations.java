package giambio.loop;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Reaches {@code jdk.internal.vm.Continuation} through method handles at run time.
 *
 * <p>Discussion: the build compiles with {@code --release 21}, which cannot be combined with
 * {@code --add-exports}, so the kernel cannot be compiled against the internal class. The
 * handles live in static finals of a holder class, so the JIT folds them into direct calls;
 * the holder is initialised only after the export check passed.
 */
final class JdkContinuations {

    private static final String PACKAGE = "jdk.internal.vm";

    private JdkContinuations() {
    }

    /** The {@code --add-exports} target that makes the package visible to this code. */
    static String exportTarget() {
        Module me = JdkContinuations.class.getModule();
        return me.isNamed() ? me.getName() : "ALL-UNNAMED";
    }

    /** The exact JVM flag that makes this kernel available. */
    static String flag() {
        return "--add-exports java.base/" + PACKAGE + "=" + exportTarget();
    }

    /**
     * Tells why the mechanism cannot be used in this JVM.
     *
     * @return empty when it can, else a message with the flag to add
     */
    static Optional<String> unavailableReason() {
        if (!Object.class.getModule().isExported(PACKAGE, JdkContinuations.class.getModule())) {
            return Optional.of("the JVM does not export " + PACKAGE + " to " + exportTarget()
                    + "; start java with " + flag());
        }
        try {
            Handles.touch();
            return Optional.empty();
        } catch (LinkageError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Optional.of("this JVM (" + Runtime.version() + ", " + System.getProperty("java.vm.name")
                    + ") has no usable jdk.internal.vm.Continuation: " + cause);
        }
    }

    /** The handles; initialised on first use, which fails if the package is not exported. */
    static final class Handles {
        /** {@code new ContinuationScope(String)}, as (String)Object. */
        static final MethodHandle NEW_SCOPE;
        /** {@code new Continuation(ContinuationScope, Runnable)}, as (Object, Runnable)Object. */
        static final MethodHandle NEW_CONTINUATION;
        /** {@code Continuation.run()}, as (Object)void: mounts and runs until yield or end. */
        static final MethodHandle RUN;
        /** {@code static Continuation.yield(ContinuationScope)}, as (Object)boolean. */
        static final MethodHandle YIELD;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                // Discussion: loaded from the boot loader (null), where java.base lives, not
                // through this class's loader: an OSGi bundle's loader delegates only java.*
                // to the boot loader, so in Felix the lookup failed even with the export
                // granted, and the baton kernel was chosen (found by OsgiWithExportIT).
                Class<?> scope = Class.forName(PACKAGE + ".ContinuationScope", true, null);
                Class<?> cont = Class.forName(PACKAGE + ".Continuation", true, null);
                NEW_SCOPE = lookup.findConstructor(scope, MethodType.methodType(void.class, String.class))
                        .asType(MethodType.methodType(Object.class, String.class));
                NEW_CONTINUATION = lookup.findConstructor(cont, MethodType.methodType(void.class, scope, Runnable.class))
                        .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
                RUN = lookup.findVirtual(cont, "run", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                YIELD = lookup.findStatic(cont, "yield", MethodType.methodType(boolean.class, scope))
                        .asType(MethodType.methodType(boolean.class, Object.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private Handles() {
        }

        static void touch() {
            // Initialises the class.
        }
    }
}
