package giambio.examples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/tutorial.md tells the seed's tutorial with code cut from the example programs: every
 * Java block preceded by {@code <!-- from: path -->} must appear in that file, line for line
 * (indented as a whole), so the tutorial cannot drift from the programs whose output
 * ExamplesTest checks.
 */
class TutorialTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FROM = Pattern.compile("<!-- from: (\\S+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    record Snippet(String file, List<String> lines) {
    }

    static List<Snippet> snippets(String markdown) {
        List<Snippet> found = new ArrayList<>();
        Matcher m = FROM.matcher(markdown);
        while (m.find()) {
            found.add(new Snippet(m.group(1), m.group(2).lines().toList()));
        }
        return found;
    }

    /** Whether {@code snippet} is a run of {@code file}'s lines, all indented by the same amount. */
    static boolean containsIndented(List<String> file, List<String> snippet) {
        for (int i = 0; i + snippet.size() <= file.size(); i++) {
            String first = file.get(i);
            if (!first.stripLeading().equals(snippet.get(0).stripLeading()) || first.isBlank()) {
                continue;
            }
            String indent = first.substring(0, first.length() - first.stripLeading().length());
            boolean all = true;
            for (int j = 0; j < snippet.size() && all; j++) {
                String want = snippet.get(j);
                String have = file.get(i + j);
                all = want.isBlank() ? have.isBlank() : have.equals(indent + want);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyJavaBlockOfTheTutorialIsCutFromTheExampleProgramItNames() throws IOException {
        String tutorial = Files.readString(ROOT.resolve("docs/tutorial.md"));
        List<Snippet> snippets = snippets(tutorial);
        assertTrue(snippets.size() >= 10, "the tutorial's Java blocks name their programs: " + snippets.size());
        long unmarked = Pattern.compile("```java").matcher(tutorial).results().count();
        assertEquals(snippets.size(), unmarked, "every ```java block of docs/tutorial.md has a <!-- from: --> line");
        for (Snippet s : snippets) {
            Path file = ROOT.resolve(s.file());
            assertTrue(Files.isRegularFile(file), "docs/tutorial.md cites a missing file: " + s.file());
            assertTrue(containsIndented(Files.readAllLines(file), s.lines()),
                    "docs/tutorial.md's block from " + s.file() + " is no longer in that file:\n"
                            + String.join("\n", s.lines()));
        }
    }

    @Test
    void theCheckFailsWhenABlockDrifts() {
        List<String> file = List.of("class A {", "    void f() {", "        g();", "    }", "}");
        assertTrue(containsIndented(file, List.of("void f() {", "    g();", "}")));
        assertFalse(containsIndented(file, List.of("void f() {", "    h();", "}")));
        assertFalse(containsIndented(file, List.of("void f() {", "g();", "}")), "indentation is part of the text");
    }

    @Test
    void everyExampleTheTutorialTellsYouToRunExists() throws IOException {
        String tutorial = Files.readString(ROOT.resolve("docs/tutorial.md"));
        Matcher m = Pattern.compile("demo\\.main=giambio\\.examples\\.(\\w+)").matcher(tutorial);
        int count = 0;
        while (m.find()) {
            count++;
            assertTrue(Files.isRegularFile(ROOT.resolve("giambio.examples/src/main/java/giambio/examples/" + m.group(1) + ".java")),
                    "docs/tutorial.md runs a missing example: " + m.group(1));
        }
        assertTrue(count > 0);
    }

    @Test
    void theReadmeLinksTheTutorialOnItsFirstScreen() throws IOException {
        List<String> firstScreen = Files.readAllLines(ROOT.resolve("README.md")).stream().limit(30).toList();
        assertTrue(firstScreen.stream().anyMatch(l -> l.contains("(docs/tutorial.md)")),
                "README.md links docs/tutorial.md within its first 30 lines");
    }
}
