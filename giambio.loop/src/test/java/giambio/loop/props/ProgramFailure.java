package giambio.loop.props;

/** The program's own exception: thrown by a {@code fail()} statement, it names the statement. */
final class ProgramFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The number of the statement that threw it (pre-order, from 1). */
    final int node;

    ProgramFailure(int node) {
        super("failure of statement #" + node);
        this.node = node;
    }
}
