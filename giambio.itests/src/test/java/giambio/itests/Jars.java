package giambio.itests;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The packaged jars under test, as handed over by the build (dependency:properties, then
 * failsafe system properties). A missing or unbuilt jar fails the test at once.
 */
final class Jars {

    private Jars() {
    }

    static Path debug() {
        return jar("giambio.itests.debug.jar");
    }

    static Path api() {
        return jar("giambio.itests.api.jar");
    }

    static Path loop() {
        return jar("giambio.itests.loop.jar");
    }

    static Path net() {
        return jar("giambio.itests.net.jar");
    }

    static Path testing() {
        return jar("giambio.itests.testing.jar");
    }

    /** The kernel conformance suite. */
    static Path tck() {
        return jar("giambio.itests.tck.jar");
    }

    /** The fixture bundle/module with the {@code sample} debugger. */
    static Path sampleDebugger() {
        return jar("giambio.itests.debugger.jar");
    }

    /** The fixture bundle/module with the {@code tiny} kernel. */
    static Path tinyKernel() {
        return jar("giambio.itests.kernel.jar");
    }

    static Path spifly() {
        return jar("giambio.itests.spifly.jar");
    }

    static List<Path> asm() {
        return Arrays.stream(property("giambio.itests.asm.jars").split(",")).map(Jars::existing).toList();
    }

    /** A fresh directory under the build's work directory for one test's files. */
    static Path workDir(String name) throws java.io.IOException {
        Path base = Path.of(property("giambio.itests.work"));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name + "-");
    }

    /** Joins paths with the platform's path separator, for --module-path and -cp. */
    static String pathOf(Path... paths) {
        return String.join(File.pathSeparator, Arrays.stream(paths).map(Path::toString).toList());
    }

    static Path jar(String property) {
        return existing(property(property));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("system property " + name + " is not set: run the itests through "
                    + "./mvnw verify, which passes the packaged jars' paths");
        }
        return value;
    }

    private static Path existing(String path) {
        Path p = Path.of(path.strip());
        if (!Files.isRegularFile(p) || !p.getFileName().toString().endsWith(".jar")) {
            throw new IllegalStateException("not a packaged jar: " + p + " (the build must run the package phase first)");
        }
        return p;
    }
}
