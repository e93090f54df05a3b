package giambio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Many clients of an echo server at once, as one real {@code python3} process (its
 * {@code socket} module, one thread per client): client {@code i} connects to {@code to} (TCP
 * for an {@link InetSocketAddress}, {@code AF_UNIX} for a {@link UnixDomainSocketAddress}),
 * sends {@code firstSize + sizeStep * i} bytes of {@code random.Random(i)}, shuts its sending
 * side down and reads until the server closes. The process prints the one line
 * {@link #success()} ({@code ok <clients> <bytes>}) and exits with 0 only if every client got
 * back exactly the bytes it sent; otherwise it prints a line per failed client (what it sent,
 * what came back, or the exception) and exits with 1.
 *
 * <p>Shared by ExternalPeersTest, MultiLoopServerTest and UnixSocketTest, which differ only in
 * the address and the sizes.
 *
 * @param to        where the server listens
 * @param clients   how many clients connect at once
 * @param firstSize the bytes client 0 sends
 * @param sizeStep  how many more bytes each next client sends
 */
record PythonEchoClients(SocketAddress to, int clients, int firstSize, int sizeStep) {

    /** Arguments: family (tcp or unix), host or path, port (tcp), clients, first size, size step. */
    private static final String SCRIPT = """
            import socket, sys, threading, random
            family, where, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
            n, first, step = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
            def connect():
                if family == "tcp":
                    return socket.create_connection((where, port))
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    s.connect(where)
                except BaseException:
                    s.close()
                    raise
                return s
            results = [None] * n
            def client(i):
                try:
                    data = random.Random(i).randbytes(first + step * i)
                    with connect() as s:
                        s.sendall(data)
                        s.shutdown(socket.SHUT_WR)
                        got = bytearray()
                        while True:
                            chunk = s.recv(65536)
                            if not chunk:
                                break
                            got += chunk
                    if bytes(got) == data:
                        results[i] = len(got)
                    else:
                        results[i] = f"client {i}: sent {len(data)} bytes, got {len(got)} different ones back"
                except Exception as e:
                    results[i] = f"client {i}: {e!r}"
            ts = [threading.Thread(target=client, args=(i,)) for i in range(n)]
            for t in ts: t.start()
            for t in ts: t.join()
            bad = [str(r) for r in results if not isinstance(r, int)]
            if bad:
                print("\\n".join(bad))
                sys.exit(1)
            print("ok", n, sum(results))
            """;

    /**
     * Starts the clients; skips the test (with a message) if {@code python3} is missing.
     *
     * @return the running process (close it when done)
     * @throws IOException if the process cannot be started
     */
    PeerProcess start() throws IOException {
        String n = Integer.toString(clients);
        String first = Integer.toString(firstSize);
        String step = Integer.toString(sizeStep);
        return switch (to) {
            case InetSocketAddress inet -> PeerProcess.python(SCRIPT, "tcp", inet.getAddress().getHostAddress(),
                    Integer.toString(inet.getPort()), n, first, step);
            case UnixDomainSocketAddress unix -> PeerProcess.python(SCRIPT, "unix", unix.getPath().toString(), "0",
                    n, first, step);
            default -> throw new IllegalArgumentException("no Python echo client for " + to);
        };
    }

    /** The one line the process prints when every client got every byte back. */
    String success() {
        long bytes = (long) clients * firstSize + (long) sizeStep * clients * (clients - 1) / 2;
        return "ok " + clients + " " + bytes;
    }

    /**
     * Waits for {@code py} to end (blocking: from a loop's task, end it with
     * {@link PeerProcess#awaitExitInTask} first) and asserts that every client got back every
     * byte it sent: exit code 0 and nothing printed but {@link #success()}.
     *
     * @param py the process {@link #start} returned
     * @throws InterruptedException if interrupted while waiting
     */
    void assertEveryByteEchoed(PeerProcess py) throws InterruptedException {
        int exit = py.awaitExit();
        String output = py.output();
        assertEquals(0, exit, () -> "the python clients failed:\n" + output);
        assertEquals(success(), output.strip(), "what the python clients printed");
    }
}
