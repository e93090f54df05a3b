package giambio.api;

import aQute.bnd.annotation.Cardinality;
import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceConsumer;
import giambio.api.spi.KernelProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds kernel providers with {@link ServiceLoader} and picks one (rule D2): the one named by
 * the run options or the {@code giambio.kernel} system property, else the available one with
 * the highest priority (a tie is logged). The choice and its reason are logged at
 * {@code DEBUG} on the logger {@code giambio}.
 */
@ServiceConsumer(value = KernelProvider.class, cardinality = Cardinality.MULTIPLE, resolution = Resolution.OPTIONAL)
final class Kernels {

    /** The system property that names the kernel to use. */
    static final String PROPERTY = "giambio.kernel";

    private static final System.Logger LOG = System.getLogger("giambio");

    private Kernels() {
    }

    static List<KernelProvider> providers() {
        List<KernelProvider> found = new ArrayList<>();
        ServiceLoader<KernelProvider> loader = ServiceLoader.load(KernelProvider.class, Kernels.class.getClassLoader());
        var it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "skipping a giambio kernel provider that failed to load", e);
            }
        }
        if (found.isEmpty()) {
            // Class-path or OSGi setups where the API's loader cannot see the provider.
            ServiceLoader.load(KernelProvider.class).forEach(found::add);
        }
        return found;
    }

    static KernelProvider select(Optional<String> requested) {
        List<KernelProvider> all = providers();
        String name = requested.orElse(null);
        String source = "the run options";
        if (name == null) {
            String prop = System.getProperty(PROPERTY);
            if (prop != null && !prop.isBlank()) {
                name = prop.strip();
                source = "the system property " + PROPERTY;
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("no giambio kernel found: add the giambio.loop jar (module giambio.loop) "
                    + "to the module path or class path, or install the giambio.loop bundle together with "
                    + "Apache Aries SPI Fly in OSGi");
        }
        if (name != null) {
            for (KernelProvider p : all) {
                if (p.name().equals(name)) {
                    Optional<String> why = p.unavailableReason();
                    if (why.isPresent()) {
                        throw new IllegalStateException("giambio kernel '" + name + "' (requested by " + source
                                + ") is unavailable: " + why.get());
                    }
                    String by = source;
                    LOG.log(System.Logger.Level.DEBUG, () -> "giambio kernel " + p.name() + " chosen: requested by " + by
                            + "; kernels: " + describe(all));
                    return p;
                }
            }
            throw new IllegalStateException("giambio kernel '" + name + "' (requested by " + source
                    + ") not found; available kernels: " + describe(all));
        }
        List<KernelProvider> available = all.stream()
                .filter(p -> p.unavailableReason().isEmpty())
                .sorted(Comparator.comparingInt(KernelProvider::priority).reversed())
                .toList();
        if (available.isEmpty()) {
            throw new IllegalStateException("no giambio kernel is available: " + describe(all));
        }
        KernelProvider best = available.get(0);
        if (available.size() > 1 && available.get(1).priority() == best.priority()) {
            LOG.log(System.Logger.Level.WARNING, "giambio kernels " + best.name() + " and " + available.get(1).name()
                    + " have the same priority; using " + best.name() + ". Set -D" + PROPERTY + " to choose.");
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "giambio kernel " + best.name()
                + " chosen: none requested, the available kernel with the highest priority; kernels: " + describe(all));
        return best;
    }

    private static String describe(List<KernelProvider> all) {
        return all.stream()
                .map(p -> p.name() + " (priority " + p.priority()
                        + p.unavailableReason().map(r -> ", unavailable: " + r).orElse("") + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
