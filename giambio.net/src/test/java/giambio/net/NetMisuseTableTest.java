package giambio.net;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.TaskPool;
import giambio.testsupport.MisuseTable;
import giambio.testsupport.MisuseTableTestBase;
import giambio.testsupport.Where;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * giambio.net's part of the misuse table (S26, docs/misuse.md): every row whose id starts with
 * a prefix in {@link #SECTIONS} is a case here and every case is a row there; each case makes
 * the call in the row's context and checks the exact exception class and that its message
 * names what the row says ({@link MisuseTableTestBase} runs one check per row). The document's
 * other prefixes belong to giambio.loop's {@code MisuseTableTest} and giambio.net's
 * {@code TlsMisuseTableTest} and {@code ServerMisuseTableTest}.
 *
 * <h2>Adding a section (Unix sockets and happy eyeballs: Y)</h2>
 * Write the rows in docs/misuse.md under your own heading with your prefix, write a method that
 * calls {@link #row} once per row (see {@link #netRows}), add one entry
 * {@code 'Y', NetMisuseTableTest::unixAndConnectRows} to {@link #SECTIONS} and give the letter
 * to this test in {@link MisuseTable#OWNERS} (the shared reader of the document: a row whose
 * letter no test owns fails every table test).
 * A call gets the shared {@link World} (streams, listeners, a pool, in the row's context) and
 * may open its own sockets with {@link World#closeLater}.
 */
class NetMisuseTableTest extends MisuseTableTestBase<Where, NetMisuseTableTest.World> {

    /** The sections this test checks: an id prefix and what registers its rows. */
    private static final Map<Character, Consumer<NetMisuseTableTest>> SECTIONS = Map.of(
            'U', NetMisuseTableTest::netRows,
            'Y', NetMisuseTableTest::unixAndConnectRows);

    NetMisuseTableTest() {
        SECTIONS.values().forEach(section -> section.accept(this));
    }

    /** The sockets the calls use, made in the row's context, closed after the row. */
    static final class World {
        private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
        /** The pool the row runs in (null OUTSIDE). */
        TaskPool pool;
        /** A bound, open listener on a loopback port. */
        SocketListener listener;
        /** A closed listener. */
        SocketListener closedListener;
        /** A connected stream (in a loop) and its peer; null OUTSIDE. */
        SocketStream client;
        SocketStream server;
        /** A closed stream (in a loop). */
        SocketStream closedStream;
        /** A stream whose sending side was shut down with sendEof (in a loop). */
        SocketStream afterEof;
        /** A UDP socket bound to 127.0.0.1 (IPv4 only). */
        UdpSocket udp;
        /** A closed UDP socket. */
        UdpSocket closedUdp;

        /**
         * Closes {@code c} after the row, whatever happens.
         *
         * @param c what to close
         * @return {@code c}
         */
        <T extends AutoCloseable> T closeLater(T c) {
            toClose.push(c);
            return c;
        }

        private static InetSocketAddress loopback() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        }

        /** Makes the listeners and UDP sockets (anywhere), and the streams (in a loop only). */
        void open(boolean inLoop) throws Exception {
            listener = closeLater(SocketListener.bind(loopback()));
            closedListener = SocketListener.bind(loopback());
            closedListener.close();
            udp = closeLater(UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0)));
            closedUdp = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedUdp.close();
            if (!inLoop) {
                return;
            }
            SocketStream[] pair = pair();
            client = pair[0];
            server = pair[1];
            closedStream = pair()[0];
            closedStream.close();
            afterEof = pair()[0];
            afterEof.sendEof();
            listener.localAddress();
        }

        private SocketStream[] pair() throws Exception {
            try (SocketListener l = SocketListener.bind(loopback())) {
                SocketStream[] accepted = new SocketStream[1];
                SocketStream[] connected = new SocketStream[1];
                Giambio.createPool(p -> {
                    p.spawn(() -> accepted[0] = closeLater(l.accept()));
                    connected[0] = closeLater(Net.openTcpStream(l.localAddress()));
                });
                return new SocketStream[] {connected[0], accepted[0]};
            }
        }

        void closeAll() throws Exception {
            while (!toClose.isEmpty()) {
                toClose.pop().close();
            }
        }
    }

    private static final ConnectionHandler<SocketStream> NOTHING = stream -> { };
    private static final InetSocketAddress SOMEWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    /** The rows of Unix-domain sockets and happy eyeballs' options (prefix Y). */
    private void unixAndConnectRows() {
        Path nowhere = Path.of(System.getProperty("java.io.tmpdir"), "giambio-misuse-nowhere.sock");
        row("Y01", Where.OUTSIDE, w -> Net.openUnixStream(nowhere));
        row("Y02", Where.IN_LOOP, w -> Net.openUnixStream(null));
        row("Y03", Where.OUTSIDE, w -> Net.openUnixListener(null));
        row("Y04", Where.IN_LOOP, w -> Net.serveUnix(null, NOTHING));
        row("Y05", Where.OUTSIDE, w -> new ConnectOptions(java.time.Duration.ofMillis(-1), HostResolver.SYSTEM));
        row("Y06", Where.OUTSIDE, w -> ConnectOptions.DEFAULT.withResolver(null));
        row("Y07", Where.OUTSIDE, w -> ConnectOptions.DEFAULT.withAttemptDelay(null));
    }

    /** giambio.net's own rows (prefix U): Net, SocketListener, SocketStream, UdpSocket. */
    private void netRows() {
        // ---- Net ---------------------------------------------------------------------------
        row("U01", Where.OUTSIDE, w -> Net.openTcpStream("localhost", 9));
        row("U02", Where.IN_LOOP, w -> Net.openTcpStream((String) null, 9));
        row("U03", Where.IN_LOOP, w -> Net.openTcpStream("localhost", 70000));
        row("U04", Where.IN_LOOP, w -> Net.openTcpStream((SocketAddress) null));
        row("U05", Where.OUTSIDE, w -> Net.openTcpStream(SOMEWHERE));
        row("U06", Where.OUTSIDE, w -> Net.serveTcp(0, NOTHING));
        row("U07", Where.IN_LOOP, w -> Net.serveTcp(70000, NOTHING));
        row("U08", Where.IN_LOOP, w -> Net.serveTcp(w.listener, null));
        row("U09", Where.IN_LOOP, w -> Net.serveTcp(w.listener, NOTHING, null));
        row("U10", Where.IN_LOOP, w -> Net.serveListeners(List.<SocketListener>of(), NOTHING, HandlerFailure.CRASH_SERVER));
        row("U11", Where.OUTSIDE, w -> Net.serveTcp(w.listener, NOTHING));
        // ---- SocketListener ------------------------------------------------------------------
        row("U12", Where.OUTSIDE, w -> SocketListener.bind(null));
        row("U13", Where.OUTSIDE, w -> SocketListener.bind(SOMEWHERE, -1));
        row("U14", Where.OUTSIDE, w -> SocketListener.wrap(w.closeLater(ServerSocketChannel.open())));
        row("U15", Where.OUTSIDE, w -> {
            ServerSocketChannel c = ServerSocketChannel.open();
            c.close();
            SocketListener.wrap(c);
        });
        row("U16", Where.OUTSIDE, w -> w.listener.accept());
        row("U17", Where.FOREIGN_THREAD, w -> w.listener.accept());
        row("U18", Where.OTHER_LOOP, w -> w.listener.accept());
        row("U19", Where.IN_LOOP, w -> w.closedListener.accept());
        row("U20", Where.IN_LOOP, w -> {
            w.pool.spawn(() -> w.listener.accept());
            Giambio.waitAllTasksBlocked();
            w.listener.accept();
        });
        row("U21", Where.OTHER_LOOP, w -> w.listener.close());
        // ---- SocketStream ---------------------------------------------------------------------
        row("U22", Where.OUTSIDE, w -> SocketStream.wrap(null));
        row("U23", Where.OUTSIDE, w -> SocketStream.wrap(w.closeLater(SocketChannel.open())));
        row("U24", Where.IN_LOOP, w -> w.client.receive(0));
        row("U25", Where.IN_LOOP, w -> w.client.receive((ByteBuffer) null));
        row("U26", Where.IN_LOOP, w -> w.client.receive(ByteBuffer.allocate(0)));
        row("U27", Where.IN_LOOP, w -> w.client.sendAll((byte[]) null));
        row("U28", Where.IN_LOOP, w -> w.afterEof.sendAll(new byte[] {1}));
        row("U29", Where.IN_LOOP, w -> w.closedStream.receive(1));
        row("U30", Where.IN_LOOP, w -> w.closedStream.sendAll(new byte[] {1}));
        row("U31", Where.FOREIGN_THREAD, w -> w.client.receive(1));
        row("U32", Where.OTHER_LOOP, w -> w.client.sendAll(new byte[] {1}));
        row("U33", Where.IN_LOOP, w -> {
            w.pool.spawn(() -> w.client.receive(1));
            Giambio.waitAllTasksBlocked();
            w.client.receive(1);
        });
        row("U34", Where.IN_LOOP, w -> w.client.setOption(null, 1));
        row("U35", Where.IN_LOOP, w -> w.client.setOption(StandardSocketOptions.SO_RCVBUF, null));
        row("U36", Where.IN_LOOP, w -> w.client.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
        row("U37", Where.IN_LOOP, w -> w.client.getOption(null));
        row("U38", Where.IN_LOOP, w -> w.closedStream.setOption(StandardSocketOptions.SO_KEEPALIVE, true));
        row("U39", Where.OTHER_LOOP, w -> w.client.close());
        // ---- UdpSocket ------------------------------------------------------------------------
        row("U40", Where.OUTSIDE, w -> UdpSocket.bind(null));
        row("U41", Where.IN_LOOP, w -> w.udp.sendTo(new byte[] {1}, null));
        row("U42", Where.IN_LOOP, w -> w.udp.sendTo((byte[]) null, SOMEWHERE));
        row("U43", Where.IN_LOOP, w -> w.udp.sendTo(new byte[] {1}, InetSocketAddress.createUnresolved("example.invalid", 9)));
        row("U44", Where.IN_LOOP, w -> w.udp.sendTo(new byte[] {1}, new InetSocketAddress(InetAddress.getByName("::1"), 9)));
        row("U45", Where.IN_LOOP, w -> w.udp.sendTo(new byte[] {1}, UnixDomainSocketAddress.of("/tmp/none")));
        row("U46", Where.IN_LOOP, w -> w.udp.receiveFrom(0));
        row("U47", Where.IN_LOOP, w -> w.udp.receiveFrom(70000));
        row("U48", Where.IN_LOOP, w -> w.closedUdp.receiveFrom(10));
        row("U49", Where.OUTSIDE, w -> w.udp.receiveFrom(10));
        row("U50", Where.FOREIGN_THREAD, w -> w.udp.receiveFrom(10));
    }

    // ---- the document -----------------------------------------------------------------------

    @Test
    void sectionsAndOwnersGiveThisTestTheSameLetters() {
        assertEquals(SECTIONS.keySet(), Set.copyOf(MisuseTable.OWNERS.entrySet().stream()
                .filter(e -> e.getValue().equals(getClass().getSimpleName())).map(Map.Entry::getKey).toList()),
                "SECTIONS and MisuseTable.OWNERS must give this test the same sections");
    }

    // ---- running a case in its context ------------------------------------------------------

    @Override
    protected Throwable run(Where where, Call<World> call) throws Exception {
        World w = new World();
        if (where == Where.OUTSIDE) {
            try {
                w.open(false);
                return thrownBy(call, w);
            } finally {
                w.closeAll();
            }
        }
        return Giambio.run(() -> {
            try {
                w.open(true);
                Throwable[] thrown = new Throwable[1];
                Giambio.createPool(pool -> {
                    w.pool = pool;
                    thrown[0] = thrownFromLoop(where, call, w);
                    pool.cancel();
                });
                return thrown[0];
            } finally {
                w.closeAll();
            }
        });
    }
}
