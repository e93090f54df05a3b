package giambio.api;

import aQute.bnd.annotation.Cardinality;
import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceConsumer;
import giambio.debug.Debugger;
import giambio.debug.TaskView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Fans each debugger event out to the active debuggers; a debugger that throws is removed
 * and logged, never fatal (rule D5). Also activates service-loaded debuggers named by the
 * {@code giambio.debuggers} system property (rule D3).
 */
@ServiceConsumer(value = Debugger.class, cardinality = Cardinality.MULTIPLE, resolution = Resolution.OPTIONAL)
final class DebugHub implements Debugger {

    /** The system property naming service debuggers to switch on. */
    static final String PROPERTY = "giambio.debuggers";

    private static final System.Logger LOG = System.getLogger("giambio");

    /** Active debuggers; replaced (copy on write) when one is removed. */
    private Debugger[] active;

    DebugHub(List<Debugger> debuggers) {
        this.active = debuggers.toArray(Debugger[]::new);
    }

    /** The service debuggers named by {@code giambio.debuggers}; unknown names fail clearly. */
    static List<Debugger> fromSystemProperty() {
        String prop = System.getProperty(PROPERTY);
        if (prop == null || prop.isBlank()) {
            return List.of();
        }
        List<Debugger> available = new ArrayList<>();
        ServiceLoader.load(Debugger.class, DebugHub.class.getClassLoader()).forEach(available::add);
        if (available.isEmpty()) {
            ServiceLoader.load(Debugger.class).forEach(available::add);
        }
        List<Debugger> chosen = new ArrayList<>();
        for (String raw : prop.split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            Debugger match = null;
            for (Debugger d : available) {
                if (d.name().equals(name) || d.getClass().getName().equals(name)
                        || d.getClass().getSimpleName().equals(name)) {
                    match = d;
                    break;
                }
            }
            if (match == null) {
                throw new IllegalStateException("debugger '" + name + "' named by the system property " + PROPERTY
                        + " was not found among the debugger services: "
                        + available.stream().map(Debugger::name).toList());
            }
            chosen.add(match);
        }
        return chosen;
    }

    private void each(Consumer<Debugger> hook) {
        for (Debugger d : active) {
            try {
                hook.accept(d);
            } catch (Throwable t) {
                remove(d, t);
            }
        }
    }

    private void remove(Debugger d, Throwable t) {
        active = Arrays.stream(active).filter(x -> x != d).toArray(Debugger[]::new);
        LOG.log(System.Logger.Level.ERROR, "giambio debugger '" + d.name() + "' threw and was removed from the loop", t);
    }

    @Override
    public String name() {
        return "hub";
    }

    @Override
    public void onStart() {
        each(Debugger::onStart);
    }

    @Override
    public void onExit() {
        each(Debugger::onExit);
    }

    @Override
    public void onTaskSpawn(TaskView task) {
        each(d -> d.onTaskSpawn(task));
    }

    @Override
    public void onTaskSchedule(TaskView task, Duration delay) {
        // Discussion: called on every switch, so no capturing lambda here.
        Debugger[] snapshot = active;
        for (Debugger d : snapshot) {
            try {
                d.onTaskSchedule(task, delay);
            } catch (Throwable t) {
                remove(d, t);
            }
        }
    }

    @Override
    public void onTaskExit(TaskView task) {
        each(d -> d.onTaskExit(task));
    }

    @Override
    public void beforeTaskStep(TaskView task) {
        // Discussion: called on every switch, so no capturing lambda here.
        Debugger[] snapshot = active;
        for (Debugger d : snapshot) {
            try {
                d.beforeTaskStep(task);
            } catch (Throwable t) {
                remove(d, t);
            }
        }
    }

    @Override
    public void afterTaskStep(TaskView task) {
        // Discussion: called on every switch, so no capturing lambda here.
        Debugger[] snapshot = active;
        for (Debugger d : snapshot) {
            try {
                d.afterTaskStep(task);
            } catch (Throwable t) {
                remove(d, t);
            }
        }
    }

    @Override
    public void beforeSleep(TaskView task, Duration duration) {
        each(d -> d.beforeSleep(task, duration));
    }

    @Override
    public void afterSleep(TaskView task, Duration slept) {
        each(d -> d.afterSleep(task, slept));
    }

    @Override
    public void beforeIo(Duration timeout) {
        // Discussion: called on every switch, so no capturing lambda here.
        Debugger[] snapshot = active;
        for (Debugger d : snapshot) {
            try {
                d.beforeIo(timeout);
            } catch (Throwable t) {
                remove(d, t);
            }
        }
    }

    @Override
    public void afterIo(Duration timeout) {
        // Discussion: called on every switch, so no capturing lambda here.
        Debugger[] snapshot = active;
        for (Debugger d : snapshot) {
            try {
                d.afterIo(timeout);
            } catch (Throwable t) {
                remove(d, t);
            }
        }
    }

    @Override
    public void beforeCancel(TaskView task) {
        each(d -> d.beforeCancel(task));
    }

    @Override
    public void afterCancel(TaskView task) {
        each(d -> d.afterCancel(task));
    }

    @Override
    public void onExceptionRaised(TaskView task, Throwable error) {
        each(d -> d.onExceptionRaised(task, error));
    }
}
