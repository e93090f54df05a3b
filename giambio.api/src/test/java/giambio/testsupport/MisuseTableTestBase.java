package giambio.testsupport;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The JUnit side of a misuse-table test (docs/misuse.md, rule S26), written once for the five
 * table tests: a test extends this class, registers one case per row of its sections with
 * {@link #row} in its constructor, and says in {@link #check} how a row's call is made in the
 * row's context. This class then checks that the document and the cases list the same rows and
 * runs {@link #check} once per row of the document (a parameterized test named by the row id).
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
 * @param <C> what a test registers per row: its call and, where the test has several, the
 *            context to make it in
 */
public abstract class MisuseTableTestBase<C> {

    /** The cases by row id, in registration order; filled by the subclass's constructor. */
    private final Map<String, C> cases = new LinkedHashMap<>();

    /** For subclasses, which register their rows in their constructor. */
    protected MisuseTableTestBase() {
    }

    /**
     * Registers the case of row {@code id}.
     *
     * @param id    the row id, e.g. {@code A01}
     * @param c     the case
     * @throws IllegalStateException if {@code id} was registered before
     */
    protected final void row(String id, C c) {
        if (cases.putIfAbsent(id, c) != null) {
            throw new IllegalStateException("duplicate row id " + id);
        }
    }

    /**
     * Makes the call of case {@code c} in its context and checks what it threw against the
     * row, with {@link MisuseTable.Row#check} (once, or once per context the test promises).
     *
     * @param row the row of the document
     * @param c   the registered case of that row
     * @throws Exception if running the case failed outside the call itself
     */
    protected abstract void check(MisuseTable.Row row, C c) throws Exception;

    /**
     * Runs {@code call} and returns what it threw, or null if it returned.
     *
     * @param call the call
     * @return its exception or error, or null
     */
    protected static Throwable thrownBy(Executable call) {
        try {
            call.execute();
            return null;
        } catch (Throwable t) {
            return t;
        }
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
        C c = cases.get(id);
        assertNotNull(c, () -> "row " + id + " of docs/misuse.md has no case in " + getClass().getSimpleName());
        check(row, c);
    }

    /** The rows owned by the running test class, as {@code (id, row)}. */
    static final class OwnRows implements ArgumentsProvider {
        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            return MisuseTable.arguments(context.getRequiredTestClass().getSimpleName());
        }
    }
}
