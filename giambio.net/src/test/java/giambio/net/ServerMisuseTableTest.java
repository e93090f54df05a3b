package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rows of docs/misuse.md with ids starting with F (serving on many loops, D7:
 * {@link MultiLoopServer} and {@code Net.serveTcp(loops, ...)}): every row is a case, every
 * case a row; the exact exception class and every quoted fragment of the message. Each case
 * runs from a plain thread and again from a task of a loop (a server may be started from
 * either), and must fail the same way in both.
 */
class ServerMisuseTableTest {

    @FunctionalInterface
    interface Call {
        void call() throws Throwable;
    }

    private static final Map<String, Call> CASES = new LinkedHashMap<>();

    private static void row(String id, Call call) {
        if (CASES.put(id, call) != null) {
            throw new IllegalStateException("duplicate row id " + id);
        }
    }

    private static MultiLoopServer closedServer() throws IOException {
        MultiLoopServer server = MultiLoopServer.bind(anyLoopbackPort(), 1);
        server.close();
        return server;
    }

    static {
        row("F01", () -> MultiLoopServer.bind(anyLoopbackPort(), 0));
        row("F02", () -> MultiLoopServer.bind(anyLoopbackPort(), -1));
        row("F03", () -> MultiLoopServer.bind(null, 2));
        row("F04", () -> MultiLoopServer.bind(anyLoopbackPort(), 2, null));
        row("F05", () -> MultiLoopServer.bind(UnixDomainSocketAddress.of("/tmp/giambio-misuse-never-bound.sock"), 2));
        row("F06", () -> closedServer().serve(NetTesting::echo));
        row("F07", () -> closedServer().serve(null));
        row("F08", () -> closedServer().serve(RunOptions.defaults(), NetTesting::echo, null));
        row("F09", () -> closedServer().serve(null, NetTesting::echo, HandlerFailure.CRASH_SERVER));
        row("F10", () -> Net.serveTcp(0, anyLoopbackPort(), NetTesting::echo));
        row("F11", () -> Net.serveTcp(2, null, NetTesting::echo));
        row("F12", () -> Net.serveTcp(2, anyLoopbackPort(), null));
    }

    /** A row of docs/misuse.md: | id | call | misuse | exception | message names |. */
    record DocRow(String id, String call, String misuse, String exception, String names) {
    }

    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*(F\\d\\d)\\s*\\|\\s*(.+?)\\s*\\|\\s*(.+?)\\s*\\|\\s*`([A-Za-z.]+)`\\s*\\|\\s*(.+?)\\s*\\|\\s*$");

    static Map<String, DocRow> document() throws IOException {
        Map<String, DocRow> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "misuse.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                DocRow r = new DocRow(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
                assertNull(rows.put(r.id(), r), "docs/misuse.md repeats row " + r.id());
            }
        }
        return rows;
    }

    @Test
    void theDocumentAndTheCasesListTheSameRows() throws IOException {
        Set<String> documented = new TreeSet<>(document().keySet());
        Set<String> tested = new TreeSet<>(CASES.keySet());
        assertEquals(tested, documented, "F rows of docs/misuse.md and the cases of this test differ");
    }

    static Stream<Arguments> rows() throws IOException {
        return document().values().stream().map(r -> Arguments.of(r.id(), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRowGetsItsDocumentedExceptionFromAThreadAndFromATask(String id, DocRow row) throws Exception {
        Call c = CASES.get(id);
        assertNotNull(c, "row " + id + " of docs/misuse.md has no case");
        check(id, row, capture(c), "from a plain thread");
        Throwable[] inLoop = new Throwable[1];
        Giambio.run(() -> {
            inLoop[0] = capture(c);
        });
        check(id, row, inLoop[0], "from a task");
    }

    private static void check(String id, DocRow row, Throwable thrown, String where) {
        String what = id + " " + row.call() + " (" + row.misuse() + ", " + where + ")";
        assertNotNull(thrown, what + ": no exception was thrown");
        assertEquals(exceptionClass(row.exception()), thrown.getClass(), what + ": wrong exception: " + thrown);
        assertNotNull(thrown.getMessage(), what + ": the exception has no message");
        Matcher m = Pattern.compile("`([^`]+)`").matcher(row.names());
        List<String> fragments = new ArrayList<>();
        while (m.find()) {
            fragments.add(m.group(1));
        }
        assertFalse(fragments.isEmpty(), id + ": the 'message names' column must quote at least one fragment");
        for (String fragment : fragments) {
            assertTrue(thrown.getMessage().contains(fragment),
                    what + ": the message should name " + fragment + " but is: " + thrown.getMessage());
        }
    }

    private static Class<?> exceptionClass(String simpleName) {
        for (Class<?> c : List.of(NullPointerException.class, IllegalArgumentException.class,
                IllegalStateException.class, UnsupportedOperationException.class)) {
            if (c.getSimpleName().equals(simpleName)) {
                return c;
            }
        }
        throw new AssertionError("docs/misuse.md names an exception this test does not know: " + simpleName);
    }

    private static Throwable capture(Call call) {
        try {
            call.call();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
