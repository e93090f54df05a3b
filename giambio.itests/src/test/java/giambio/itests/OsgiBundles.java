package giambio.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Pax Exam provisioning shared by the OSGi tests: every bundle comes from a local jar path
 * handed over by the build (no Maven resolution inside the tests, no network).
 */
final class OsgiBundles {

    private OsgiBundles() {
    }

    /** JUnit, a fresh framework cache, and optionally SPI Fly with its ASM bundles. */
    static List<Option> base(String name, boolean withSpiFly) {
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        options.add(cleanCaches(true));
        options.add(workingDirectory(Path.of(System.getProperty("giambio.itests.work"), "paxexam-" + name).toString()));
        if (withSpiFly) {
            Jars.asm().forEach(jar -> options.add(of(jar)));
            options.add(of(Jars.spifly()));
        }
        return options;
    }

    /** The giambio bundles: debug, api and loop (started if it resolves). */
    static List<Option> giambio(boolean startLoop) {
        return List.of(of(Jars.debug()), of(Jars.api()), of(Jars.loop()).start(startLoop));
    }

    static UrlProvisionOption of(Path jar) {
        return bundle(jar.toUri().toString());
    }

    /** Finds an installed bundle by symbolic name; fails if absent. Runs inside the framework. */
    static Bundle installed(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }
}
