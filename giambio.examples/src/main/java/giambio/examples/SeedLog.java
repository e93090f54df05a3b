package giambio.examples;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The seed's logging set-up in Java: {@code java.util.logging} with the shape of Python's
 * {@code logging.basicConfig(level=20, format="[%(levelname)s] %(asctime)s %(message)s",
 * datefmt="%d/%m/%Y %p")}, for example {@code [INFO] 22/04/2021 PM 127.0.0.1:52239 connected}.
 */
public final class SeedLog {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy a", Locale.ENGLISH);

    private SeedLog() {
    }

    /**
     * Returns a logger named {@code name} that writes INFO and above to {@code out} in the
     * seed's format, and nowhere else.
     *
     * @param name the logger's name
     * @param out  where the lines go (the seed's Python logs to standard error)
     * @return the logger
     */
    public static Logger logger(String name, OutputStream out) {
        Logger logger = Logger.getLogger(name);
        for (Handler h : logger.getHandlers()) {
            logger.removeHandler(h);
        }
        Handler handler = new StreamHandler(out instanceof PrintStream ps ? ps : new PrintStream(out, true), new Shape()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(Level.INFO);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        return logger;
    }

    /** {@code [LEVEL] dd/MM/yyyy AM|PM message}, with Python's level names. */
    static final class Shape extends Formatter {
        @Override
        public String format(LogRecord record) {
            return "[" + levelName(record.getLevel()) + "] " + DATE.format(ZonedDateTime.now()) + " "
                    + formatMessage(record) + System.lineSeparator();
        }

        private static String levelName(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue()) {
                return "WARNING";
            }
            if (level.intValue() >= Level.INFO.intValue()) {
                return "INFO";
            }
            return "DEBUG";
        }
    }

    /**
     * Python's {@code repr} of a bytes object, as the seed's log lines print it:
     * {@code b'yay!\n'}.
     *
     * @param data the bytes
     * @return the representation
     */
    public static String repr(byte[] data) {
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (byte b : data) {
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder(data.length + 3).append('b').append(quote);
        for (byte b : data) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }
}
