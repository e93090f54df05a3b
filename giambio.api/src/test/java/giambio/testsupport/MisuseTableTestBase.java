package giambio.testsupport;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import giambio.api.Giambio;
import giambio.api.Threads;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The JUnit side of a misuse-table test (docs/misuse.md, rule S26), written once for the five
 * table tests: a test extends this class, registers one case per row of its sections with
 * {@link #row} in its constructor (the row id, where the call is made, the call), and says in
 * {@link #run} how a call is made in its context. This class then checks that the document
 * and the cases list the same rows and checks each row of the document once (a parameterized
 * test named by the row id; {@link #check} by default runs the row's call once).
 *
 * <p>The contexts most tests share are {@link Where}'s; {@link #thrownFromLoop} makes a call
 * in each of its loop contexts.
 *
 * <p>The test's sections are the id letters that {@link MisuseTable#OWNERS} gives to the
 * test's simple class name; the rows come from {@link MisuseTable#rowsOf}.
 *
 * <p>Discussion: the rows are taken from the document, not from the registered cases, so a row
 * without a case fails as a row (and in {@link #theDocumentAndTheCasesListTheSameRows}); the
 * cases are registered per instance (JUnit makes one per row), which keeps them out of static
 * state at the cost of building the cases again for each row (at most a few hundred small
 * objects), nothing next to running a loop.
 *
 * @param <P> where a call is made (the test's own enum of contexts)
 * @param <W> what a call gets: the objects the test made for it in its context
 */
public abstract class MisuseTableTestBase<P, W> {

    /**
     * One row's call.
     *
     * @param <W> what the call gets
     */
    @FunctionalInterface
    public interface Call<W> {
        /**
         * Makes the call.
         *
         * @param world the objects made for the call in the row's context
         * @throws Throwable what the call throws
         */
        void call(W world) throws Throwable;
    }

    /** A registered row: where its call is made, and the call. */
    private record Case<P, W>(P where, Call<W> call) {
    }

    /** The cases by row id, in registration order; filled by the subclass's constructor. */
    private final Map<String, Case<P, W>> cases = new LinkedHashMap<>();

    /** For subclasses, which register their rows in their constructor. */
    protected MisuseTableTestBase() {
    }

    /**
     * Registers the case of row {@code id}.
     *
     * @param id    the row id, e.g. {@code A01}
     * @param where where the call is made
     * @param call  the call
     * @throws IllegalStateException if {@code id} was registered before
     */
    protected final void row(String id, P where, Call<W> call) {
        if (cases.putIfAbsent(id, new Case<>(where, call)) != null) {
            throw new IllegalStateException("duplicate row id " + id);
        }
    }

    /**
     * Makes {@code call} in the context {@code where}, with the objects the test makes there.
     *
     * @param where where the call is made
     * @param call  the call
     * @return what the call threw, or null if it returned
     * @throws Exception if making the context failed (not the call itself: what it throws is
     *                   returned, for the row to check)
     */
    protected abstract Throwable run(P where, Call<W> call) throws Exception;

    /**
     * Checks one row: runs its call once and checks what it threw with
     * {@link MisuseTable.Row#check}. A test that promises the same answer in several contexts
     * overrides this.
     *
     * @param row   the row of the document
     * @param where where the row's call is made
     * @param call  the row's call
     * @throws Exception if making the context failed
     */
    protected void check(MisuseTable.Row row, P where, Call<W> call) throws Exception {
        row.check(run(where, call));
    }

    /**
     * Makes {@code call} with {@code world} and returns what it threw, or null if it returned.
     *
     * @param call  the call
     * @param world what the call gets
     * @param <W>   its type
     * @return its exception or error, or null
     */
    protected static <W> Throwable thrownBy(Call<W> call, W world) {
        try {
            call.call(world);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * Makes {@code call} in a loop context, from a task of the loop that made {@code world}:
     * {@link Where#IN_LOOP} from that task itself, {@link Where#FOREIGN_THREAD} from a platform
     * thread that runs no loop, {@link Where#OTHER_LOOP} from a task of a second loop on a worker
     * thread (the task waits for either).
     *
     * @param where a loop context (not {@link Where#OUTSIDE})
     * @param call  the call
     * @param world what the call gets
     * @param <W>   its type
     * @return what the call threw, or null
     * @throws Exception if the thread or the second loop could not be run
     */
    protected static <W> Throwable thrownFromLoop(Where where, Call<W> call, W world) throws Exception {
        return switch (where) {
            case IN_LOOP -> thrownBy(call, world);
            case FOREIGN_THREAD -> Threads.runInThread(() -> thrownBy(call, world));
            case OTHER_LOOP -> Threads.runInThread(() -> Giambio.run(() -> thrownBy(call, world)));
            case OUTSIDE -> throw new IllegalArgumentException("OUTSIDE is not a loop context");
        };
    }

    /** Every row of the test's sections has a case, and every case a row. */
    @Test
    public final void theDocumentAndTheCasesListTheSameRows() {
        MisuseTable.assertSameRows(getClass().getSimpleName(), cases.keySet());
    }

    /**
     * One row of the document: its case, checked by {@link #check}.
     *
     * @param id  the row id (the display name)
     * @param row the row
     * @throws Exception if running the case failed outside the call itself
     */
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(OwnRows.class)
    public final void eachRowGetsItsDocumentedException(String id, MisuseTable.Row row) throws Exception {
        Case<P, W> c = cases.get(id);
        assertNotNull(c, () -> "row " + id + " of docs/misuse.md has no case in " + getClass().getSimpleName());
        check(row, c.where(), c.call());
    }

    /** The rows owned by the running test class, as {@code (id, row)}. */
    static final class OwnRows implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            return MisuseTable.arguments(context.getRequiredTestClass().getSimpleName());
        }
    }
}
