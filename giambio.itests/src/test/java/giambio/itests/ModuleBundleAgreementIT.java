package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Rule D1 on the packaged jars: each is a named module and a bundle, and both views agree.
 */
class ModuleBundleAgreementIT {

    /** What {@code jar --describe-module} and the manifest say about one jar. */
    record Described(String moduleName, boolean open, Set<String> exports, List<String> lines,
                     String symbolicName, Set<String> exportPackage) {
    }

    static Stream<Path> giambioJars() {
        return Stream.of(Jars.debug(), Jars.api(), Jars.loop(), Jars.net(), Jars.testing());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("giambioJars")
    void moduleExportsEqualBundleExports(Path jar) throws IOException {
        Described d = describe(jar);
        assertEquals(d.moduleName(), d.symbolicName(), "Bundle-SymbolicName must equal the module name in " + jar);
        assertFalse(d.open(), "module " + d.moduleName() + " must not be open");
        assertEquals(d.exports(), d.exportPackage(),
                "module exports and Export-Package differ in " + jar + "\n" + String.join("\n", d.lines()));
        for (String line : d.lines()) {
            assertFalse(line.startsWith("qualified ") || line.startsWith("opens "),
                    "unexpected qualified export or opens in " + d.moduleName() + ": " + line);
        }
        for (String pkg : d.exports()) {
            assertFalse(pkg.contains("internal"), d.moduleName() + " exports internal package " + pkg);
            assertFalse(pkg.equals("giambio.loop") || pkg.startsWith("giambio.loop."),
                    d.moduleName() + " exports kernel package " + pkg);
        }
    }

    @Test
    void expectedModulesAndExports() throws IOException {
        Described debug = describe(Jars.debug());
        Described api = describe(Jars.api());
        Described loop = describe(Jars.loop());
        assertEquals("giambio.debug", debug.moduleName());
        assertEquals("giambio.api", api.moduleName());
        assertEquals("giambio.loop", loop.moduleName());
        assertTrue(debug.exports().contains("giambio.debug"), debug.lines().toString());
        assertEquals(Set.of("giambio.api", "giambio.api.sync", "giambio.api.spi"), api.exports(), api.lines().toString());
        assertEquals(Set.of("giambio.net"), describe(Jars.net()).exports());
        assertEquals(Set.of("giambio.testing"), describe(Jars.testing()).exports());
        assertEquals(Set.of(), loop.exports(), "giambio.loop must export nothing");
        assertEquals(Set.of(), loop.exportPackage(), "giambio.loop must have no Export-Package");
    }

    @Test
    void servicesAreUsedByApiAndProvidedByLoop() throws IOException {
        Described api = describe(Jars.api());
        Described loop = describe(Jars.loop());
        assertTrue(api.lines().contains("uses giambio.api.spi.KernelProvider"), String.join("\n", api.lines()));
        // giambio.api's DebugHub calls ServiceLoader.load(Debugger.class): the caller module must declare it.
        assertTrue(api.lines().contains("uses giambio.debug.Debugger"), String.join("\n", api.lines()));
        assertTrue(loop.lines().stream().anyMatch(l -> l.startsWith("provides giambio.api.spi.KernelProvider with ")),
                String.join("\n", loop.lines()));
        assertTrue(loop.lines().contains("requires giambio.api"), String.join("\n", loop.lines()));
    }

    @Test
    void tckNeedsOnlyTheSpiAndJUnitAndOpensItsTestsToJUnit() throws IOException {
        Described tck = describe(Jars.tck());
        String all = String.join("\n", tck.lines());
        assertEquals("giambio.tck", tck.moduleName());
        assertEquals(tck.moduleName(), tck.symbolicName());
        assertFalse(tck.open(), all);
        assertEquals(Set.of("giambio.tck"), tck.exports(), all);
        assertEquals(tck.exports(), tck.exportPackage(), all);
        // Never giambio.loop: a third-party kernel runs the suite without the built-in kernels.
        assertEquals(List.of("requires giambio.api transitive", "requires java.base mandated",
                "requires org.junit.jupiter.api transitive"),
                tck.lines().stream().filter(l -> l.startsWith("requires ")).sorted().toList(), all);
        // The one opens: JUnit invokes the package-private test methods on the module path.
        assertEquals(List.of("qualified opens giambio.tck to org.junit.platform.commons"),
                tck.lines().stream().filter(l -> l.contains("opens ")).toList(), all);
    }

    static Described describe(Path jar) throws IOException {
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow(() -> new AssertionError("no jar tool"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = tool.run(new PrintWriter(out), new PrintWriter(err), "--describe-module", "--file", jar.toString());
        assertEquals(0, code, "jar --describe-module failed for " + jar + ": " + err);
        List<String> lines = out.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertFalse(lines.isEmpty(), "no module description for " + jar);
        // First line: "name[@version] jar:file:...!/module-info.class", or "No module descriptor found".
        String first = lines.get(0);
        assertFalse(first.startsWith("No module descriptor"), jar + " is not a named module: " + first);
        boolean open = first.startsWith("open ");
        String name = (open ? first.substring(5) : first).split("\\s+")[0].split("@")[0];
        Set<String> exports = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("exports ")) {
                exports.add(line.substring("exports ".length()).strip());
            }
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            Attributes main = jf.getManifest().getMainAttributes();
            String bsn = main.getValue("Bundle-SymbolicName");
            assertTrue(bsn != null, jar + " has no Bundle-SymbolicName: not a bundle");
            return new Described(name, open, exports, lines, clauses(bsn).get(0).get(0),
                    packagesOf(main.getValue("Export-Package")));
        }
    }

    /** The package names of an Export-Package header; a clause may list several packages. */
    static Set<String> packagesOf(String header) {
        Set<String> packages = new TreeSet<>();
        if (header == null) {
            return packages;
        }
        for (List<String> clause : clauses(header)) {
            for (String part : clause) {
                if (part.contains("=")) {
                    break; // attributes and directives follow the package names
                }
                packages.add(part.strip());
            }
        }
        return packages;
    }

    /** Splits an OSGi header into clauses (by commas) and parts (by semicolons), minding quotes. */
    static List<List<String>> clauses(String header) {
        List<List<String>> clauses = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (!quoted && (c == ';' || c == ',')) {
                parts.add(current.toString().strip());
                current.setLength(0);
                if (c == ',') {
                    clauses.add(parts);
                    parts = new ArrayList<>();
                }
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString().strip());
        clauses.add(parts);
        return clauses;
    }
}
