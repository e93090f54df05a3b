package giambio.api.spi;

/**
 * A pending timer, I/O watch or idle callback that can be withdrawn.
 */
public interface Registration {

    /**
     * Withdraws the registration so that its action never runs.
     *
     * @return {@code true} if it was still pending and is now withdrawn, {@code false} if its
     *         action already ran (or it was already withdrawn)
     */
    boolean cancel();
}
