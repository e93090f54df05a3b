package giambio.net;

import giambio.api.BrokenResourceException;
import giambio.api.BusyResourceException;
import giambio.api.Cancelled;
import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection over any {@link ByteStream} (trio's {@code SSLStream}), built on the JDK's
 * {@link javax.net.ssl.SSLEngine}: {@link #sendAll} encrypts and sends on the transport,
 * {@link #receive} receives from it and decrypts. It is itself a {@link ByteStream}, so
 * protocols and servers written for TCP run over TLS unchanged.
 *
 * {@snippet :
 * // A client (hostname verification and SNI for "example.org"):
 * try (TlsStream tls = Net.openTlsStream("example.org", 443)) {
 *     tls.sendAll("GET / HTTP/1.0\r\nHost: example.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 *     for (byte[] d = tls.receive(16384); d.length > 0; d = tls.receive(16384)) {
 *         System.out.write(d);
 *     }
 * }
 *
 * // A server:
 * TlsConfig config = TlsConfig.server(keyStore, password).withApplicationProtocols("echo");
 * Net.serveTls(4433, config, tls -> {
 *     for (byte[] d = tls.receive(16384); d.length > 0; d = tls.receive(16384)) {
 *         tls.sendAll(d);
 *     }
 * });
 * }
 *
 * <h2>The handshake</h2>
 * Done on first use: the first {@code receive}, {@code sendAll} or {@code sendEof} runs it
 * (and a task that comes while another runs it waits for it). Call {@link #handshake()} to do
 * it at a moment of your choosing, for example to look at the {@link #session()} or the
 * {@link #applicationProtocol()} before talking. {@link Net#openTlsStream(String, int)} does
 * it before returning. It must finish within the configuration's
 * {@link TlsConfig#handshakeTimeout()}.
 *
 * <h2>Checkpoints, cancellation and brokenness</h2>
 * Every operation except {@link #close()} and the accessors is a checkpoint and cancellable,
 * as the {@link ByteStream} contract says. TLS adds one rule (trio's): a cancellation (or
 * failure) in the middle of the protocol leaves the stream <b>broken</b>, because the two
 * sides no longer agree on its state. That happens when the handshake is cancelled or fails,
 * when a {@code sendAll} is cancelled after it started sending a record, or when the peer
 * misbehaves ({@link SSLException}). The operation that broke it throws the cause (the
 * {@code Cancelled}, or the {@code SSLException}); every later operation throws
 * {@link BrokenResourceException} naming it; only {@link #close()} still works. A cancelled
 * {@code receive} that was waiting for data breaks nothing and loses nothing.
 *
 * <h2>One receiver, one sender</h2>
 * One task at a time may receive and one may send ({@link BusyResourceException}
 * otherwise); one receiving while another sends works, with both directions in flight at
 * once. Inside, the two share the engine and the transport; each transport direction is
 * used by one task at a time, first come first served.
 *
 * <h2>Ending</h2>
 * <ul>
 *   <li>The peer's {@code close_notify} is end of stream: {@code receive} returns empty (or
 *       -1). End of the transport without it is an {@link SSLException} ("truncated"),
 *       unless the configuration {@linkplain TlsConfig#acceptEofWithoutCloseNotify() accepts
 *       it}.</li>
 *   <li>{@link #sendEof()} sends {@code close_notify}, waiting until it is sent, then shuts
 *       the transport's sending side. With TLS 1.3 receiving still works (a half-close). TLS
 *       1.2 defines no half-close: most peers answer with their own {@code close_notify} at
 *       once, which ends receiving too (what they send before it still arrives).</li>
 *   <li>{@link #close()} is not a checkpoint and never waits: if the handshake is done and
 *       no task is sending, it hands {@code close_notify} to the transport without waiting
 *       (it fits in the socket's buffer unless the peer stopped reading, and is then dropped),
 *       then closes the transport. Call {@code sendEof()} first when the peer must see
 *       {@code close_notify} whatever happens.</li>
 * </ul>
 *
 * <h2>Renegotiation</h2>
 * Refused: a TLS 1.2 peer that starts a new handshake on an established connection makes
 * {@code receive} throw {@link SSLProtocolException} naming renegotiation, and breaks the
 * stream. It is a source of attacks and bugs (TLS 1.3 removed it, HTTP/2 forbids it).
 * TLS 1.3 key updates are not renegotiation and work transparently.
 *
 * <h2>Loop confinement</h2>
 * A stream belongs to the loop that first uses it; tasks of another loop get
 * {@link WrongThreadException}. The transport belongs to the stream: do not use it directly
 * while the stream is open.
 */
public sealed interface TlsStream extends ByteStream permits TlsStreamImpl {

    /**
     * Makes the client side of a TLS connection over {@code transport}; no I/O yet (the
     * handshake happens on first use). Not a checkpoint.
     *
     * @param transport the connected stream to the server; the TLS stream owns it from now on
     *                  and closes it when closed
     * @param hostName  the server's name: sent as SNI and, unless the configuration
     *                  {@linkplain TlsConfig#insecureSkipHostnameVerification() skips it},
     *                  checked against the server's certificate; an IP literal is checked
     *                  against the certificate's IP addresses and not sent
     * @param config    a client configuration
     * @return the stream
     * @throws IllegalArgumentException if {@code config} is a server configuration, or
     *                                  {@code hostName} is blank or malformed
     * @throws ClosedResourceException  if {@code transport} is closed
     */
    static TlsStream client(ByteStream transport, String hostName, TlsConfig config) {
        return TlsStreamImpl.client(transport, hostName, config);
    }

    /**
     * Makes the server side of a TLS connection over {@code transport}; no I/O yet (the
     * handshake happens on first use). Not a checkpoint.
     *
     * @param transport the connected stream to the client; the TLS stream owns it from now on
     * @param config    a server configuration
     * @return the stream
     * @throws IllegalArgumentException if {@code config} is a client configuration
     * @throws ClosedResourceException  if {@code transport} is closed
     */
    static TlsStream server(ByteStream transport, TlsConfig config) {
        return TlsStreamImpl.server(transport, config);
    }

    /**
     * Runs the handshake now if it has not run (or waits for the task running it). A
     * checkpoint even when it is done.
     *
     * @throws SSLHandshakeException   if the handshake fails (untrusted certificate, wrong
     *                                 host name, no common protocol or ALPN protocol,
     *                                 timeout, the peer hung up); the stream is then broken
     * @throws BrokenResourceException if the stream is broken
     * @throws ClosedResourceException if the stream is closed
     * @throws Cancelled               if the task is cancelled (the stream is then broken if
     *                                 this task was running the handshake)
     * @throws IOException             if the transport fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    void handshake() throws IOException;

    /**
     * Receives and decrypts at most {@code max} bytes; runs the handshake first if needed.
     *
     * @param max the most bytes to return; at least 1
     * @return 1 to {@code max} bytes, or an empty array once the peer sent
     *         {@code close_notify}
     * @throws IllegalArgumentException if {@code max < 1}
     * @throws SSLProtocolException     if the peer starts a renegotiation (refused)
     * @throws SSLException             if the peer misbehaves, or the transport ended without
     *                                  {@code close_notify} (unless accepted)
     * @throws BusyResourceException    if another task is receiving on this stream
     * @throws BrokenResourceException  if the stream is broken
     * @throws ClosedResourceException  if the stream is closed, before or during the wait
     * @throws Cancelled                if the task is cancelled
     * @throws IOException              if the transport fails
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    @Override
    byte[] receive(int max) throws IOException;

    /**
     * Receives and decrypts into {@code dst}; runs the handshake first if needed.
     *
     * @param dst where to put the bytes; it must have room for at least one
     * @return the number of bytes read (at least 1), or -1 once the peer sent
     *         {@code close_notify}
     * @throws IllegalArgumentException if {@code dst} has no room
     * @throws SSLProtocolException     if the peer starts a renegotiation (refused)
     * @throws SSLException             if the peer misbehaves, or the transport ended without
     *                                  {@code close_notify} (unless accepted)
     * @throws BusyResourceException    if another task is receiving on this stream
     * @throws BrokenResourceException  if the stream is broken
     * @throws ClosedResourceException  if the stream is closed, before or during the wait
     * @throws Cancelled                if the task is cancelled
     * @throws IOException              if the transport fails
     * @throws IllegalStateException    if not called from a task of a running loop
     */
    @Override
    int receive(ByteBuffer dst) throws IOException;

    /**
     * Encrypts and sends all of {@code data}; runs the handshake first if needed.
     *
     * @param data the bytes to send
     * @throws SSLException            if the peer closed the TLS connection in both
     *                                 directions (TLS 1.2), or the engine fails
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws BrokenResourceException if the stream is broken
     * @throws ClosedResourceException if the stream is closed, or {@link #sendEof()} was
     *                                 called
     * @throws Cancelled               if the task is cancelled (the stream is broken if part
     *                                 of a record was sent)
     * @throws IOException             if the transport fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    @Override
    void sendAll(byte[] data) throws IOException;

    /**
     * Encrypts and sends all remaining bytes of {@code data}; on return it has none
     * remaining.
     *
     * @param data the bytes to send, from its position to its limit
     * @throws SSLException            if the peer closed the TLS connection in both
     *                                 directions (TLS 1.2), or the engine fails
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws BrokenResourceException if the stream is broken
     * @throws ClosedResourceException if the stream is closed, or {@link #sendEof()} was
     *                                 called
     * @throws Cancelled               if the task is cancelled (the stream is broken if part
     *                                 of a record was sent)
     * @throws IOException             if the transport fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    @Override
    void sendAll(ByteBuffer data) throws IOException;

    /**
     * Sends {@code close_notify} and waits until it is sent, then shuts the transport's
     * sending side down (see the class comment for TLS 1.3 and 1.2). Runs the handshake first
     * if needed. Calling it again does nothing (but is still a checkpoint).
     *
     * @throws BusyResourceException   if another task is sending on this stream
     * @throws BrokenResourceException if the stream is broken
     * @throws ClosedResourceException if the stream is closed
     * @throws Cancelled               if the task is cancelled
     * @throws IOException             if the transport fails
     * @throws IllegalStateException   if not called from a task of a running loop
     */
    @Override
    void sendEof() throws IOException;

    /**
     * Returns the negotiated TLS session: protocol version, cipher suite, the peer's
     * certificates. Not a checkpoint.
     *
     * @return the session
     * @throws IllegalStateException if the handshake has not completed (call
     *                               {@link #handshake()} first)
     */
    SSLSession session();

    /**
     * Returns the ALPN protocol both sides agreed on. Not a checkpoint.
     *
     * @return the protocol, or empty if none was negotiated (ALPN off on either side)
     * @throws IllegalStateException if the handshake has not completed
     */
    Optional<String> applicationProtocol();

    /**
     * Returns the server name of the connection (SNI). Not a checkpoint.
     *
     * @return on a client, the host name it sends (empty for an IP literal); on a server, the
     *         name the client asked for (empty if it sent none)
     * @throws IllegalStateException on a server whose handshake has not completed
     */
    Optional<String> serverName();

    /**
     * Tells whether this is the client side.
     *
     * @return {@code true} for a client, {@code false} for a server
     */
    boolean isClient();

    /**
     * Returns the stream the encrypted bytes travel on, for its addresses and socket options
     * ({@code ((SocketStream) tls.transport()).remoteAddress()}). Do not send or receive on it
     * while the TLS stream is open.
     *
     * @return the transport
     */
    ByteStream transport();

    /**
     * Tells whether the stream is open.
     *
     * @return {@code false} once {@link #close()} was called or the transport was closed; a
     *         broken stream is still open until closed
     */
    @Override
    boolean isOpen();

    /**
     * Closes the stream: sends {@code close_notify} if it can without waiting (see the class
     * comment), then closes the transport. Tasks waiting on the stream wake with
     * {@link ClosedResourceException}. Idempotent; not a checkpoint; outside any loop it just
     * closes the transport.
     *
     * @throws WrongThreadException if called from a task of another loop
     * @throws IOException          if closing the transport fails (the stream is closed anyway)
     */
    @Override
    void close() throws IOException;
}
