package giambio.testsupport;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.BrokenResourceException;
import giambio.api.BusyResourceException;
import giambio.api.ClosedResourceException;
import giambio.api.sync.EndOfChannelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The one reader and checker of the misuse table, docs/misuse.md (rule S26), shared by the five
 * table tests: giambio.loop's {@code MisuseTableTest} and {@code GroupMisuseTableTest},
 * giambio.net's {@code NetMisuseTableTest}, {@code TlsMisuseTableTest} and
 * {@code ServerMisuseTableTest}. Each test owns the sections (id letters) listed in
 * {@link #OWNERS}, extends {@link MisuseTableTestBase} (which calls {@link #arguments} and
 * {@link #assertSameRows}), registers one case per row of its sections and checks each with
 * {@link Row#check}; making the call in the row's context stays in the test.
 *
 * <p>Where it lives: in giambio.api's test sources, shipped to giambio.loop and giambio.net as
 * giambio.api's test-jar (classifier {@code tests}, test scope). Its package belongs to no
 * runtime module, so on the consumers' class path it is plain unnamed-module code that reads
 * only giambio.api's exported packages and JUnit: no module boundary moves (docs/build.md).
 *
 * <p>Discussion: the parser is strict on purpose. A line that starts like a row ({@code | A01 |})
 * but does not have the five columns with a back-quoted exception is an error, not a line to
 * skip, and a row whose letter no test owns is an error too: a typo in the document must fail
 * the build instead of silently removing a row from the check.
 */
public final class MisuseTable {

    /** The test that checks each section of the document, by the section's id letter. */
    public static final Map<Character, String> OWNERS = owners();

    private static Map<Character, String> owners() {
        Map<Character, String> owners = new TreeMap<>();
        for (char c : "APTCHRVWSELMNKQD".toCharArray()) {
            owners.put(c, "MisuseTableTest");
        }
        owners.put('G', "GroupMisuseTableTest");
        owners.put('U', "NetMisuseTableTest");
        owners.put('Y', "NetMisuseTableTest");
        owners.put('X', "TlsMisuseTableTest");
        owners.put('F', "ServerMisuseTableTest");
        return Map.copyOf(owners);
    }

    /** The exception classes the document may name in its exception column, by simple name. */
    private static final Map<String, Class<? extends Throwable>> EXCEPTIONS = Stream.of(
                    NullPointerException.class, IllegalArgumentException.class, IllegalStateException.class,
                    WrongThreadException.class, UnsupportedOperationException.class,
                    ClosedResourceException.class, BrokenResourceException.class, BusyResourceException.class,
                    EndOfChannelException.class)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, c -> c));

    /** Anything that starts like a row: a table line whose first cell is an id such as A01. */
    private static final Pattern ROW_START = Pattern.compile("^\\|\\s*[A-Z]\\d\\d\\s*\\|.*");
    /** A row: | id | call | misuse | `Exception` | message names |. */
    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*([A-Z]\\d\\d)\\s*\\|\\s*(.+?)\\s*\\|\\s*(.+?)\\s*\\|\\s*`([A-Za-z.]+)`\\s*\\|\\s*(.+?)\\s*\\|\\s*$");
    private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

    /**
     * One row of the document.
     *
     * @param id        the row id, e.g. {@code A01}
     * @param line      the row's line number in the document (1-based)
     * @param call      the call column, as written
     * @param misuse    the misuse column, as written
     * @param exception the exact exception class the call must throw
     * @param fragments every back-quoted fragment of the last column; each must be in the message
     */
    public record Row(String id, int line, String call, String misuse, Class<? extends Throwable> exception,
                      List<String> fragments) {

        /**
         * Asserts that {@code thrown} is what this row promises: not null, exactly of the row's
         * exception class (a subclass is not enough), with a message that contains every
         * fragment.
         *
         * @param thrown what the row's call threw, or null if it returned
         */
        public void check(Throwable thrown) {
            String what = id + " " + call + " (" + misuse + ")";
            assertNotNull(thrown, what + ": no exception was thrown");
            assertEquals(exception, thrown.getClass(), () -> what + ": wrong exception: " + thrown);
            assertNotNull(thrown.getMessage(), () -> what + ": the exception has no message");
            for (String fragment : fragments) {
                assertTrue(thrown.getMessage().contains(fragment),
                        () -> what + ": the message should name " + fragment + " but is: " + thrown.getMessage());
            }
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private MisuseTable() {
    }

    /**
     * Reads the document, found as {@code docs/misuse.md} in the working directory or one of its
     * parents (a module's tests run in the module directory).
     *
     * @return every row, by id, in document order
     * @throws AssertionError if the document is missing, a row-like line is malformed, an id
     *                        repeats, an exception is unknown, a row quotes no fragment, or a
     *                        row's letter has no owner in {@link #OWNERS}
     */
    public static Map<String, Row> read() {
        return parse(locate());
    }

    /**
     * Parses a misuse document (the checks of {@link #read()}; public so that a test can feed
     * it a broken copy).
     *
     * @param doc the document's path
     * @return every row, by id, in document order
     */
    public static Map<String, Row> parse(Path doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + doc, e);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String text = lines.get(n - 1);
            if (!ROW_START.matcher(text).matches()) {
                continue;
            }
            Matcher m = ROW.matcher(text);
            if (!m.matches()) {
                fail(doc + ":" + n + ": a row must be | id | call | misuse | `Exception` | `fragment`, ... |, but is: "
                        + text);
            }
            String id = m.group(1);
            String where = doc + ":" + n + " (" + id + ")";
            assertTrue(OWNERS.containsKey(id.charAt(0)),
                    () -> where + ": no table test owns rows starting with " + id.charAt(0) + " (MisuseTable.OWNERS)");
            Class<? extends Throwable> exception = EXCEPTIONS.get(m.group(4));
            assertNotNull(exception, () -> where + ": unknown exception " + m.group(4) + "; known: "
                    + new TreeSet<>(EXCEPTIONS.keySet()));
            List<String> fragments = new ArrayList<>();
            Matcher q = QUOTED.matcher(m.group(5));
            while (q.find()) {
                fragments.add(q.group(1));
            }
            assertFalse(fragments.isEmpty(), () -> where + ": the 'message names' column quotes no fragment");
            Row row = new Row(id, n, m.group(2), m.group(3), exception, List.copyOf(fragments));
            Row before = rows.put(id, row);
            assertNull(before, () -> where + ": repeats row " + id + " of line " + before.line());
        }
        return rows;
    }

    /**
     * The rows of docs/misuse.md that the test {@code owner} checks, in document order.
     *
     * @param owner a test's simple class name, as in {@link #OWNERS}
     * @return its rows
     */
    public static List<Row> rowsOf(String owner) {
        assertTrue(OWNERS.containsValue(owner), () -> owner + " owns no section in MisuseTable.OWNERS");
        return read().values().stream().filter(r -> OWNERS.get(r.id().charAt(0)).equals(owner)).toList();
    }

    /**
     * The rows of {@code owner} as JUnit arguments {@code (id, row)}, for a
     * {@code @MethodSource} of a {@code @ParameterizedTest(name = "{0}")}.
     *
     * @param owner a test's simple class name, as in {@link #OWNERS}
     * @return one argument set per row
     */
    public static Stream<Arguments> arguments(String owner) {
        return rowsOf(owner).stream().map(r -> Arguments.of(r.id(), r));
    }

    /**
     * Asserts that the test {@code owner} has a case for every one of its rows and a row for
     * every one of its cases.
     *
     * @param owner  a test's simple class name, as in {@link #OWNERS}
     * @param tested the ids of its cases
     */
    public static void assertSameRows(String owner, Collection<String> tested) {
        Set<String> documented = new TreeSet<>();
        rowsOf(owner).forEach(r -> documented.add(r.id()));
        Set<String> undocumented = new TreeSet<>(tested);
        undocumented.removeAll(documented);
        Set<String> untested = new TreeSet<>(documented);
        untested.removeAll(tested);
        assertTrue(undocumented.isEmpty() && untested.isEmpty(), () -> owner + ": rows tested but not in "
                + "docs/misuse.md: " + undocumented + "; rows documented but not tested: " + untested);
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs").resolve("misuse.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        return fail("docs/misuse.md not found in " + Path.of("").toAbsolutePath() + " or its parents");
    }
}
