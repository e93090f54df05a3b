package giambio.net;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import giambio.api.VirtualClock;
import giambio.api.sync.Event;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11 item 7: happy eyeballs (RFC 8305) in {@code Net.openTcpStream(host, port)}, against
 * a stub resolver that maps a name to several loopback addresses on one port: one listening
 * ({@code 127.0.0.1}, and {@code ::1} where asked), some refusing (nobody listens there), and
 * "blackholed" ones: a listener whose backlog is full, so the kernel drops the SYN and the
 * connect hangs (checked by {@link #blackholeReallyHangs}). The delay runs on a manual
 * {@link VirtualClock}: the assertions are about order and virtual time, never wall time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)   // a guard: a broken race would hang on a manual clock
class HappyEyeballsTest {

    private static final String NAME = "eyeballs.test";

    /** The port every address uses; a listener on 127.0.0.1 holds it, so nobody else binds it. */
    private int port;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private long fdsBefore;

    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        // the first race opens descriptors the JVM keeps (worker threads, resolver): not ours
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress("127.0.0.1", 0));
            int p = ((InetSocketAddress) l.getLocalAddress()).getPort();
            Giambio.run(() -> Net.openTcpStream(NAME, p, ConnectOptions.DEFAULT.withResolver(
                    host -> List.of(ip("127.0.0.1")))).close());
        }
    }

    @BeforeEach
    void bindTheGoodListener() throws IOException {
        fdsBefore = openSockets();
        ServerSocketChannel good = ServerSocketChannel.open();
        good.bind(new InetSocketAddress("127.0.0.1", 0), 16);
        resources.add(good);
        port = ((InetSocketAddress) good.getLocalAddress()).getPort();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : resources) {
            c.close();
        }
        assertEquals(fdsBefore, openSockets(), () -> "every socket of the race is closed: " + fdList());
    }

    /**
     * The open sockets of this process. Discussion: sockets, not all descriptors: the JDK opens
     * its virtual-thread pollers (eventpoll descriptors) lazily, once per JVM.
     */
    private static long openSockets() {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fdList() {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return p.getFileName() + "=" + java.nio.file.Files.readSymbolicLink(p);
                } catch (IOException e) {
                    return p.getFileName() + "=?";
                }
            }).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    /** Makes {@code address}:port blackholed: a listener with backlog 1, filled by two connects nobody accepts. */
    private void blackhole(String address) throws IOException {
        ServerSocketChannel hole = ServerSocketChannel.open();
        try {
            hole.bind(new InetSocketAddress(address, port), 1);
        } catch (BindException e) {
            hole.close();
            Assumptions.assumeTrue(false, address + ":" + port + " is taken by someone else: " + e);
        }
        resources.add(hole);
        for (int i = 0; i < 2; i++) {   // Linux queues backlog + 1 connections
            resources.add(SocketChannel.open(new InetSocketAddress(address, port)));
        }
    }

    /** A listener on [::1]:port. */
    private void listenOnIpv6Loopback() throws IOException {
        ServerSocketChannel v6 = ServerSocketChannel.open();
        v6.bind(new InetSocketAddress("::1", port), 16);
        resources.add(v6);
    }

    private static HostResolver stub(List<InetAddress> addresses) {
        Map<String, List<InetAddress>> table = Map.of(NAME, addresses);
        return host -> {
            List<InetAddress> found = table.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        };
    }

    /** One trace entry: what, to which address, at which virtual time (ms). */
    record Step(HappyEyeballs.Phase phase, String address, long atMillis) {
        @Override
        public String toString() {
            return phase + " " + address + " @" + atMillis;
        }
    }

    private static HappyEyeballs.Trace recorder(List<Step> steps) {
        return (phase, target) -> steps.add(new Step(phase, target.getAddress().getHostAddress(),
                Math.round(Giambio.clock() * 1000)));
    }

    private static Step step(HappyEyeballs.Phase phase, String address, long atMillis) {
        return new Step(phase, address, atMillis);
    }

    @Test
    void blackholeReallyHangs() throws Exception {
        blackhole("127.0.0.3");
        // the premise of the other tests: a connect to the full listener gets no answer
        boolean finished = Giambio.run(() -> Giambio.skipAfter(Duration.ofMillis(300),
                () -> Net.openTcpStream(new InetSocketAddress("127.0.0.3", port)).close()));
        assertFalse(finished, "a connect to a listener with a full backlog must hang");
    }

    @Test
    void aRefusalStartsTheNextAttemptAtOnce() throws Exception {
        List<Step> steps = new ArrayList<>();
        ConnectOptions options = ConnectOptions.DEFAULT.withResolver(stub(
                List.of(ip("127.0.0.2"), ip("127.0.0.4"), ip("127.0.0.1"))));
        // the clock never moves: waiting for the 250 ms delay would hang (and trip @Timeout)
        Giambio.run(RunOptions.builder().clock(VirtualClock.manual()).build(), () -> {
            try (SocketStream s = HappyEyeballs.connect(NAME, port, options, recorder(steps))) {
                assertEquals(new InetSocketAddress("127.0.0.1", port), s.remoteAddress());
            }
        });
        assertEquals(List.of(
                step(HappyEyeballs.Phase.STARTED, "127.0.0.2", 0), step(HappyEyeballs.Phase.FAILED, "127.0.0.2", 0),
                step(HappyEyeballs.Phase.STARTED, "127.0.0.4", 0), step(HappyEyeballs.Phase.FAILED, "127.0.0.4", 0),
                step(HappyEyeballs.Phase.STARTED, "127.0.0.1", 0), step(HappyEyeballs.Phase.CONNECTED, "127.0.0.1", 0)),
                steps);
    }

    @Test
    void aBlackholedAddressRunsAloneForTheDelayThenTheNextWinsAndTheLoserIsCancelled() throws Exception {
        blackhole("127.0.0.3");
        List<Step> steps = new ArrayList<>();
        ConnectOptions options = ConnectOptions.DEFAULT.withResolver(stub(List.of(ip("127.0.0.3"), ip("127.0.0.1"))));
        assertEquals(Duration.ofMillis(250), options.attemptDelay(), "RFC 8305's recommended default");
        VirtualClock clock = VirtualClock.manual();
        Giambio.run(RunOptions.builder().clock(clock).build(), () -> Giambio.createPool(pool -> {
            Event done = new Event();
            Event started = new Event();   // the resolver runs on a worker thread first
            SocketStream[] won = new SocketStream[1];
            HappyEyeballs.Trace record = recorder(steps);
            pool.spawn("client", () -> {
                won[0] = HappyEyeballs.connect(NAME, port, options, (phase, target) -> {
                    record.event(phase, target);
                    started.set();
                });
                done.set();
            });
            started.await();
            Giambio.waitAllTasksBlocked();
            assertEquals(List.of(step(HappyEyeballs.Phase.STARTED, "127.0.0.3", 0)), steps);
            clock.jump(Duration.ofMillis(249));
            Giambio.waitAllTasksBlocked();
            assertEquals(1, steps.size(), "the first attempt runs alone for the whole delay: " + steps);
            clock.jump(Duration.ofMillis(1));
            done.await();
            try (SocketStream s = won[0]) {
                assertEquals(new InetSocketAddress("127.0.0.1", port), s.remoteAddress());
            }
        }));
        assertEquals(List.of(
                step(HappyEyeballs.Phase.STARTED, "127.0.0.3", 0),
                step(HappyEyeballs.Phase.STARTED, "127.0.0.1", 250),
                step(HappyEyeballs.Phase.CONNECTED, "127.0.0.1", 250),
                step(HappyEyeballs.Phase.CANCELLED, "127.0.0.3", 250)), steps);
    }

    @Test
    void familiesAreInterleavedFirstFamilyFirst() throws Exception {
        listenOnIpv6Loopback();
        blackhole("127.0.0.3");
        List<Step> steps = new ArrayList<>();
        // the resolver lists ::1 last; interleaving tries it second
        ConnectOptions options = ConnectOptions.DEFAULT.withResolver(stub(
                List.of(ip("127.0.0.2"), ip("127.0.0.3"), ip("::1"))));
        Giambio.run(RunOptions.builder().clock(VirtualClock.manual()).build(), () -> {
            try (SocketStream s = HappyEyeballs.connect(NAME, port, options, recorder(steps))) {
                assertEquals(new InetSocketAddress("::1", port), s.remoteAddress());
            }
        });
        assertEquals(List.of(
                step(HappyEyeballs.Phase.STARTED, "127.0.0.2", 0), step(HappyEyeballs.Phase.FAILED, "127.0.0.2", 0),
                step(HappyEyeballs.Phase.STARTED, "0:0:0:0:0:0:0:1", 0),
                step(HappyEyeballs.Phase.CONNECTED, "0:0:0:0:0:0:0:1", 0)), steps,
                "127.0.0.3 is never tried: ::1 came before it and won");
    }

    @Test
    void interleavingFollowsRfc8305Section4() throws Exception {
        InetAddress a6 = ip("2001:db8::1");
        InetAddress b6 = ip("2001:db8::2");
        InetAddress c6 = ip("2001:db8::3");
        InetAddress a4 = ip("192.0.2.1");
        InetAddress b4 = ip("192.0.2.2");
        assertEquals(List.of(a6, a4, b6, b4, c6), HappyEyeballs.interleave(List.of(a6, b6, c6, a4, b4)));
        assertEquals(List.of(a4, a6, b4, b6, c6), HappyEyeballs.interleave(List.of(a4, b4, a6, b6, c6)));
        assertEquals(List.of(a4, b4), HappyEyeballs.interleave(List.of(a4, b4, a4)), "duplicates dropped");
        assertEquals(List.of(a6), HappyEyeballs.interleave(List.of(a6)));
    }

    @Test
    void whenEveryAttemptFailsTheErrorNamesEachAndCarriesEachAsSuppressed() throws Exception {
        ConnectOptions options = ConnectOptions.DEFAULT.withResolver(stub(
                List.of(ip("127.0.0.2"), ip("127.0.0.4"), ip("127.0.0.5"))));
        ConnectException e = assertThrows(ConnectException.class, () -> Giambio.run(
                RunOptions.builder().clock(VirtualClock.manual()).build(),
                () -> Net.openTcpStream(NAME, port, options).close()));
        assertTrue(e.getMessage().startsWith("Net.openTcpStream: cannot connect to " + NAME + " port " + port
                + ": all 3 addresses failed: 127.0.0.2 ("), e.getMessage());
        assertTrue(e.getMessage().contains("; 127.0.0.4 (") && e.getMessage().contains("; 127.0.0.5 ("), e.getMessage());
        Throwable[] each = e.getSuppressed();
        assertEquals(3, each.length);
        for (Throwable t : each) {
            assertInstanceOf(ConnectException.class, t, "each attempt was refused");
        }
        assertNotSame(each[0], each[1]);
    }

    @Test
    void twoQuickWinnersOnlyOneReturnedTheOtherClosed() throws Exception {
        ServerSocketChannel second = ServerSocketChannel.open();
        second.bind(new InetSocketAddress("127.0.0.6", port), 16);
        resources.add(second);
        List<Step> steps = new ArrayList<>();
        ConnectOptions options = new ConnectOptions(Duration.ZERO, stub(List.of(ip("127.0.0.1"), ip("127.0.0.6"))));
        Giambio.run(RunOptions.builder().clock(VirtualClock.manual()).build(), () -> {
            try (SocketStream s = HappyEyeballs.connect(NAME, port, options, recorder(steps))) {
                assertTrue(s.isOpen());
            }
        });   // closeEverything checks that the loser was closed too
        assertEquals(step(HappyEyeballs.Phase.STARTED, "127.0.0.1", 0), steps.get(0));
        assertEquals(step(HappyEyeballs.Phase.STARTED, "127.0.0.6", 0), steps.get(1), "a zero delay starts both at once");
        assertEquals(1, steps.stream().filter(s -> s.phase() == HappyEyeballs.Phase.CONNECTED).count(), steps.toString());
        assertEquals(4, steps.size(), steps.toString());
        assertTrue(steps.get(3).phase() == HappyEyeballs.Phase.CANCELLED
                || steps.get(3).phase() == HappyEyeballs.Phase.CLOSED_LATE_WINNER, steps.toString());
    }

    @Test
    void cancellingTheCallerCancelsEveryAttemptAndLeavesNothingOpen() throws Exception {
        blackhole("127.0.0.3");
        blackhole("127.0.0.7");
        List<Step> steps = new ArrayList<>();
        ConnectOptions options = ConnectOptions.DEFAULT.withResolver(stub(List.of(ip("127.0.0.3"), ip("127.0.0.7"))));
        VirtualClock clock = VirtualClock.manual();
        Giambio.run(RunOptions.builder().clock(clock).build(), () -> Giambio.createPool(pool -> {
            Event first = new Event();
            Event second = new Event();
            HappyEyeballs.Trace record = recorder(steps);
            pool.spawn("client", () -> HappyEyeballs.connect(NAME, port, options, (phase, target) -> {
                record.event(phase, target);
                (steps.size() == 1 ? first : second).set();
            }).close());
            first.await();
            clock.jump(Duration.ofMillis(250));
            second.await();
            Giambio.waitAllTasksBlocked();
            pool.cancel();
        }));
        assertEquals(List.of(
                step(HappyEyeballs.Phase.STARTED, "127.0.0.3", 0),
                step(HappyEyeballs.Phase.STARTED, "127.0.0.7", 250),
                step(HappyEyeballs.Phase.CANCELLED, "127.0.0.3", 250),
                step(HappyEyeballs.Phase.CANCELLED, "127.0.0.7", 250)), steps);
    }

    @Test
    void theResolverRunsOnAWorkerThreadAndNeverSeesLiterals() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        HostResolver spy = host -> {
            asked.add(host);
            threads.add(Thread.currentThread());
            return List.of(ip("127.0.0.1"));
        };
        ConnectOptions options = ConnectOptions.DEFAULT.withResolver(spy);
        Thread[] loopThread = new Thread[1];
        Giambio.run(() -> {
            loopThread[0] = Thread.currentThread();
            Net.openTcpStream(NAME, port, options).close();
            Net.openTcpStream("127.0.0.1", port, options).close();
        });
        assertEquals(List.of(NAME), asked, "the literal was parsed in place");
        assertNotSame(loopThread[0], threads.get(0));
    }

    @Test
    void aResolverThatFindsNothingIsAnUnknownHost() throws Exception {
        ConnectOptions empty = ConnectOptions.DEFAULT.withResolver(host -> List.of());
        UnknownHostException e = assertThrows(UnknownHostException.class,
                () -> Giambio.run(() -> Net.openTcpStream(NAME, port, empty).close()));
        assertTrue(e.getMessage().contains(NAME) && e.getMessage().contains("no address"), e.getMessage());
        assertThrows(UnknownHostException.class,
                () -> Giambio.run(() -> Net.openTcpStream("unknown.test", port, ConnectOptions.DEFAULT.withResolver(stub(List.of(ip("127.0.0.1"))))).close()));
    }
}
