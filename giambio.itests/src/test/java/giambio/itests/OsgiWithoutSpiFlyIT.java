package giambio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Negative control for {@link OsgiIT}: the same bundles without SPI Fly. The loop bundle
 * cannot resolve (it requires the Service Loader Mediator's registrar), and {@code run} fails
 * with the "no giambio kernel found" error, so the passing OSGi tests owe their kernel to the
 * mediator.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiWithoutSpiFlyIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = OsgiBundles.base("no-spifly", false);
        options.addAll(OsgiBundles.giambio(false));
        return options.toArray(Option[]::new);
    }

    @Test
    public void loopBundleDoesNotResolveAndRunFailsClearly() throws Exception {
        Bundle loop = OsgiBundles.installed(context, "giambio.loop");
        assertEquals(Bundle.INSTALLED, loop.getState());
        try {
            OsgiScenarios.runReturningValue();
            fail("run found a kernel without SPI Fly");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("no giambio kernel found"));
            assertTrue(e.getMessage(), e.getMessage().contains("SPI Fly"));
        }
    }
}
