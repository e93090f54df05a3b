package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules D2 and D3 with plug-ins from separate jars, in child JVMs: the {@code sample}
 * debugger fixture switched on by {@code -Dgiambio.debuggers}, and the {@code tiny} kernel
 * fixture chosen by {@code -Dgiambio.kernel}, on the module path and on the class path.
 */
class PluginsIT {

    static Path work;
    static Path appModule;
    static Path appClasses;

    @BeforeAll
    static void compileApp() throws Exception {
        work = Jars.workDir("plugins");
        appModule = TestApp.compileModule(work, Jars.debug(), Jars.api());
        appClasses = TestApp.compileClasses(work, Jars.debug(), Jars.api());
    }

    static ChildJvm.Result onModulePath(String property, Path... plugins) throws Exception {
        List<Path> path = new ArrayList<>(List.of(Jars.debug(), Jars.api(), Jars.loop()));
        path.addAll(List.of(plugins));
        path.add(appModule);
        return ChildJvm.run(work, List.of(property, "--module-path", Jars.pathOf(path.toArray(Path[]::new)),
                "-m", "app/app.Main"));
    }

    static ChildJvm.Result onClassPath(String property, Path... plugins) throws Exception {
        List<Path> path = new ArrayList<>(List.of(Jars.debug(), Jars.api(), Jars.loop()));
        path.addAll(List.of(plugins));
        path.add(appClasses);
        return ChildJvm.run(work, List.of(property, "-cp", Jars.pathOf(path.toArray(Path[]::new)), "app.Main"));
    }

    /**
     * The app's three runs (two pools, then the one that reports the kernel), each seen by the
     * sample debugger from start to exit.
     */
    static void assertDebuggerSawBothRuns(ChildJvm.Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("result=42 order=[a, b]"), r.toString());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("sample-debugger: ")).toList();
        assertEquals("sample-debugger: onStart", lines.get(0), r.toString());
        assertTrue(lines.contains("sample-debugger: spawn a"), r.toString());
        assertTrue(lines.contains("sample-debugger: spawn b"), r.toString());
        assertTrue(lines.contains("sample-debugger: spawn thrower"), r.toString());
        // First run: root, a and b spawned; a and b each finished a sleep.
        assertTrue(lines.contains("sample-debugger: onExit spawns=3 sleeps=2"), r.toString());
        // Third run: only the root, asking which kernel runs it.
        assertTrue(lines.contains("sample-debugger: onExit spawns=1 sleeps=0"), r.toString());
        assertEquals(3, lines.stream().filter(l -> l.equals("sample-debugger: onStart")).count(), r.toString());
        assertEquals(3, lines.stream().filter(l -> l.startsWith("sample-debugger: onExit")).count(), r.toString());
    }

    @Test
    void sampleDebuggerOnModulePath() throws Exception {
        assertDebuggerSawBothRuns(onModulePath("-Dgiambio.debuggers=sample", Jars.sampleDebugger()));
    }

    @Test
    void sampleDebuggerOnClassPath() throws Exception {
        assertDebuggerSawBothRuns(onClassPath("-Dgiambio.debuggers=sample", Jars.sampleDebugger()));
    }

    @Test
    void debuggerIsSelectedByClassNameToo() throws Exception {
        assertDebuggerSawBothRuns(onModulePath("-Dgiambio.debuggers=giambio.itests.debugger.SampleDebugger",
                Jars.sampleDebugger()));
    }

    @Test
    void debuggerIsOffUnlessNamed() throws Exception {
        ChildJvm.Result r = onModulePath("-Dgiambio.itests.unused=1", Jars.sampleDebugger());
        assertEquals(0, r.exitCode(), r.toString());
        assertFalse(r.out().contains("sample-debugger"), r.toString());
    }

    @Test
    void unknownDebuggerFailsClearly() throws Exception {
        ChildJvm.Result r = onModulePath("-Dgiambio.debuggers=nope", Jars.sampleDebugger());
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("java.lang.IllegalStateException: debugger 'nope'"), r.toString());
        assertTrue(r.err().contains("giambio.debuggers"), r.toString());
        // The message lists what is available.
        assertTrue(r.err().contains("[trace, sample]") || r.err().contains("[sample, trace]"), r.toString());
        assertFalse(r.out().contains("result="), r.toString());
    }

    /** The app ran both pools on the tiny kernel: platform threads named tiny:<task>. */
    static void assertTinyKernel(ChildJvm.Result r) {
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("child a thread=tiny:a virtual=false"), r.toString());
        assertTrue(r.out().contains("child b thread=tiny:b virtual=false"), r.toString());
        assertTrue(r.out().contains("result=42 order=[a, b]"), r.toString());
        assertTrue(r.out().contains("failure=same"), r.toString());
    }

    @Test
    void tinyKernelOnModulePath() throws Exception {
        assertTinyKernel(onModulePath("-Dgiambio.kernel=tiny", Jars.tinyKernel()));
    }

    @Test
    void tinyKernelOnClassPath() throws Exception {
        assertTinyKernel(onClassPath("-Dgiambio.kernel=tiny", Jars.tinyKernel()));
    }

    @Test
    void defaultKernelWinsByPriorityWhenNoneIsNamed() throws Exception {
        ChildJvm.Result r = onModulePath("-Dgiambio.itests.unused=1", Jars.tinyKernel());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("child a thread=a virtual=true"), r.toString());
    }

    @Test
    void unknownKernelFailsClearly() throws Exception {
        ChildJvm.Result r = onModulePath("-Dgiambio.kernel=nope", Jars.tinyKernel());
        assertNotEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("java.lang.IllegalStateException: giambio kernel 'nope'"), r.toString());
        assertTrue(r.err().contains("tiny (priority 1)"), r.toString());
    }
}
