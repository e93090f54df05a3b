package giambio.testing;

import giambio.api.Giambio;
import giambio.api.Lowlevel;
import giambio.api.RunOptions;
import giambio.api.Task;
import giambio.api.VirtualClock;
import giambio.api.spi.Kernel;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The extension behind {@link GiambioTest}: runs the test method as the root task of a loop,
 * resolves {@link VirtualClock} parameters, and enforces the real-time limit.
 *
 * <p>Implementation overview: the watchdog is a daemon thread that, when the limit passes,
 * submits an action to the loop's kernel (the one thread-safe kernel call) which records the
 * task tree and cancels the root task; the test then fails with an {@link AssertionError}
 * carrying that report.
 */
public final class GiambioExtension implements InvocationInterceptor, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GiambioExtension.class);

    /** Creates the extension; JUnit does this. */
    public GiambioExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == VirtualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        GiambioTest config = config(extensionContext.getRequiredTestMethod());
        if (!config.virtualClock()) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException(
                    "a VirtualClock parameter needs @GiambioTest(virtualClock = true)");
        }
        return clock(extensionContext);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        GiambioTest config = config(invocationContext.getExecutable());
        RunOptions.Builder options = RunOptions.builder();
        if (config.virtualClock()) {
            options.clock(clock(extensionContext));
        }
        if (config.shuffleSeed() != Long.MIN_VALUE) {
            options.shuffle(config.shuffleSeed());
        }
        if (!config.kernel().isBlank()) {
            options.kernel(config.kernel());
        }
        AtomicReference<String> timedOut = new AtomicReference<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "giambio-test-watchdog");
            t.setDaemon(true);
            return t;
        });
        try {
            Giambio.run(options.build(), () -> {
                Kernel kernel = Lowlevel.kernel();
                Task<?> root = Giambio.currentTask();
                ScheduledFuture<?> alarm = null;
                if (config.timeout() > 0) {
                    alarm = watchdog.schedule(() -> kernel.submit(() -> {
                        if (!root.isDone()) {
                            timedOut.set(TaskTreeReport.of(root));
                            root.cancel();
                        }
                    }), config.timeout(), config.unit());
                }
                try {
                    invocation.proceed();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new java.lang.reflect.UndeclaredThrowableException(t);
                } finally {
                    if (alarm != null) {
                        alarm.cancel(false);
                    }
                }
                return null;
            });
        } catch (CancellationException e) {
            if (timedOut.get() != null) {
                AssertionError failure = new AssertionError("test timed out after " + config.timeout() + " "
                        + config.unit().toString().toLowerCase(java.util.Locale.ROOT) + " of real time; task tree:\n"
                        + timedOut.get());
                failure.initCause(e);
                throw failure;
            }
            throw e;
        } finally {
            watchdog.shutdownNow();
        }
    }

    private static GiambioTest config(Method method) {
        GiambioTest config = method.getAnnotation(GiambioTest.class);
        if (config == null) {
            throw new IllegalStateException(method + " is not annotated with @GiambioTest");
        }
        return config;
    }

    private static VirtualClock clock(ExtensionContext context) {
        return context.getStore(NS).computeIfAbsent("clock", k -> VirtualClock.autojumping(), VirtualClock.class);
    }
}
