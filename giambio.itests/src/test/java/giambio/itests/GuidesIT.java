package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The guides' command lines, run as written: every fenced block of docs/guide-modulepath.md
 * and docs/guide-extending.md that follows an {@code <!-- itest: ... -->} marker is a step.
 * {@code file PATH} writes the block to PATH, {@code run} runs it with bash (-e: every
 * command must succeed) and {@code expect} is what the preceding run printed on stdout,
 * exactly. The steps run in an empty directory whose {@code lib/} holds the packaged
 * giambio.debug, giambio.api, giambio.loop and giambio.net jars (what the guides say to put
 * there) and with the test JDK's {@code bin} first on the PATH, so {@code java}, {@code javac},
 * {@code jar} and {@code jlink} are a JDK 21+ one. A guide edited without its commands still
 * working, or with output that changed, fails here.
 */
class GuidesIT {

    private static final Pattern MARKER = Pattern.compile("^<!-- itest: (file (\\S+)|run|expect) -->$");

    /** One marked block of a guide. */
    record Step(String kind, String path, String text, int line) {
    }

    @Test
    void modulePathGuide() throws Exception {
        Path dir = prepare("guide-modulepath", Map.of());
        List<Step> steps = runGuide("guide-modulepath.md", dir);
        assertTrue(steps.stream().filter(s -> s.kind().equals("run")).count() >= 4, "the guide lost its commands");
    }

    @Test
    void extendingGuide() throws Exception {
        // The kernel part uses the itests' tiny kernel fixture, as the guide says.
        Path dir = prepare("guide-extending", Map.of("plugins/tiny-kernel.jar", Jars.tinyKernel()));
        List<Step> steps = runGuide("guide-extending.md", dir);
        assertTrue(steps.stream().filter(s -> s.kind().equals("run")).count() >= 4, "the guide lost its commands");
    }

    static Path prepare(String name, Map<String, Path> extra) throws IOException {
        Path dir = Jars.workDir(name);
        Path lib = Files.createDirectories(dir.resolve("lib"));
        for (Path jar : List.of(Jars.debug(), Jars.api(), Jars.loop(), Jars.net())) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        for (Map.Entry<String, Path> e : extra.entrySet()) {
            Path target = dir.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            Files.copy(e.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    static Path guide(String name) {
        String root = System.getProperty("giambio.itests.root");
        if (root == null || root.startsWith("${")) {
            throw new IllegalStateException("system property giambio.itests.root is not set: run through ./mvnw verify");
        }
        Path p = Path.of(root, "docs", name);
        assertTrue(Files.isRegularFile(p), "missing guide " + p);
        return p;
    }

    /** The marked blocks of a guide, in order. */
    static List<Step> parse(Path guide) throws IOException {
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).strip());
            if (!m.matches()) {
                continue;
            }
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                open++;
            }
            assertTrue(open < lines.size() && lines.get(open).startsWith("```"),
                    guide.getFileName() + ":" + (i + 1) + ": an itest marker must be followed by a fenced block");
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).startsWith("```")) {
                close++;
            }
            assertTrue(close < lines.size(), guide.getFileName() + ":" + (open + 1) + ": unclosed fenced block");
            String text = String.join("\n", lines.subList(open + 1, close)) + "\n";
            String kind = m.group(1).startsWith("file") ? "file" : m.group(1);
            steps.add(new Step(kind, m.group(2), text, i + 1));
            i = close;
        }
        return steps;
    }

    static List<Step> runGuide(String name, Path dir) throws Exception {
        Path guide = guide(name);
        List<Step> steps = parse(guide);
        String lastOut = null;
        for (Step step : steps) {
            String where = name + ":" + step.line();
            switch (step.kind()) {
                case "file" -> {
                    Path file = dir.resolve(step.path());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, step.text());
                }
                case "run" -> lastOut = bash(dir, step.text(), where);
                case "expect" -> {
                    assertTrue(lastOut != null, where + ": an expect block needs a run block before it");
                    assertEquals(step.text(), lastOut, where + ": the output differs from the guide");
                }
                default -> throw new AssertionError(step.kind());
            }
        }
        return steps;
    }

    static String bash(Path dir, String script, String where) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Path jdkBin = Path.of(System.getProperty("java.home"), "bin");
        pb.environment().put("PATH", jdkBin + java.io.File.pathSeparator + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(where + ": the commands did not finish in 180 s:\n" + script);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), where + ": the commands failed:\n" + script
                + "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr);
        return stdout;
    }
}
