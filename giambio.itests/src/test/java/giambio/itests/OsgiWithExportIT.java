package giambio.itests;

import static org.junit.Assert.assertEquals;
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
import org.osgi.framework.BundleContext;

/**
 * Issue 9, item 2, in OSGi: the framework's JVM runs with
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (the failsafe execution
 * {@code osgi-granted} of this module), so the loop bundle, an unnamed module, is granted the
 * export, and the continuation kernel is chosen with no property; {@code giambio.kernel} still
 * overrides it. {@link OsgiIT} is the same framework without the grant (the baton kernel).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiWithExportIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = OsgiBundles.base("spifly-granted", true);
        options.addAll(OsgiBundles.giambio(true));
        return options.toArray(Option[]::new);
    }

    @Test
    public void theLoopBundleIsGrantedTheExport() throws Exception {
        Class<?> continuationKernel = OsgiBundles.installed(context, "giambio.loop")
                .loadClass("giambio.loop.ContinuationKernel");
        assertTrue("the framework's JVM exports jdk.internal.vm to the loop bundle",
                Object.class.getModule().isExported("jdk.internal.vm", continuationKernel.getModule()));
    }

    @Test
    public void withTheExportTheContinuationKernelIsChosenByDefault() throws Exception {
        assertEquals("ContinuationKernel", OsgiScenarios.kernelClass());
    }

    @Test
    public void thePropertyStillChoosesTheBatonKernel() throws Exception {
        assertEquals("BatonKernel", OsgiScenarios.kernelClassWith("baton"));
        assertEquals("ContinuationKernel", OsgiScenarios.kernelClass());
    }

    @Test
    public void poolWithTwoSleepingChildrenRunsOnTheLoopsOneThread() throws Exception {
        // The continuation kernel runs every task of a loop on the loop's one virtual thread
        // (the baton kernel gives each task its own, named after it: "a@a" in OsgiIT).
        assertEquals(List.of("body", "a@giambio-loop", "b@giambio-loop"), OsgiScenarios.poolWithSleepingChildren());
    }

    @Test
    public void childExceptionReachesTheCallerOfRunAsTheSameObject() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, OsgiScenarios.childFailure(boom));
    }
}
