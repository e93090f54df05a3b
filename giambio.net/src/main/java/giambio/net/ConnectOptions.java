package giambio.net;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Net#openTcpStream(String, int, ConnectOptions)} connects to a host name: the
 * happy-eyeballs attempt delay (RFC 8305) and the resolver.
 *
 * {@snippet :
 * ConnectOptions fast = ConnectOptions.DEFAULT.withAttemptDelay(Duration.ofMillis(100));
 * try (SocketStream s = Net.openTcpStream("example.org", 443, fast)) { ... }
 * }
 *
 * @param attemptDelay how long one connection attempt runs alone before the next address is
 *                     tried in parallel (RFC 8305's "Connection Attempt Delay"; 250 ms by
 *                     default, the RFC's recommendation); zero starts every attempt at once
 * @param resolver     resolves host names (not IP literals) on a worker thread
 */
public record ConnectOptions(Duration attemptDelay, HostResolver resolver) {

    /** RFC 8305's recommended connection attempt delay: 250 ms. */
    public static final Duration DEFAULT_ATTEMPT_DELAY = Duration.ofMillis(250);

    /** A 250 ms attempt delay and the system resolver: what {@link Net#openTcpStream(String, int)} uses. */
    public static final ConnectOptions DEFAULT = new ConnectOptions(DEFAULT_ATTEMPT_DELAY, HostResolver.SYSTEM);

    /**
     * Checks the options.
     *
     * @param attemptDelay the attempt delay, zero or more
     * @param resolver     the resolver
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code attemptDelay} is negative
     */
    public ConnectOptions {
        Objects.requireNonNull(attemptDelay, "attemptDelay");
        Objects.requireNonNull(resolver, "resolver");
        if (attemptDelay.isNegative()) {
            throw new IllegalArgumentException("ConnectOptions: attemptDelay must not be negative, not " + attemptDelay);
        }
    }

    /**
     * Returns these options with another attempt delay.
     *
     * @param delay the new delay, zero or more
     * @return the new options
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public ConnectOptions withAttemptDelay(Duration delay) {
        Objects.requireNonNull(delay, "attemptDelay");
        return new ConnectOptions(delay, resolver);
    }

    /**
     * Returns these options with another resolver.
     *
     * @param newResolver the new resolver
     * @return the new options
     */
    public ConnectOptions withResolver(HostResolver newResolver) {
        Objects.requireNonNull(newResolver, "resolver");
        return new ConnectOptions(attemptDelay, newResolver);
    }
}
