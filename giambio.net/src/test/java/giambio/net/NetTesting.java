package giambio.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/** Helpers shared by the giambio.net tests. */
final class NetTesting {

    private NetTesting() {
    }

    /** The loopback address with port 0 (any free port). */
    static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** A loopback address where nothing listens (a listener's port, closed again): connects are refused. */
    static java.net.SocketAddress closedLoopbackPort() throws IOException {
        try (SocketListener l = SocketListener.bind(anyLoopbackPort())) {
            return l.localAddress();
        }
    }

    /** Echoes everything until end of stream. */
    static void echo(SocketStream stream) throws IOException {
        for (byte[] data = stream.receive(65536); data.length > 0; data = stream.receive(65536)) {
            stream.sendAll(data);
        }
    }

    /** Receives until end of stream. */
    static byte[] receiveAll(SocketStream stream, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] data = stream.receive(max); data.length > 0; data = stream.receive(max)) {
            assertTrue(data.length <= max, "receive(" + max + ") returned " + data.length + " bytes");
            out.write(data);
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The number of open file descriptors of this process (Linux). */
    static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What each open file descriptor of this process points to (Linux), for failure messages. */
    static java.util.List<String> fdTargets() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    return p.getFileName() + "->" + Files.readSymbolicLink(p);
                } catch (IOException gone) {
                    return p.getFileName() + "->?";
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of an executable on PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
