/**
 * Async sockets for giambio: TCP streams and listeners, {@code openTcpStream},
 * {@code serveTcp}, and UDP sockets. Every wait is a checkpoint and cancellable.
 *
 * <p>Built only on the kernel SPI and {@link giambio.api.Lowlevel} of {@code giambio.api};
 * a kernel (module {@code giambio.loop}) must be present at run time. TLS is a
 * {@code TlsStream} over any stream, on the JDK's {@code SSLEngine}. Unix-domain stream
 * sockets share the TCP types ({@code Net.openUnixStream}, {@code Net.serveUnix}).
 */
module giambio.net {
    requires transitive giambio.api;

    exports giambio.net;
}
