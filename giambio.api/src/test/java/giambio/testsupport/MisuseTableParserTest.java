package giambio.testsupport;

import static org.junit.jupiter.api.Assertions.*;

import giambio.api.ClosedResourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared reader of docs/misuse.md rejects what would silently drop a row from the check,
 * and {@link MisuseTable.Row#check} rejects every way a call can miss its row.
 */
class MisuseTableParserTest {

    private static final String HEADER = "| id | call | misuse | exception | message names |\n|---|---|---|---|---|\n";

    @TempDir
    Path dir;

    private Map<String, MisuseTable.Row> parse(String rows) throws IOException {
        Path doc = Files.writeString(dir.resolve("misuse.md"), "# t\n\n" + HEADER + rows);
        return MisuseTable.parse(doc);
    }

    @Test
    void theRealDocumentHasEveryRowOwned() {
        Map<String, MisuseTable.Row> rows = MisuseTable.read();
        assertTrue(rows.size() > 100, "docs/misuse.md has " + rows.size() + " rows");
        Set<String> owners = Set.copyOf(MisuseTable.OWNERS.values());
        int owned = owners.stream().mapToInt(o -> MisuseTable.rowsOf(o).size()).sum();
        assertEquals(rows.size(), owned, "every row belongs to exactly one table test");
    }

    @Test
    void aWellFormedRowIsRead() throws IOException {
        MisuseTable.Row row = parse("| A01 | `f(x)` | outside | `IllegalStateException` | `f must`, `loop` |\n").get("A01");
        assertEquals(IllegalStateException.class, row.exception());
        assertEquals(List.of("f must", "loop"), row.fragments());
        assertEquals(5, row.line());
    }

    @Test
    void aRowWithoutQuotedExceptionFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> parse("| A01 | `f(x)` | outside | IllegalStateException | `f must` |\n"));
        assertTrue(e.getMessage().contains("misuse.md:5"), e.getMessage());
    }

    @Test
    void aRowWithAMissingColumnFails() {
        assertThrows(AssertionError.class, () -> parse("| A01 | `f(x)` | `IllegalStateException` | `f must` |\n"));
    }

    @Test
    void aRowOfNoTestsSectionFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> parse("| Z01 | `f(x)` | outside | `IllegalStateException` | `f must` |\n"));
        assertTrue(e.getMessage().contains("no table test owns"), e.getMessage());
    }

    @Test
    void aRepeatedIdFails() {
        String row = "| A01 | `f(x)` | outside | `IllegalStateException` | `f must` |\n";
        assertThrows(AssertionError.class, () -> parse(row + row));
    }

    @Test
    void anUnknownExceptionFails() {
        assertThrows(AssertionError.class,
                () -> parse("| A01 | `f(x)` | outside | `IllegalMonitorStateException` | `f must` |\n"));
    }

    @Test
    void aRowThatQuotesNoFragmentFails() {
        assertThrows(AssertionError.class, () -> parse("| A01 | `f(x)` | outside | `IllegalStateException` | f must |\n"));
    }

    @Test
    void checkRejectsEveryMiss() throws IOException {
        MisuseTable.Row row = parse("| A01 | `f(x)` | outside | `IllegalStateException` | `f must`, `loop` |\n").get("A01");
        row.check(new IllegalStateException("f must be called from a task of a running giambio loop"));
        assertThrows(AssertionError.class, () -> row.check(null));
        assertThrows(AssertionError.class, () -> row.check(new IllegalArgumentException("f must ... loop")));
        assertThrows(AssertionError.class, () -> row.check(new IllegalStateException() { }), "a subclass is not the class");
        assertThrows(AssertionError.class, () -> row.check(new IllegalStateException()));
        assertThrows(AssertionError.class, () -> row.check(new IllegalStateException("f must run")));
        MisuseTable.Row closed = parse("| Q03 | `s.send(x)` | closed | `ClosedResourceException` | `send` |\n").get("Q03");
        closed.check(new ClosedResourceException("send on a closed end"));
    }
}
