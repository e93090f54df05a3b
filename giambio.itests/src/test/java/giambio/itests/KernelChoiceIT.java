package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: the kernel a user gets without asking follows the user's intent. A JVM that grants
 * {@code jdk.internal.vm} to giambio (flag on the module path or class path, or an executable
 * jar's {@code Add-Exports} attribute) runs the continuation kernel; one that does not runs
 * baton, silently; {@code -Dgiambio.kernel} still overrides; a DEBUG log line says which and why.
 * Each case is a child JVM of the test's JDK running {@link TestApp} from the packaged jars.
 */
class KernelChoiceIT {

    static final String CONTINUATION = "kernel=ContinuationKernel";
    static final String BATON = "kernel=BatonKernel";

    static Path work;
    static Path moduleApp;
    static Path classApp;
    static Path logging;

    @BeforeAll
    static void compileApp() throws Exception {
        work = Jars.workDir("kernel-choice");
        moduleApp = TestApp.compileModule(work, Jars.debug(), Jars.api());
        classApp = TestApp.compileClasses(work, Jars.debug(), Jars.api());
        // java.util.logging shows the giambio logger's DEBUG (FINE) records on standard error.
        logging = Files.writeString(work.resolve("logging.properties"), """
                handlers=java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.level=FINE
                giambio.level=FINE
                """);
    }

    private static ChildJvm.Result onModulePath(String... jvmOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of(jvmOptions));
        args.addAll(List.of("--add-modules", "java.logging", "-Djava.util.logging.config.file=" + logging,
                "--module-path", Jars.pathOf(Jars.debug(), Jars.api(), Jars.loop(), moduleApp), "-m", "app/app.Main"));
        return ChildJvm.run(work, args);
    }

    private static ChildJvm.Result onClassPath(String... jvmOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of(jvmOptions));
        args.addAll(List.of("-Djava.util.logging.config.file=" + logging,
                "-cp", Jars.pathOf(Jars.debug(), Jars.api(), Jars.loop(), classApp), "app.Main"));
        return ChildJvm.run(work, args);
    }

    private static void assertRan(ChildJvm.Result r, String kernel, String why) {
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("result=42 order=[a, b]"), r.toString());
        assertTrue(r.out().contains("failure=same"), r.toString());
        assertTrue(r.out().contains(kernel), r.toString());
        String name = kernel.equals(CONTINUATION) ? "continuation" : "baton";
        assertTrue(r.err().contains("giambio kernel " + name + " chosen: " + why), r.toString());
        // Silently: no warning or error about the kernel that was not chosen.
        assertFalse(r.err().contains("WARNING"), r.toString());
        assertFalse(r.err().contains("SEVERE"), r.toString());
    }

    @Test
    void modulePathWithTheExportRunsContinuation() throws Exception {
        ChildJvm.Result r = onModulePath("--add-exports", "java.base/jdk.internal.vm=giambio.loop");
        assertRan(r, CONTINUATION, "none requested, the available kernel with the highest priority");
        // Continuation tasks share the loop thread; baton names each task's thread after it.
        assertFalse(r.out().contains("child a thread=a "), r.toString());
    }

    @Test
    void modulePathWithoutTheExportRunsBaton() throws Exception {
        ChildJvm.Result r = onModulePath();
        assertRan(r, BATON, "none requested, the available kernel with the highest priority");
        assertTrue(r.err().contains("continuation (priority 200, unavailable: the JVM does not export jdk.internal.vm"
                + " to giambio.loop"), r.toString());
        assertTrue(r.out().contains("child a thread=a virtual=true"), r.toString());
    }

    @Test
    void modulePathExportToTheWrongModuleRunsBaton() throws Exception {
        assertRan(onModulePath("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"), BATON,
                "none requested, the available kernel with the highest priority");
    }

    @Test
    void thePropertyOverridesTheGrant() throws Exception {
        assertRan(onModulePath("--add-exports", "java.base/jdk.internal.vm=giambio.loop", "-Dgiambio.kernel=baton"),
                BATON, "requested by the system property giambio.kernel");
    }

    @Test
    void classPathWithTheExportRunsContinuation() throws Exception {
        assertRan(onClassPath("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"), CONTINUATION,
                "none requested, the available kernel with the highest priority");
    }

    @Test
    void classPathWithoutTheExportRunsBaton() throws Exception {
        ChildJvm.Result r = onClassPath();
        assertRan(r, BATON, "none requested, the available kernel with the highest priority");
        assertTrue(r.err().contains("unavailable: the JVM does not export jdk.internal.vm to ALL-UNNAMED"), r.toString());
    }

    @Test
    void classPathViaJdkJavaOptionsRunsContinuation() throws Exception {
        // JDK_JAVA_OPTIONS is read by the java launcher: the grant without touching the command.
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.config.file=" + logging,
                "-cp", Jars.pathOf(Jars.debug(), Jars.api(), Jars.loop(), classApp), "app.Main"));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        pb.environment().put("JDK_JAVA_OPTIONS", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED");
        Path out = Files.createTempFile(work, "out-", ".txt");
        Path err = Files.createTempFile(work, "err-", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "child JVM did not finish: " + command);
        ChildJvm.Result r = new ChildJvm.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains(CONTINUATION), r.toString());
        assertTrue(r.err().contains("NOTE: Picked up JDK_JAVA_OPTIONS"), r.toString());
    }

    @Test
    void executableJarWithAddExportsRunsContinuationWithNoFlag() throws Exception {
        Path dir = Files.createDirectories(work.resolve("exe"));
        Path jar = executableJar(dir, "app.jar", true);
        ChildJvm.Result r = ChildJvm.run(dir, List.of("-Djava.util.logging.config.file=" + logging, "-jar", jar.toString()));
        assertRan(r, CONTINUATION, "none requested, the available kernel with the highest priority");
    }

    @Test
    void executableJarWithoutAddExportsRunsBaton() throws Exception {
        Path dir = Files.createDirectories(work.resolve("exe-plain"));
        Path jar = executableJar(dir, "app.jar", false);
        ChildJvm.Result r = ChildJvm.run(dir, List.of("-Djava.util.logging.config.file=" + logging, "-jar", jar.toString()));
        assertRan(r, BATON, "none requested, the available kernel with the highest priority");
    }

    /** Writes {@code dir/name}: the app's classes, giambio's jars beside it on its Class-Path. */
    private static Path executableJar(Path dir, String name, boolean addExports) throws IOException {
        List<String> classPath = new ArrayList<>();
        for (Path lib : List.of(Jars.debug(), Jars.api(), Jars.loop())) {
            Files.copy(lib, dir.resolve(lib.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            classPath.add(lib.getFileName().toString());
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "app.Main");
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        if (addExports) {
            main.put(new Attributes.Name("Add-Exports"), "java.base/jdk.internal.vm");
        }
        Path jar = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, manifest);
             Stream<Path> files = Files.walk(classApp)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classApp.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
