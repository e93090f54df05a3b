package giambio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * docs/guide-osgi.md as written: the framework gets exactly the bundles of the guide's table
 * (the block after {@code <!-- itest: osgi-bundles -->}), in the table's order, all started;
 * a row whose Maven coordinates match no jar the build hands over, or whose
 * Bundle-SymbolicName differs from the jar's manifest, fails the configuration. Inside the
 * framework every listed bundle must be ACTIVE and a pool must run on the loop bundle's kernel.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiGuideIT {

    /** The system property through which the symbolic names reach the code in the framework. */
    private static final String NAMES = "giambio.itests.guide.bundles";

    @Inject
    private BundleContext context;

    /** One row of the guide's table. */
    record Row(String symbolicName, String coordinates) {
    }

    @Configuration
    public Option[] config() throws IOException {
        List<Row> rows = rows(GuidesIT.guide("guide-osgi.md"));
        List<Path> known = new ArrayList<>(Jars.asm());
        known.addAll(List.of(Jars.spifly(), Jars.debug(), Jars.api(), Jars.loop(), Jars.net()));
        List<Option> options = OsgiBundles.base("guide", false);
        List<String> names = new ArrayList<>();
        for (Row row : rows) {
            Path jar = jarOf(row, known);
            try (JarFile j = new JarFile(jar.toFile())) {
                String bsn = j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].strip();
                assertEquals("guide-osgi.md: Bundle-SymbolicName of " + row.coordinates(), row.symbolicName(), bsn);
            }
            options.add(OsgiBundles.of(jar).start(true));
            names.add(row.symbolicName());
        }
        options.add(CoreOptions.systemProperty(NAMES).value(String.join(",", names)));
        return options.toArray(Option[]::new);
    }

    /** The rows of the table after the osgi-bundles marker. */
    static List<Row> rows(Path guide) throws IOException {
        List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
        int start = lines.indexOf("<!-- itest: osgi-bundles -->");
        assertTrue("guide-osgi.md has no <!-- itest: osgi-bundles --> table", start >= 0);
        List<Row> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            String first = cells[1].strip();
            if (!first.matches("\\d+")) {
                continue;   // header and separator rows
            }
            assertEquals("guide-osgi.md: rows must be numbered in order", rows.size() + 1, Integer.parseInt(first));
            rows.add(new Row(cells[2].strip().replace("`", ""), cells[3].strip().replace("`", "")));
        }
        assertTrue("guide-osgi.md lists too few bundles: " + rows, rows.size() >= 9);
        return rows;
    }

    /** The jar for {@code group:artifact:version}: the one named {@code artifact-version.jar}. */
    static Path jarOf(Row row, List<Path> known) {
        String[] gav = row.coordinates().split(":");
        assertEquals("guide-osgi.md: not group:artifact:version: " + row.coordinates(), 3, gav.length);
        String file = gav[1] + "-" + gav[2] + ".jar";
        return known.stream().filter(p -> p.getFileName().toString().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("guide-osgi.md lists " + row.coordinates()
                        + " but the build provides no " + file + " among " + known));
    }

    @Test
    public void everyListedBundleIsActive() {
        String names = System.getProperty(NAMES);
        assertTrue("no bundle list handed to the framework", names != null && !names.isBlank());
        for (String name : names.split(",")) {
            assertEquals(name + " is not ACTIVE", Bundle.ACTIVE, OsgiBundles.installed(context, name).getState());
        }
    }

    @Test
    public void aPoolRunsOnTheLoopBundlesKernel() throws Exception {
        assertEquals(List.of("body", "a@a", "b@b"), OsgiScenarios.poolWithSleepingChildren());
    }
}
