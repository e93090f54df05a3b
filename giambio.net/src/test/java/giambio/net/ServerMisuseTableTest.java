package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;
import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.testsupport.MisuseTable;
import giambio.testsupport.MisuseTableTestBase;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;

/**
 * The rows of docs/misuse.md with ids starting with F (serving on many loops, D7:
 * {@link MultiLoopServer} and {@code Net.serveTcp(loops, ...)}): every row is a case, every
 * case a row; the exact exception class and every quoted fragment of the message. Each case
 * runs from a plain thread and again from a task of a loop (a server may be started from
 * either), and must fail the same way in both ({@link MisuseTableTestBase} runs one check per
 * row, this class's {@link #check} makes it twice).
 */
class ServerMisuseTableTest extends MisuseTableTestBase<ServerMisuseTableTest.Where, Void> {

    /** Where a call is made: a server may be started from a plain thread or from a task. */
    enum Where {
        /** From a plain thread (no loop), then again from a task of a loop: the same answer both times. */
        THREAD_AND_TASK
    }

    private void row(String id, Call<Void> call) {
        row(id, Where.THREAD_AND_TASK, call);
    }

    private static MultiLoopServer closedServer() throws IOException {
        MultiLoopServer server = MultiLoopServer.bind(anyLoopbackPort(), 1);
        server.close();
        return server;
    }

    ServerMisuseTableTest() {
        row("F01", none -> MultiLoopServer.bind(anyLoopbackPort(), 0));
        row("F02", none -> MultiLoopServer.bind(anyLoopbackPort(), -1));
        row("F03", none -> MultiLoopServer.bind(null, 2));
        row("F04", none -> MultiLoopServer.bind(anyLoopbackPort(), 2, null));
        row("F05", none -> MultiLoopServer.bind(UnixDomainSocketAddress.of("/tmp/giambio-misuse-never-bound.sock"), 2));
        row("F06", none -> closedServer().serve(NetTesting::echo));
        row("F07", none -> closedServer().serve(null));
        row("F08", none -> closedServer().serve(RunOptions.defaults(), NetTesting::echo, null));
        row("F09", none -> closedServer().serve(null, NetTesting::echo, HandlerFailure.CRASH_SERVER));
        row("F10", none -> Net.serveTcp(0, anyLoopbackPort(), NetTesting::echo));
        row("F11", none -> Net.serveTcp(2, null, NetTesting::echo));
        row("F12", none -> Net.serveTcp(2, anyLoopbackPort(), null));
    }

    /** Makes the call where the caller is: a plain thread, or a task of a loop. */
    @Override
    protected Throwable run(Where where, Call<Void> call) {
        return thrownBy(call, null);
    }

    /** Checks the row from a plain thread, then from a task of a loop. */
    @Override
    protected void check(MisuseTable.Row row, Where where, Call<Void> call) throws Exception {
        check(row, run(where, call), "from a plain thread");
        Throwable[] inLoop = new Throwable[1];
        Giambio.run(() -> {
            inLoop[0] = run(where, call);
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
}
