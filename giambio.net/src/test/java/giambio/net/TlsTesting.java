package giambio.net;

import static giambio.net.NetTesting.anyLoopbackPort;

import giambio.api.Giambio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Certificates for the TLS tests, made once per test JVM with the JDK's {@code keytool} in a
 * temporary directory (deleted when the JVM exits): a self-signed EC certificate for
 * {@code localhost} and {@code 127.0.0.1}, as a PKCS#12 key store (Java), a PEM certificate
 * (what Python and openssl trust) and a PEM key plus certificate (what they serve).
 */
final class TlsTesting {

    static final char[] PASSWORD = "giambio-test".toCharArray();
    /** The names the certificate is for. */
    static final String HOST = "localhost";

    private static Certs certs;

    private TlsTesting() {
    }

    /** The files and stores; made on first use. */
    record Certs(Path dir, Path p12, Path certPem, Path keyAndCertPem, KeyStore keyStore, KeyStore trustStore) {
    }

    static synchronized Certs certs() {
        if (certs == null) {
            try {
                certs = make();
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the test certificate with keytool: " + e, e);
            }
        }
        return certs;
    }

    static TlsConfig serverConfig() {
        try {
            return TlsConfig.server(certs().keyStore(), PASSWORD);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static TlsConfig clientConfig() {
        try {
            return TlsConfig.client(certs().trustStore());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Certs make() throws Exception {
        Path dir = Files.createTempDirectory("giambio-tls-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        Path p12 = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String pass = new String(PASSWORD);
        run(dir, keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + HOST, "-ext", "SAN=dns:" + HOST + ",ip:127.0.0.1", "-validity", "7",
                "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", pass, "-keypass", pass);
        KeyStore keyStore = KeyStore.getInstance(p12.toFile(), PASSWORD);
        Certificate cert = keyStore.getCertificate("server");
        PrivateKey key = (PrivateKey) keyStore.getKey("server", PASSWORD);
        String certPem = pem("CERTIFICATE", cert.getEncoded());
        Path certFile = Files.writeString(dir.resolve("server.pem"), certPem);
        Path both = Files.writeString(dir.resolve("server-key-and-cert.pem"), pem("PRIVATE KEY", key.getEncoded()) + certPem);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        return new Certs(dir, p12, certFile, both, keyStore, trust);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A connected TLS pair over loopback TCP, made inside a loop; the handshake has not run. */
    record Pair(TlsStream client, TlsStream server) implements AutoCloseable {
        static Pair open(TlsConfig clientConfig, TlsConfig serverConfig) throws Exception {
            try (SocketListener listener = SocketListener.bind(anyLoopbackPort())) {
                SocketStream[] accepted = new SocketStream[1];
                SocketStream[] client = new SocketStream[1];
                Giambio.createPool(pool -> {
                    pool.spawn(() -> accepted[0] = listener.accept());
                    client[0] = Net.openTcpStream(listener.localAddress());
                });
                return new Pair(TlsStream.client(client[0], HOST, clientConfig), TlsStream.server(accepted[0], serverConfig));
            }
        }

        static Pair open() throws Exception {
            return open(clientConfig(), serverConfig());
        }

        @Override
        public void close() throws IOException {
            try (server; client) {
                // closes both
            }
        }
    }
}
