package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rule D2 on the class path: the same app, not modular, finds the kernel through
 * {@code META-INF/services} in the giambio.loop jar.
 */
class ClassPathIT {

    static Path work;
    static Path app;

    @BeforeAll
    static void compileApp() throws Exception {
        work = Jars.workDir("class-path");
        app = TestApp.compileClasses(work, Jars.debug(), Jars.api());
    }

    @Test
    void kernelIsFoundThroughMetaInfServices() throws Exception {
        ChildJvm.Result r = ChildJvm.run(work, List.of(
                "-cp", Jars.pathOf(Jars.debug(), Jars.api(), Jars.loop(), app), "app.Main"));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("result=42 order=[a, b]"), r.toString());
        assertTrue(r.out().contains("failure=same"), r.toString());
        assertTrue(r.out().contains("named=false loop-in-boot-layer=false"), r.toString());
        assertTrue(r.out().contains("child b thread=b virtual=true"), r.toString());
    }

    @Test
    void missingLoopFailsClearly() throws Exception {
        ChildJvm.Result r = ChildJvm.run(work, List.of(
                "-cp", Jars.pathOf(Jars.debug(), Jars.api(), app), "app.Main"));
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("java.lang.IllegalStateException: no giambio kernel found"), r.toString());
    }
}
