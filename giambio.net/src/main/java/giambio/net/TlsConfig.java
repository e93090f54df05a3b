package giambio.net;

import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a {@link TlsStream} speaks TLS: the JDK {@link SSLContext} (certificates, trust), the
 * side (client or server), and the few settings a connection needs (ALPN, client
 * authentication, hostname verification, protocol versions, handshake timeout). Immutable:
 * every {@code with...} method returns a new configuration, so one can be shared by any
 * number of streams, loops and threads.
 *
 * {@snippet :
 * // A client that trusts the system's certificate authorities and offers HTTP/2 and HTTP/1.1:
 * TlsConfig client = TlsConfig.client().withApplicationProtocols("h2", "http/1.1");
 *
 * // A server with a key and certificate from a PKCS#12 file:
 * KeyStore keys = KeyStore.getInstance(new File("server.p12"), password);
 * TlsConfig server = TlsConfig.server(keys, password).withApplicationProtocols("h2", "http/1.1");
 * }
 *
 * <h2>Defaults</h2>
 * <ul>
 *   <li>Protocols and cipher suites: the JDK's defaults (TLS 1.3 and 1.2 on current JDKs).</li>
 *   <li>Clients verify the server's host name (endpoint identification {@code "HTTPS"}, as
 *       browsers do) and send it as SNI; {@link #insecureSkipHostnameVerification()} turns the
 *       check off, loudly.</li>
 *   <li>No ALPN; no client certificates asked for.</li>
 *   <li>Handshake timeout: 10 seconds (as Netty's {@code SslHandler}), so a peer that connects
 *       and never speaks does not hold a connection forever.</li>
 *   <li>End of stream without a {@code close_notify} is an error (a truncation attack cannot
 *       pass as a clean end); {@link #acceptEofWithoutCloseNotify()} relaxes it for protocols
 *       that frame their own messages, as HTTPS does.</li>
 * </ul>
 *
 * <p>Anything else ({@code SSLParameters}: cipher suites, SNI matchers, named groups) is set
 * with {@link #withSslParameters(Consumer)}.
 */
public final class TlsConfig {

    /** Whether a server asks connecting clients for a certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for (the default). */
        NONE,
        /** A certificate is asked for; a client without one still connects. */
        WANTED,
        /** A certificate is required; the handshake fails without a trusted one. */
        REQUIRED
    }

    /** Netty's default; long enough for a slow network, short enough to shed idle peers. */
    private static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final boolean server;
    private final SSLContext context;
    /** ALPN protocols in preference order; empty for no ALPN. */
    private final List<String> applicationProtocols;
    private final ClientAuth clientAuth;
    /** Clients only; always false for servers. */
    private final boolean verifyHostname;
    /** Protocol versions to enable, or null for the context's defaults. */
    private final List<String> protocols;
    private final Duration handshakeTimeout;
    private final boolean eofWithoutCloseNotifyIsEof;
    /** Applied last to every engine's parameters, or null. */
    private final Consumer<? super SSLParameters> customizer;

    private TlsConfig(boolean server, SSLContext context, List<String> applicationProtocols, ClientAuth clientAuth,
            boolean verifyHostname, List<String> protocols, Duration handshakeTimeout,
            boolean eofWithoutCloseNotifyIsEof, Consumer<? super SSLParameters> customizer) {
        this.server = server;
        this.context = context;
        this.applicationProtocols = applicationProtocols;
        this.clientAuth = clientAuth;
        this.verifyHostname = verifyHostname;
        this.protocols = protocols;
        this.handshakeTimeout = handshakeTimeout;
        this.eofWithoutCloseNotifyIsEof = eofWithoutCloseNotifyIsEof;
        this.customizer = customizer;
    }

    // ---- making one ----------------------------------------------------------------------

    /**
     * A client configuration that trusts what the JVM trusts ({@link SSLContext#getDefault()}:
     * the {@code cacerts} authorities, or {@code javax.net.ssl.trustStore}).
     *
     * @return the configuration
     * @throws IllegalStateException if the JVM has no default TLS context (a broken
     *                               installation)
     */
    public static TlsConfig client() {
        try {
            return client(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default SSLContext: " + e.getMessage(), e);
        }
    }

    /**
     * A client configuration with {@code context}'s trust (and key, for client certificates).
     *
     * @param context an initialised context
     * @return the configuration
     */
    public static TlsConfig client(SSLContext context) {
        Objects.requireNonNull(context, "context");
        return new TlsConfig(false, context, List.of(), ClientAuth.NONE, true, null, DEFAULT_HANDSHAKE_TIMEOUT,
                false, null);
    }

    /**
     * A client configuration that trusts exactly the certificates in {@code trustStore} (a
     * private authority, or a server's self-signed certificate).
     *
     * @param trustStore the trusted certificates
     * @return the configuration
     * @throws GeneralSecurityException if the trust store cannot be used
     */
    public static TlsConfig client(KeyStore trustStore) throws GeneralSecurityException {
        Objects.requireNonNull(trustStore, "trustStore");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return client(context);
    }

    /**
     * A server configuration with {@code context}'s key and certificate (and trust, for
     * client certificates).
     *
     * @param context an initialised context with a key manager
     * @return the configuration
     */
    public static TlsConfig server(SSLContext context) {
        Objects.requireNonNull(context, "context");
        return new TlsConfig(true, context, List.of(), ClientAuth.NONE, false, null, DEFAULT_HANDSHAKE_TIMEOUT,
                false, null);
    }

    /**
     * A server configuration with the key and certificate chain in {@code keyStore} (a PKCS#12
     * file made by {@code keytool} or {@code openssl pkcs12}, say).
     *
     * @param keyStore    the server's key and certificate chain
     * @param keyPassword the password of the key
     * @return the configuration
     * @throws GeneralSecurityException if the key cannot be read (wrong password, for example)
     */
    public static TlsConfig server(KeyStore keyStore, char[] keyPassword) throws GeneralSecurityException {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyPassword, "keyPassword");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, keyPassword);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return server(context);
    }

    // ---- changing one --------------------------------------------------------------------

    /**
     * Returns this configuration with ALPN (RFC 7301) protocols, most preferred first: a
     * client offers them; a server picks the first of its list the client offered, and fails
     * the handshake ({@code no_application_protocol}) if the client offered only others.
     * {@link TlsStream#applicationProtocol()} tells what was agreed.
     *
     * @param protocols protocol names such as {@code "h2"}, {@code "http/1.1"}; none to turn
     *                  ALPN off
     * @return the new configuration
     * @throws IllegalArgumentException if a name is empty or longer than 255 bytes
     */
    public TlsConfig withApplicationProtocols(String... protocols) {
        Objects.requireNonNull(protocols, "protocols");
        for (String p : protocols) {
            Objects.requireNonNull(p, "TlsConfig.withApplicationProtocols: a protocol name is null");
        }
        List<String> list = List.of(protocols);
        for (String p : list) {
            int bytes = p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > 255) {
                throw new IllegalArgumentException("TlsConfig.withApplicationProtocols: an ALPN protocol name must be "
                        + "1 to 255 bytes, not \"" + p + "\"");
            }
        }
        return new TlsConfig(server, context, list, clientAuth, verifyHostname, this.protocols, handshakeTimeout,
                eofWithoutCloseNotifyIsEof, customizer);
    }

    /**
     * Returns this server configuration with a client-certificate policy; the certificates
     * are checked with the context's trust managers, and
     * {@link javax.net.ssl.SSLSession#getPeerCertificates()} of {@link TlsStream#session()}
     * gives the client's.
     *
     * @param clientAuth whether to ask for a client certificate
     * @return the new configuration
     * @throws IllegalStateException if this is a client configuration (a client presents a
     *                               certificate through its context's key manager)
     */
    public TlsConfig withClientAuth(ClientAuth clientAuth) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        if (!server) {
            throw new IllegalStateException("TlsConfig.withClientAuth is for server configurations; a client presents a "
                    + "certificate when its SSLContext has a key manager (TlsConfig.client(SSLContext))");
        }
        return new TlsConfig(server, context, applicationProtocols, clientAuth, verifyHostname, protocols,
                handshakeTimeout, eofWithoutCloseNotifyIsEof, customizer);
    }

    /**
     * Returns this client configuration <b>without hostname verification</b>: the server's
     * certificate must still be trusted by the context, but may be for any name. Anyone with
     * any trusted certificate can then impersonate the server. Meant for tests and for peers
     * identified some other way (certificate pinning in a custom trust manager).
     *
     * @return the new configuration
     * @throws IllegalStateException if this is a server configuration (servers verify no host
     *                               name)
     */
    public TlsConfig insecureSkipHostnameVerification() {
        if (server) {
            throw new IllegalStateException("TlsConfig.insecureSkipHostnameVerification is for client configurations; "
                    + "a server verifies no host name");
        }
        return new TlsConfig(server, context, applicationProtocols, clientAuth, false, protocols, handshakeTimeout,
                eofWithoutCloseNotifyIsEof, customizer);
    }

    /**
     * Returns this configuration with only the given protocol versions enabled.
     *
     * @param protocols names such as {@code "TLSv1.3"}, {@code "TLSv1.2"}, at least one
     * @return the new configuration
     * @throws IllegalArgumentException if none is given, or the context does not support one
     *                                  of them
     */
    public TlsConfig withProtocols(String... protocols) {
        Objects.requireNonNull(protocols, "protocols");
        for (String p : protocols) {
            Objects.requireNonNull(p, "TlsConfig.withProtocols: a protocol version is null");
        }
        List<String> list = List.of(protocols);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("TlsConfig.withProtocols needs at least one protocol version");
        }
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        for (String p : list) {
            if (!supported.contains(p)) {
                throw new IllegalArgumentException("TlsConfig.withProtocols: protocol " + p
                        + " is not supported by this SSLContext; supported: " + supported);
            }
        }
        return new TlsConfig(server, context, applicationProtocols, clientAuth, verifyHostname, list, handshakeTimeout,
                eofWithoutCloseNotifyIsEof, customizer);
    }

    /**
     * Returns this configuration with another handshake timeout: a handshake that has not
     * finished by then fails with {@link javax.net.ssl.SSLHandshakeException} (and the stream
     * is broken).
     *
     * @param timeout a positive duration (use a long one, such as a day, for practically none)
     * @return the new configuration
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public TlsConfig withHandshakeTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("TlsConfig.withHandshakeTimeout: the handshake timeout must be positive, not " + timeout);
        }
        return new TlsConfig(server, context, applicationProtocols, clientAuth, verifyHostname, protocols, timeout,
                eofWithoutCloseNotifyIsEof, customizer);
    }

    /**
     * Returns this configuration with end of stream accepted as a clean end even without the
     * peer's {@code close_notify} (trio's {@code https_compatible}, Python's
     * {@code suppress_ragged_eofs}). Without it, such an end is an
     * {@link javax.net.ssl.SSLException}: an attacker who can cut the connection could
     * otherwise truncate the data unnoticed. Many HTTPS peers (and Python's {@code ssl} when a
     * socket is closed without {@code unwrap()}) never send {@code close_notify}; protocols
     * that frame their own messages do not need it.
     *
     * @return the new configuration
     */
    public TlsConfig acceptEofWithoutCloseNotify() {
        return new TlsConfig(server, context, applicationProtocols, clientAuth, verifyHostname, protocols,
                handshakeTimeout, true, customizer);
    }

    /**
     * Returns this configuration with {@code customizer} applied to every engine's
     * {@link SSLParameters}, after the other settings (cipher suites, SNI matchers, named
     * groups; replacing an earlier customizer).
     *
     * @param customizer changes the parameters in place
     * @return the new configuration
     */
    public TlsConfig withSslParameters(Consumer<? super SSLParameters> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        return new TlsConfig(server, context, applicationProtocols, clientAuth, verifyHostname, protocols,
                handshakeTimeout, eofWithoutCloseNotifyIsEof, customizer);
    }

    // ---- reading one ---------------------------------------------------------------------

    /**
     * Tells which side this configuration is for.
     *
     * @return {@code true} for a server configuration
     */
    public boolean isServer() {
        return server;
    }

    /**
     * Returns the JDK context that makes the engines.
     *
     * @return the context
     */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * Returns the ALPN protocols, most preferred first.
     *
     * @return the protocols; empty when ALPN is off
     */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /**
     * Returns the client-certificate policy.
     *
     * @return {@link ClientAuth#NONE} for clients and by default
     */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /**
     * Tells whether clients check the server's host name.
     *
     * @return {@code true} for a client configuration unless
     *         {@link #insecureSkipHostnameVerification()} was used; {@code false} for servers
     */
    public boolean verifiesHostname() {
        return verifyHostname;
    }

    /**
     * Returns the enabled protocol versions, if set.
     *
     * @return the versions given to {@link #withProtocols}, or empty for the defaults
     */
    public Optional<List<String>> protocols() {
        return Optional.ofNullable(protocols);
    }

    /**
     * Returns the handshake timeout.
     *
     * @return the timeout
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Tells whether end of stream without {@code close_notify} counts as a clean end.
     *
     * @return {@code true} after {@link #acceptEofWithoutCloseNotify()}
     */
    public boolean acceptsEofWithoutCloseNotify() {
        return eofWithoutCloseNotifyIsEof;
    }

    @Override
    public String toString() {
        return "TlsConfig[" + (server ? "server" : "client") + ", alpn=" + applicationProtocols
                + (server ? ", clientAuth=" + clientAuth : ", verifyHostname=" + verifyHostname)
                + ", protocols=" + (protocols == null ? "default" : protocols) + ", handshakeTimeout=" + handshakeTimeout
                + (eofWithoutCloseNotifyIsEof ? ", eofWithoutCloseNotify accepted" : "")
                + (customizer == null ? "" : ", customized") + "]";
    }

    // ---- for TlsStreamImpl ---------------------------------------------------------------

    /** IPv4 literals; anything with a colon is an IPv6 literal. SNI carries names only. */
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4_LITERAL.matcher(host).matches();
    }

    /**
     * Makes and configures an engine.
     *
     * @param peerHost the host name a client verifies and sends as SNI; null for servers
     * @param peerPort the peer's port if known (session cache key), else -1
     */
    SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = server ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(!server);
        SSLParameters params = engine.getSSLParameters();
        if (protocols != null) {
            params.setProtocols(protocols.toArray(String[]::new));
        }
        if (!applicationProtocols.isEmpty()) {
            params.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        }
        if (server) {
            params.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
            if (clientAuth == ClientAuth.WANTED) {
                params.setWantClientAuth(true);
            }
        } else {
            if (!isIpLiteral(peerHost)) {
                params.setServerNames(List.of(new SNIHostName(peerHost)));
            }
            if (verifyHostname) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
        }
        if (customizer != null) {
            customizer.accept(params);
        }
        engine.setSSLParameters(params);
        return engine;
    }

    /**
     * Checks that {@code host} can name a TLS server: a DNS name (for SNI and verification) or
     * an IP literal (verified against the certificate's IP addresses, never sent as SNI).
     *
     * @return the name, without the brackets of an IPv6 literal
     * @throws IllegalArgumentException naming what is wrong
     */
    static String checkHostName(String what, String host) {
        Objects.requireNonNull(host, what + ": hostName");
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);   // "[::1]" as in URLs
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException(what + ": a TLS client needs the server's host name (for SNI and "
                    + "hostname verification), not a blank string");
        }
        if (!isIpLiteral(host)) {
            try {
                new SNIHostName(host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": \"" + host + "\" is not a valid host name for TLS: "
                        + e.getMessage(), e);
            }
        } else if (host.indexOf(':') >= 0) {
            try {
                InetAddress.getByName(host);   // a literal: parsed, never looked up
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(what + ": \"" + host + "\" is not a valid IPv6 literal", e);
            }
        }
        return host;
    }
}
