package giambio.debug;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A debugger that records every task step as a slice of a timeline, and writes it as a
 * Chrome/Perfetto trace or as a self-contained HTML page.
 *
 * {@snippet :
 * TimelineRecorder timeline = new TimelineRecorder();
 * Giambio.run(RunOptions.builder().debugger(timeline).build(), main);
 * timeline.writeTraceEvents(Path.of("giambio-trace.json")); // open in ui.perfetto.dev
 * timeline.writeHtml(Path.of("giambio-timeline.html"));     // open in any browser
 * }
 *
 * <h2>What is recorded</h2>
 * One slice per step: from {@link #beforeTaskStep} to {@link #afterTaskStep} of a task, on
 * the wall clock ({@link System#nanoTime()}, relative to {@link #onStart()}), because a
 * step takes real time even when the loop runs on a virtual clock. Each task is one lane
 * (a "thread" in the trace, whose id is the task id). Nothing else is recorded.
 *
 * <h2>Output</h2>
 * {@link #writeTraceEvents(Writer)} writes the
 * <a href="https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU">trace
 * event format</a>: {@code {"traceEvents":[...]}} with one complete event ({@code "ph":"X"},
 * times in microseconds, {@code "pid":1}, {@code "tid":} the task id) per step and
 * {@code thread_name} metadata events naming the lanes. {@link #writeHtml(Writer)} writes one
 * HTML page with an inline SVG drawing, one labelled lane per task; it loads nothing from
 * the network and runs no script.
 *
 * <h2>Memory and threads</h2>
 * A slice costs 24 bytes; at most {@code maxSlices} are kept and later ones are counted in
 * {@link #droppedSlices()}. The recorder is thread-safe: it can be written while the loop
 * runs, and it keeps recording across runs (one timeline per loop run is clearest).
 */
public final class TimelineRecorder implements Debugger {

    /** The default bound on recorded slices. */
    public static final int DEFAULT_MAX_SLICES = 1_000_000;

    private static final int LANE_HEIGHT = 28;
    private static final int LABEL_WIDTH = 180;
    private static final int PLOT_WIDTH = 1000;
    private static final int TOP = 40;

    private final int maxSlices;
    /** Wall-clock origin, set by onStart (or the first step); 0 until then. */
    private long origin;
    private boolean started;
    /** Slices 0..count-1: start and duration in nanoseconds from origin, and task id. */
    private long[] starts = new long[64];
    private long[] durations = new long[64];
    private long[] taskIds = new long[64];
    private int count;
    private long dropped;
    /** Task id of the running step and its start, or -1 between steps. */
    private long stepTask = -1;
    private long stepStart;
    /** Lane labels by task id (ordered). */
    private final Map<Long, String> names = new TreeMap<>();

    /** Creates a recorder that keeps up to {@value #DEFAULT_MAX_SLICES} slices. */
    public TimelineRecorder() {
        this(DEFAULT_MAX_SLICES);
    }

    /**
     * Creates a recorder that keeps up to {@code maxSlices} slices.
     *
     * @param maxSlices the bound on recorded slices
     * @throws IllegalArgumentException if {@code maxSlices} is not positive
     */
    public TimelineRecorder(int maxSlices) {
        if (maxSlices <= 0) {
            throw new IllegalArgumentException("TimelineRecorder: maxSlices must be positive, not " + maxSlices);
        }
        this.maxSlices = maxSlices;
    }

    @Override
    public String name() {
        return "timeline";
    }

    @Override
    public synchronized void onStart() {
        if (!started) {
            started = true;
            origin = System.nanoTime();
        }
    }

    @Override
    public synchronized void onTaskSpawn(TaskView task) {
        names.put(task.id(), task.name());
    }

    @Override
    public synchronized void beforeTaskStep(TaskView task) {
        long now = System.nanoTime();
        if (!started) {
            started = true;
            origin = now;
        }
        names.putIfAbsent(task.id(), task.name());
        stepTask = task.id();
        stepStart = now - origin;
    }

    @Override
    public synchronized void afterTaskStep(TaskView task) {
        if (stepTask != task.id()) {
            return; // a step whose start was not seen (recorder added mid-step)
        }
        long end = System.nanoTime() - origin;
        stepTask = -1;
        if (count == maxSlices) {
            dropped++;
            return;
        }
        if (count == starts.length) {
            int n = Math.min(maxSlices, count * 2);
            starts = Arrays.copyOf(starts, n);
            durations = Arrays.copyOf(durations, n);
            taskIds = Arrays.copyOf(taskIds, n);
        }
        starts[count] = stepStart;
        durations[count] = end - stepStart;
        taskIds[count] = task.id();
        count++;
    }

    /**
     * Returns how many slices were recorded.
     *
     * @return the number of recorded steps
     */
    public synchronized int sliceCount() {
        return count;
    }

    /**
     * Returns how many steps were not recorded because {@code maxSlices} was reached.
     *
     * @return the number of dropped steps
     */
    public synchronized long droppedSlices() {
        return dropped;
    }

    /**
     * Writes the timeline in the Chrome/Perfetto trace event format.
     *
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public synchronized void writeTraceEvents(Writer out) throws IOException {
        java.util.Objects.requireNonNull(out, "out");
        out.write("{\"traceEvents\":[\n");
        out.write("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"giambio loop\"}}");
        for (Map.Entry<Long, String> lane : names.entrySet()) {
            long id = lane.getKey();
            out.write(",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" + id + ",\"args\":{\"name\":"
                    + json(label(id, lane.getValue())) + "}}");
            out.write(",\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":" + id
                    + ",\"args\":{\"sort_index\":" + id + "}}");
        }
        for (int i = 0; i < count; i++) {
            out.write(",\n{\"name\":" + json(names.getOrDefault(taskIds[i], "?")) + ",\"cat\":\"step\",\"ph\":\"X\",\"ts\":"
                    + micros(starts[i]) + ",\"dur\":" + micros(durations[i]) + ",\"pid\":1,\"tid\":" + taskIds[i] + "}");
        }
        out.write("\n],\"displayTimeUnit\":\"ms\"}\n");
    }

    /**
     * Writes the timeline in the trace event format to a file (UTF-8), replacing it.
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void writeTraceEvents(Path file) throws IOException {
        java.util.Objects.requireNonNull(file, "file");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeTraceEvents(w);
        }
    }

    /**
     * Returns the timeline in the trace event format.
     *
     * @return the JSON text
     */
    public String toTraceEventJson() {
        StringWriter w = new StringWriter();
        try {
            writeTraceEvents(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /**
     * Writes the timeline as a self-contained HTML page: an inline SVG with one lane per
     * task, no scripts, no external resources.
     *
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public synchronized void writeHtml(Writer out) throws IOException {
        java.util.Objects.requireNonNull(out, "out");
        long span = 1;
        for (int i = 0; i < count; i++) {
            span = Math.max(span, starts[i] + durations[i]);
        }
        Long[] ids = names.keySet().toArray(Long[]::new);
        Map<Long, Integer> laneOf = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            laneOf.put(ids[i], i);
        }
        int width = LABEL_WIDTH + PLOT_WIDTH + 30;
        int height = TOP + ids.length * LANE_HEIGHT + 20;
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>giambio timeline</title>\n<style>body{font-family:sans-serif;margin:16px}"
                + "svg text{font-size:12px;font-family:sans-serif}.lane .step{fill:#3b7dd8}"
                + ".lane:nth-of-type(even) .bg{fill:#f3f5f8}.lane:nth-of-type(odd) .bg{fill:#ffffff}"
                + ".axis{stroke:#888;stroke-width:1;stroke-dasharray:2,3;opacity:.6}</style></head><body>\n");
        out.write("<h1 style=\"font-size:16px\">giambio timeline: " + count + " steps of " + ids.length
                + " tasks in " + String.format(Locale.ROOT, "%.3f", span / 1e6) + " ms"
                + (dropped > 0 ? " (" + dropped + " steps not recorded)" : "") + "</h1>\n");
        out.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + " " + height + "\">\n");
        StringBuilder[] lanes = new StringBuilder[ids.length];
        for (int i = 0; i < ids.length; i++) {
            int y = TOP + i * LANE_HEIGHT;
            lanes[i] = new StringBuilder();
            lanes[i].append("<g class=\"lane\" data-task-id=\"").append(ids[i]).append("\">")
                    .append("<rect class=\"bg\" x=\"0\" y=\"").append(y).append("\" width=\"").append(width)
                    .append("\" height=\"").append(LANE_HEIGHT).append("\"/>")
                    .append("<text x=\"6\" y=\"").append(y + 18).append("\">")
                    .append(xml(label(ids[i], names.get(ids[i])))).append("</text>\n");
        }
        for (int i = 0; i < count; i++) {
            Integer lane = laneOf.get(taskIds[i]);
            double x = LABEL_WIDTH + (double) PLOT_WIDTH * starts[i] / span;
            double w = Math.max(1.0, (double) PLOT_WIDTH * durations[i] / span);
            lanes[lane].append("<rect class=\"step\" x=\"").append(fmt(x)).append("\" y=\"")
                    .append(TOP + lane * LANE_HEIGHT + 5).append("\" width=\"").append(fmt(w))
                    .append("\" height=\"").append(LANE_HEIGHT - 10).append("\"><title>")
                    .append(xml(names.get(taskIds[i]))).append(": step at ")
                    .append(String.format(Locale.ROOT, "%.3f ms for %.3f ms", starts[i] / 1e6, durations[i] / 1e6))
                    .append("</title></rect>\n");
        }
        for (StringBuilder lane : lanes) {
            out.write(lane.append("</g>\n").toString());
        }
        for (int t = 0; t <= 5; t++) {
            double x = LABEL_WIDTH + PLOT_WIDTH * t / 5.0;
            String anchor = t == 0 ? "start" : t == 5 ? "end" : "middle";
            out.write("<line class=\"axis\" x1=\"" + fmt(x) + "\" y1=\"" + (TOP - 6) + "\" x2=\"" + fmt(x) + "\" y2=\""
                    + (TOP + ids.length * LANE_HEIGHT) + "\"/><text x=\"" + fmt(x) + "\" y=\"" + (TOP - 10)
                    + "\" text-anchor=\"" + anchor + "\">" + String.format(Locale.ROOT, "%.2f ms", span * t / 5.0 / 1e6)
                    + "</text>\n");
        }
        out.write("</svg>\n<p style=\"font-size:12px;color:#555\">One lane per task; each bar is one step "
                + "(the task held the loop from one checkpoint to the next), on the wall clock. "
                + "Hover a bar for its times.</p>\n</body></html>\n");
    }

    /**
     * Writes the timeline as a self-contained HTML page to a file (UTF-8), replacing it.
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void writeHtml(Path file) throws IOException {
        java.util.Objects.requireNonNull(file, "file");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeHtml(w);
        }
    }

    @Override
    public synchronized String toString() {
        return "TimelineRecorder[" + count + " slices, " + names.size() + " tasks]";
    }

    private static String label(long id, String name) {
        return name + " (#" + id + ")";
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e3);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
