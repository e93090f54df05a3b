package giambio.itests;

import giambio.api.Giambio;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The giambio programs the OSGi tests run inside the framework.
 *
 * <p>Discussion: they live here, not in the Pax Exam test classes, because the test classes
 * are also loaded outside the framework, where the giambio jars are deliberately not on the
 * class path; JUnit reflects on every declared method of a test class, and a lambda taking a
 * {@code TaskPool} compiles to a method whose signature names a giambio type.
 */
public final class OsgiScenarios {

    private OsgiScenarios() {
    }

    /** Runs a loop whose main returns 42. */
    public static Object runReturningValue() throws Exception {
        return Giambio.run(() -> 42);
    }

    /**
     * Runs a pool with two children that sleep 50 ms.
     *
     * @return what happened, in order: "body", then each child as "name@thread name"
     */
    public static List<String> poolWithSleepingChildren() throws Exception {
        List<String> seen = new ArrayList<>();
        int size = Giambio.run(() -> {
            Giambio.createPool(pool -> {
                for (String name : List.of("a", "b")) {
                    pool.spawn(name, () -> {
                        Giambio.sleep(Duration.ofMillis(50));
                        seen.add(name + "@" + Thread.currentThread().getName());
                    });
                }
                seen.add("body");
            });
            return seen.size();
        });
        if (size != seen.size()) {
            throw new AssertionError("main returned " + size + " but saw " + seen);
        }
        return seen;
    }

    /**
     * Runs a pool whose child throws {@code boom} while its sibling sleeps.
     *
     * @return what {@code run} threw, or {@code null} if it returned
     */
    public static Throwable childFailure(RuntimeException boom) {
        try {
            Giambio.run(() -> {
                Giambio.createPool(pool -> {
                    pool.spawn("sleeper", () -> Giambio.sleep(Duration.ofSeconds(30)));
                    pool.spawn("thrower", () -> {
                        throw boom;
                    });
                });
            });
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Calls {@code run} inside a running loop; returns what the inner call threw, or null. */
    public static Throwable nestedRun() throws Exception {
        return Giambio.run(() -> {
            try {
                Giambio.run(() -> 1);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    /** Runs a loop and returns the simple class name of the kernel that ran it. */
    public static String kernelClass() throws Exception {
        return Giambio.run(() -> giambio.api.Lowlevel.kernel().getClass().getSimpleName());
    }

    /**
     * The kernel class a loop gets with {@code giambio.kernel} set to {@code name}; restores
     * the property afterwards.
     *
     * @return the simple name of the kernel's class
     */
    public static String kernelClassWith(String name) throws Exception {
        String previous = System.setProperty("giambio.kernel", name);
        try {
            return kernelClass();
        } finally {
            restore("giambio.kernel", previous);
        }
    }

    /** The class loader of {@code Giambio} as this code sees it (the api bundle's, in OSGi). */
    public static ClassLoader apiLoader() {
        return Giambio.class.getClassLoader();
    }

    /**
     * Runs {@link #poolWithSleepingChildren()} with {@code giambio.debuggers} set to
     * {@code names}, capturing {@code System.out}; restores both afterwards.
     *
     * @return the captured output
     */
    public static String withDebuggers(String names) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String previous = System.setProperty("giambio.debuggers", names);
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            poolWithSleepingChildren();
        } finally {
            System.setOut(saved);
            restore("giambio.debuggers", previous);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs {@link #poolWithSleepingChildren()} with {@code giambio.kernel} set to {@code name};
     * restores the property afterwards.
     *
     * @return what the pool saw
     */
    public static List<String> withKernel(String name) throws Exception {
        String previous = System.setProperty("giambio.kernel", name);
        try {
            return poolWithSleepingChildren();
        } finally {
            restore("giambio.kernel", previous);
        }
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
