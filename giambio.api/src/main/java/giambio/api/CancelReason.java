package giambio.api;

/**
 * Why a cancel scope was cancelled.
 */
public enum CancelReason {
    /** Somebody called {@link CancelScope#cancel()}, {@link TaskPool#cancel()} or {@link Task#cancel()}. */
    EXPLICIT,
    /** The scope's deadline passed (a timeout). */
    DEADLINE,
    /** A task of the pool (or the pool's body) failed, so its siblings are cancelled. */
    FAILURE,
    /**
     * The process got an interrupt signal (Ctrl+C, SIGINT): the whole loop is cancelled and
     * {@code Giambio.run} throws {@link KeyboardInterrupt}.
     */
    KEYBOARD_INTERRUPT
}
