package giambio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

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
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * Rule D2 in OSGi: Felix with Apache Aries SPI Fly (the Service Loader Mediator) and the
 * giambio.debug, giambio.api and giambio.loop bundles. The test methods run inside the
 * framework, so {@code Giambio} here is the api bundle's class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = OsgiBundles.base("spifly", true);
        options.addAll(OsgiBundles.giambio(true));
        return options.toArray(Option[]::new);
    }

    @Test
    public void giambioClassesComeFromTheBundles() throws Exception {
        assertEquals("giambio.api", FrameworkUtil.getBundle(OsgiScenarios.apiLoader().loadClass("giambio.api.Giambio"))
                .getSymbolicName());
        assertEquals(Bundle.ACTIVE, OsgiBundles.installed(context, "giambio.loop").getState());
    }

    @Test
    public void kernelProviderIsRegisteredBySpiFly() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences("giambio.api.spi.KernelProvider", null);
        assertNotNull("SPI Fly registered no KernelProvider service", refs);
        assertEquals("the baton and the continuation kernel", 2, refs.length);
        for (ServiceReference<?> ref : refs) {
            assertEquals("giambio.loop", ref.getBundle().getSymbolicName());
        }
    }

    @Test
    public void runReturnsMainsValue() throws Exception {
        assertEquals(Integer.valueOf(42), OsgiScenarios.runReturningValue());
    }

    @Test
    public void poolWithTwoSleepingChildren() throws Exception {
        // The baton kernel of the loop bundle runs each task on a thread named after it.
        assertEquals(List.of("body", "a@a", "b@b"), OsgiScenarios.poolWithSleepingChildren());
    }

    @Test
    public void withoutTheExportTheBatonKernelIsChosenSilently() throws Exception {
        // The framework's JVM does not export jdk.internal.vm to the unnamed module of the
        // loop bundle, so the continuation kernel (priority 200) is unavailable (issue 9).
        assertEquals(false, Object.class.getModule().isExported("jdk.internal.vm",
                OsgiScenarios.apiLoader().loadClass("giambio.api.Giambio").getModule()));
        assertEquals("BatonKernel", OsgiScenarios.kernelClass());
    }

    @Test
    public void childExceptionReachesTheCallerOfRunAsTheSameObject() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, OsgiScenarios.childFailure(boom));
    }

    @Test
    public void runInsideRunFailsClearly() throws Exception {
        Throwable t = OsgiScenarios.nestedRun();
        assertTrue(String.valueOf(t), t instanceof IllegalStateException);
    }
}
