package giambio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The API docs' snippets (JavadocSnippets regions) run, and print what their comments say. */
class JavadocSnippetsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String lines() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static RunOptions virtual() {
        return RunOptions.builder().clock(VirtualClock.autojumping()).build();
    }

    @Test
    void runReturnsTheRootTasksValue() throws Exception {
        assertEquals(42, JavadocSnippets.run(out));
        assertEquals("answer=42\n", lines());
    }

    @Test
    void poolJoinsAndRethrowsTheSameObject() throws Exception {
        Giambio.run(virtual(), () -> JavadocSnippets.pool(out));
        assertEquals("answer=42\nsleeper cleans up\nsame exception object: true\n", lines());
    }

    @Test
    void cancelScopeTimesOutAndCleansUp() throws Exception {
        double took = Giambio.run(virtual(), () -> {
            double start = Giambio.clock();
            JavadocSnippets.cancelScope(out);
            return Giambio.clock() - start;
        });
        assertEquals("cleaning up\ntimed out: true\nfinished: false\n", lines());
        assertEquals(6.0, took, 1e-9, "5 s timeout then 1 s skipAfter, on the virtual clock");
    }

    @Test
    void echoRoundTripOverLoopback() throws Exception {
        assertEquals("hello\n", Giambio.run(() -> JavadocSnippets.echo(out)));
        assertEquals("echoed: hello\n", lines());
    }

    @Test
    void debuggerSeesEverySpawn() throws Exception {
        JavadocSnippets.debugger(out);
        assertEquals("first\nsecond\n3 tasks spawned\n", lines());
    }
}
