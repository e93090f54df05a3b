package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule D2 on the module path: an app module that requires only {@code giambio.api} gets the
 * default kernel through service binding, in a child JVM of the test's JDK.
 */
class ModulePathIT {

    static Path work;
    static Path app;

    @BeforeAll
    static void compileApp() throws Exception {
        work = Jars.workDir("module-path");
        app = TestApp.compileModule(work, Jars.debug(), Jars.api());
    }

    @Test
    void kernelIsBoundByServiceBinding() throws Exception {
        ChildJvm.Result r = ChildJvm.run(work, List.of(
                "--module-path", Jars.pathOf(Jars.debug(), Jars.api(), Jars.loop(), app),
                "-m", "app/app.Main"));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("result=42 order=[a, b]"), r.toString());
        assertTrue(r.out().contains("failure=same"), r.toString());
        assertTrue(r.out().contains("named=true loop-in-boot-layer=true"), r.toString());
        // The default kernel runs each task on a virtual thread named after the task.
        assertTrue(r.out().contains("child a thread=a virtual=true"), r.toString());
    }

    @Test
    void missingLoopFailsClearly() throws Exception {
        ChildJvm.Result r = ChildJvm.run(work, List.of(
                "--module-path", Jars.pathOf(Jars.debug(), Jars.api(), app),
                "-m", "app/app.Main"));
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("java.lang.IllegalStateException: no giambio kernel found"), r.toString());
        assertTrue(r.err().contains("giambio.loop"), r.toString());
        assertTrue(!r.out().contains("result="), r.toString());
    }
}
