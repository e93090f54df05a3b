package giambio.net;

import giambio.api.CancelScope;
import giambio.api.Giambio;
import giambio.testsupport.MisuseTable;
import giambio.testsupport.MisuseTableTestBase;
import giambio.testsupport.Where;
import java.io.IOException;
import java.time.Duration;

/**
 * The TLS rows of the misuse table (docs/misuse.md, ids {@code X..}; rule S26): every row is
 * a case here and every case a row there; each case makes the call in the row's context, and
 * the shared reader {@link MisuseTable} checks the exact exception class and that its message
 * names what the row says ({@link MisuseTableTestBase} runs one check per row). Runs on both
 * kernels, like every test of this module.
 */
class TlsMisuseTableTest extends MisuseTableTestBase<Where, TlsMisuseTableTest.World> {

    /** What the calls use. The pairs exist only in loop contexts; {@code used} also outside. */
    static final class World implements AutoCloseable {
        final TlsConfig client = TlsTesting.clientConfig();
        final TlsConfig server = TlsTesting.serverConfig();
        /** A pair whose handshake has not run. */
        TlsTesting.Pair fresh;
        /** A pair whose handshake is done. */
        TlsTesting.Pair done;
        /** A pair whose client is closed. */
        TlsTesting.Pair closed;
        /** A pair whose client's handshake was cancelled. */
        TlsTesting.Pair broken;

        static World inLoop() throws Exception {
            World w = new World();
            w.fresh = TlsTesting.Pair.open(w.client, w.server);
            w.done = TlsTesting.Pair.open(w.client, w.server);
            Giambio.createPool(pool -> {
                pool.spawn(() -> w.done.server().handshake());
                w.done.client().handshake();
            });
            w.closed = TlsTesting.Pair.open(w.client, w.server);
            w.closed.client().close();
            w.broken = TlsTesting.Pair.open(w.client, w.server);
            CancelScope scope = CancelScope.create();
            Giambio.createPool(pool -> {
                pool.spawn(() -> scope.run(() -> w.broken.client().handshake()));
                Giambio.waitAllTasksBlocked();
                scope.cancel();
            });
            return w;
        }

        @Override
        public void close() throws IOException {
            for (TlsTesting.Pair p : new TlsTesting.Pair[] {fresh, done, closed, broken}) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    private static final ConnectionHandler<TlsStream> NOTHING = tls -> { };

    TlsMisuseTableTest() {
        row("X01", Where.IN_LOOP, w -> TlsStream.client(w.fresh.client().transport(), "localhost", null));
        row("X02", Where.IN_LOOP, w -> TlsStream.client(w.fresh.client().transport(), " ", w.client));
        row("X03", Where.IN_LOOP, w -> TlsStream.client(w.fresh.client().transport(), "localhost", w.server));
        row("X04", Where.IN_LOOP, w -> TlsStream.server(w.fresh.server().transport(), w.client));
        row("X05", Where.IN_LOOP, w -> TlsStream.client(w.closed.client().transport(), "localhost", w.client));
        row("X06", Where.OUTSIDE, w -> Net.openTlsStream("localhost", 443));
        row("X07", Where.IN_LOOP, w -> Net.openTlsStream("localhost", 443, w.server));
        row("X08", Where.IN_LOOP, w -> Net.openTlsStream("bad name!", 443));
        row("X09", Where.IN_LOOP, w -> Net.serveTls(0, w.client, NOTHING));
        row("X10", Where.OUTSIDE, w -> Net.serveTls(0, w.server, NOTHING));
        row("X11", Where.IN_LOOP, w -> {
            SocketListener listener = SocketListener.bind(NetTesting.anyLoopbackPort());
            try (listener) {
                TlsListener.wrap(listener, w.client);
            }
        });
        row("X12", Where.IN_LOOP, w -> w.fresh.client().session());
        row("X13", Where.IN_LOOP, w -> w.done.client().receive(0));
        row("X14", Where.OUTSIDE, w -> {
            TlsTesting.Pair p = Giambio.run(() -> TlsTesting.Pair.open());   // made by a loop that has ended
            try (p) {
                p.client().receive(1);
            }
        });
        row("X15", Where.OTHER_LOOP, w -> w.done.client().receive(1));
        row("X16", Where.IN_LOOP, w -> {
            Throwable[] second = new Throwable[1];
            Giambio.createPool(pool -> {
                pool.spawn(() -> w.done.client().receive(1));
                Giambio.waitAllTasksBlocked();
                try {
                    w.done.client().receive(1);
                } catch (Throwable t) {
                    second[0] = t;
                }
                pool.cancel();
            });
            if (second[0] != null) {
                throw second[0];
            }
        });
        row("X17", Where.IN_LOOP, w -> {
            w.done.client().sendEof();
            w.done.client().sendAll(new byte[] {1});
        });
        row("X18", Where.IN_LOOP, w -> w.closed.client().receive(1));
        row("X19", Where.IN_LOOP, w -> w.broken.client().receive(1));
        row("X20", Where.OUTSIDE, w -> w.client.withHandshakeTimeout(Duration.ZERO));
        row("X21", Where.OUTSIDE, w -> w.client.withApplicationProtocols(""));
        row("X22", Where.OUTSIDE, w -> w.server.insecureSkipHostnameVerification());
        row("X23", Where.OUTSIDE, w -> w.client.withClientAuth(TlsConfig.ClientAuth.REQUIRED));
        row("X24", Where.OUTSIDE, w -> w.client.withProtocols("TLSv0.9"));
        row("X25", Where.OUTSIDE, w -> TlsConfig.server(TlsTesting.certs().keyStore(), null));
    }

    // ---- running a case in its context ------------------------------------------------------------

    @Override
    protected Throwable run(Where where, Call<World> call) throws Exception {
        if (where == Where.OUTSIDE) {
            return thrownBy(call, new World());
        }
        return Giambio.run(() -> {
            try (World w = World.inLoop()) {
                return thrownFromLoop(where, call, w);
            }
        });
    }
}
