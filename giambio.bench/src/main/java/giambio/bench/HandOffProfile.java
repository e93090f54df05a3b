package giambio.bench;

import giambio.api.Giambio;
import giambio.api.RunOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What one task switch costs the operating system: two tasks take turns at checkpoints (as
 * {@link KernelBench#switchPingPong()}), and the program reports, per switch, the wall time,
 * the process CPU time (all threads, all cores) and the operating-system context switches of
 * every thread of the process (Linux {@code /proc/self/task/}<i>tid</i>{@code /status}).
 *
 * <p>Run it with the JVM options to compare (the scheduler's parallelism,
 * {@code -XX:ActiveProcessorCount}); a hand-off that wakes another carrier thread shows as one
 * or more context switches per switch and CPU time above wall time.
 *
 * {@snippet lang=sh :
 * java -cp giambio.bench/target/benchmarks.jar giambio.bench.HandOffProfile baton 2000000
 * }
 */
public final class HandOffProfile {

    private HandOffProfile() {
    }

    /**
     * Runs the profile.
     *
     * @param args the kernel name, then the number of switches per measured run (default 2,000,000)
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: HandOffProfile <kernel> [switches]");
        }
        String kernel = args[0];
        int switches = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        RunOptions options = RunOptions.builder().kernel(kernel).build();
        for (int i = 0; i < 3; i++) {
            pingPong(options, 200_000);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 1; run <= 3; run++) {
            long[] before = contextSwitches();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            pingPong(options, switches);
            long wall = System.nanoTime() - start;
            long cpu = os.getProcessCpuTime() - cpuBefore;
            long[] after = contextSwitches();
            System.out.printf("%s run %d: %.0f ns/switch wall, %.0f ns/switch CPU, "
                    + "%.3f voluntary + %.3f involuntary OS context switches per switch%n",
                    kernel, run, (double) wall / switches, (double) cpu / switches,
                    (double) (after[0] - before[0]) / switches, (double) (after[1] - before[1]) / switches);
        }
    }

    private static void pingPong(RunOptions options, int switches) throws Exception {
        int perTask = switches / 2;
        Giambio.run(options, () -> Giambio.createPool(pool -> {
            for (int t = 0; t < 2; t++) {
                pool.spawn(() -> {
                    for (int i = 0; i < perTask; i++) {
                        Giambio.checkpoint();
                    }
                });
            }
        }));
    }

    /** Sum over the process's threads of {voluntary, involuntary} context switches. */
    private static long[] contextSwitches() throws IOException {
        long[] sum = new long[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum[0] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum[1] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException threadEnded) {
                    // Discussion: a thread that ended between list and read has nothing to add.
                }
            }
        }
        return sum;
    }
}
