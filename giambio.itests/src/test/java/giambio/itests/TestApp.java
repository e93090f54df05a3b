package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * A tiny giambio application, compiled at test time against the packaged jars, as a named
 * module {@code app} (which requires only {@code giambio.api}) or as plain classes.
 *
 * <p>It runs a pool of two children that sleep 50 ms, then a pool whose child throws, and
 * prints what it saw: {@code child a thread=...}, {@code result=42 order=[a, b]},
 * {@code failure=same}, {@code named=... loop-in-boot-layer=...} and the kernel's class as
 * {@code kernel=BatonKernel} (or {@code ContinuationKernel}).
 */
final class TestApp {

    static final String MODULE_INFO = """
            module app {
                requires giambio.api;
            }
            """;

    static final String MAIN = """
            package app;

            import giambio.api.Giambio;
            import giambio.api.Lowlevel;
            import java.time.Duration;
            import java.util.ArrayList;
            import java.util.List;

            public final class Main {
                public static void main(String[] args) throws Exception {
                    List<String> order = new ArrayList<>();
                    int result = Giambio.run(() -> {
                        Giambio.createPool(pool -> {
                            for (String name : List.of("a", "b")) {
                                pool.spawn(name, () -> {
                                    Giambio.sleep(Duration.ofMillis(50));
                                    order.add(name);
                                    Thread t = Thread.currentThread();
                                    System.out.println("child " + name + " thread=" + t.getName() + " virtual=" + t.isVirtual());
                                });
                            }
                        });
                        return 40 + order.size();
                    });
                    System.out.println("result=" + result + " order=" + order);

                    IllegalStateException boom = new IllegalStateException("boom");
                    try {
                        Giambio.run(() -> {
                            Giambio.createPool(pool -> {
                                pool.spawn("sleeper", () -> Giambio.sleep(Duration.ofSeconds(30)));
                                pool.spawn("thrower", () -> {
                                    throw boom;
                                });
                            });
                        });
                        System.out.println("failure=lost");
                    } catch (IllegalStateException e) {
                        System.out.println("failure=" + (e == boom ? "same" : "other " + e));
                    }
                    System.out.println("kernel=" + Giambio.run(() -> Lowlevel.kernel().getClass().getSimpleName()));
                    System.out.println("named=" + Main.class.getModule().isNamed()
                            + " loop-in-boot-layer=" + ModuleLayer.boot().findModule("giambio.loop").isPresent());
                }
            }
            """;

    private TestApp() {
    }

    /** Compiles the app as module {@code app} into {@code dir/app-module}; returns that directory. */
    static Path compileModule(Path dir, Path... modulePath) throws IOException {
        Path src = dir.resolve("src-module");
        Path out = dir.resolve("app-module");
        List<Path> files = List.of(write(src.resolve("module-info.java"), MODULE_INFO),
                write(src.resolve("app/Main.java"), MAIN));
        javac(out, "--module-path", Jars.pathOf(modulePath), files);
        return out;
    }

    /** Compiles the app as plain classes into {@code dir/app-classes}; returns that directory. */
    static Path compileClasses(Path dir, Path... classPath) throws IOException {
        Path src = dir.resolve("src-classes");
        Path out = dir.resolve("app-classes");
        List<Path> files = List.of(write(src.resolve("app/Main.java"), MAIN));
        javac(out, "--class-path", Jars.pathOf(classPath), files);
        return out;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static void javac(Path out, String pathOption, String path, List<Path> files) {
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac"));
        List<String> args = new ArrayList<>(List.of("--release", "21", "-d", out.toString(), pathOption, path));
        files.forEach(f -> args.add(f.toString()));
        StringWriter log = new StringWriter();
        int code = javac.run(new PrintWriter(log), new PrintWriter(log), args.toArray(String[]::new));
        assertEquals(0, code, "javac " + args + " failed:\n" + log);
    }
}
