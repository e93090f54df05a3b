package giambio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Rules D2 and D3 in OSGi: the {@code sample} debugger and the {@code tiny} kernel fixture
 * bundles, found through SPI Fly next to the giambio bundles.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OsgiPluginsIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = OsgiBundles.base("plugins", true);
        options.addAll(OsgiBundles.giambio(true));
        options.add(OsgiBundles.of(Jars.sampleDebugger()));
        options.add(OsgiBundles.of(Jars.tinyKernel()));
        return options.toArray(Option[]::new);
    }

    @Test
    public void spiFlyRegisteredThePlugins() throws Exception {
        assertEquals(Set.of("giambio.loop", "giambio.itests.kernel"), providers("giambio.api.spi.KernelProvider"));
        assertEquals(Set.of("giambio.debug", "giambio.itests.debugger"), providers("giambio.debug.Debugger"));
    }

    private Set<String> providers(String service) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(service, null);
        assertNotNull("SPI Fly registered no " + service + " service", refs);
        return Arrays.stream(refs).map(r -> r.getBundle().getSymbolicName()).collect(Collectors.toSet());
    }

    @Test
    public void sampleDebuggerSeesTheRun() throws Exception {
        List<String> lines = OsgiScenarios.withDebuggers("sample").lines()
                .filter(l -> l.startsWith("sample-debugger: ")).toList();
        assertEquals(List.of("sample-debugger: onStart", "sample-debugger: spawn main", "sample-debugger: spawn a",
                "sample-debugger: spawn b", "sample-debugger: onExit spawns=3 sleeps=2"), lines);
    }

    @Test
    public void debuggerIsOffUnlessNamed() throws Exception {
        String out = OsgiScenarios.withDebuggers("");
        assertFalse(out, out.contains("sample-debugger"));
    }

    @Test
    public void unknownDebuggerFailsClearly() throws Exception {
        try {
            OsgiScenarios.withDebuggers("nope");
            fail("an unknown debugger name was ignored");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("debugger 'nope'"));
            assertTrue(e.getMessage(), e.getMessage().contains("sample") && e.getMessage().contains("trace"));
        }
    }

    @Test
    public void tinyKernelRunsThePoolWhenNamed() throws Exception {
        assertEquals(List.of("body", "a@tiny:a", "b@tiny:b"), OsgiScenarios.withKernel("tiny"));
    }

    @Test
    public void defaultKernelWinsByPriorityWhenNoneIsNamed() throws Exception {
        assertEquals(List.of("body", "a@a", "b@b"), OsgiScenarios.poolWithSleepingChildren());
    }
}
