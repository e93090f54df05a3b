package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.testsupport.MisuseTable;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static final String OWNER = "ServerMisuseTableTest";

    @Test
    void theDocumentAndTheCasesListTheSameRows() {
        MisuseTable.assertSameRows(OWNER, CASES.keySet());
    }

    static Stream<Arguments> rows() {
        return MisuseTable.arguments(OWNER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRowGetsItsDocumentedExceptionFromAThreadAndFromATask(String id, MisuseTable.Row row) throws Exception {
        Call c = CASES.get(id);
        assertNotNull(c, "row " + id + " of docs/misuse.md has no case");
        check(row, capture(c), "from a plain thread");
        Throwable[] inLoop = new Throwable[1];
        Giambio.run(() -> {
            inLoop[0] = capture(c);
        });
        check(row, inLoop[0], "from a task");
    }

    private static void check(MisuseTable.Row row, Throwable thrown, String where) {
        try {
            row.check(thrown);
        } catch (AssertionError e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
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
