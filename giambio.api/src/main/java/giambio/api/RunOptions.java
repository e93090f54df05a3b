package giambio.api;

import giambio.debug.Debugger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Options for one {@link Giambio#run(RunOptions, java.util.concurrent.Callable) run}: the
 * kernel, the clock, debuggers and the scheduling order.
 *
 * {@snippet :
 * RunOptions options = RunOptions.builder()
 *         .clock(VirtualClock.autojumping())
 *         .debugger(new TraceDebugger(System.out))
 *         .build();
 * }
 *
 * <p>Instances are immutable and may be reused for several runs, except that a
 * {@link VirtualClock} keeps its time across runs.
 */
public final class RunOptions {

    private static final RunOptions DEFAULTS = builder().build();

    /** The kernel name, or null to follow the system property and priorities. */
    private final String kernel;
    /** The clock, or null for a fresh system clock per run. */
    private final LoopClock clock;
    /** Debuggers to activate, in order; never null. */
    private final List<Debugger> debuggers;
    /** Shuffle seed; present only in shuffle mode. */
    private final OptionalLong shuffleSeed;
    /** Whether Ctrl+C cancels the loop; null to follow the {@code giambio.sigint} property. */
    private final Boolean handleSigint;

    private RunOptions(Builder b) {
        this.kernel = b.kernel;
        this.clock = b.clock;
        this.debuggers = List.copyOf(b.debuggers);
        this.shuffleSeed = b.shuffleSeed;
        this.handleSigint = b.handleSigint;
    }

    /**
     * Returns the default options: the default kernel, the system clock, FIFO scheduling and
     * only the debuggers named by the {@code giambio.debuggers} system property.
     *
     * @return the default options
     */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder that starts from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the requested kernel name.
     *
     * @return the name, or empty to use the {@code giambio.kernel} property or the
     *         highest-priority available kernel
     */
    public Optional<String> kernel() {
        return Optional.ofNullable(kernel);
    }

    /**
     * Returns the clock.
     *
     * @return the clock, or empty for a new {@link LoopClock#system()} clock per run
     */
    public Optional<LoopClock> clock() {
        return Optional.ofNullable(clock);
    }

    /**
     * Returns the debuggers to activate, in addition to those named by the
     * {@code giambio.debuggers} system property.
     *
     * @return an unmodifiable list
     */
    public List<Debugger> debuggers() {
        return debuggers;
    }

    /**
     * Returns the shuffle seed.
     *
     * @return the seed when tasks are scheduled in a seeded random order, else empty (FIFO)
     */
    public OptionalLong shuffleSeed() {
        return shuffleSeed;
    }

    /**
     * Tells whether an interrupt signal (Ctrl+C) cancels the loop and makes
     * {@code Giambio.run} throw {@link KeyboardInterrupt}.
     *
     * @return the value set with {@link Builder#handleSigint(boolean)}, else the system
     *         property {@code giambio.sigint} ({@code false} turns it off), else {@code true}
     */
    public boolean handleSigint() {
        if (handleSigint != null) {
            return handleSigint;
        }
        return !"false".equalsIgnoreCase(System.getProperty(SIGINT_PROPERTY, "true").strip());
    }

    /** The system property that turns Ctrl+C handling off when set to {@code false}. */
    public static final String SIGINT_PROPERTY = "giambio.sigint";

    /**
     * Builds {@link RunOptions}. Not thread-safe.
     */
    public static final class Builder {
        private String kernel;
        private LoopClock clock;
        private final List<Debugger> debuggers = new ArrayList<>();
        private OptionalLong shuffleSeed = OptionalLong.empty();
        private Boolean handleSigint;

        private Builder() {
        }

        /**
         * Requests a kernel by name; overrides the {@code giambio.kernel} system property.
         *
         * @param name a kernel name such as {@code "baton"} or {@code "continuation"}
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder kernel(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("RunOptions.Builder.kernel: the kernel name must not be blank");
            }
            this.kernel = name.strip();
            return this;
        }

        /**
         * Sets the loop clock, for example a {@link VirtualClock}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(LoopClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Adds a debugger.
         *
         * @param debugger the debugger
         * @return this builder
         */
        public Builder debugger(Debugger debugger) {
            debuggers.add(Objects.requireNonNull(debugger, "debugger"));
            return this;
        }

        /**
         * Schedules runnable tasks in a random order drawn from {@code seed}, to shake out
         * code that depends on FIFO order; the same seed gives the same order.
         *
         * @param seed the random seed
         * @return this builder
         */
        public Builder shuffle(long seed) {
            this.shuffleSeed = OptionalLong.of(seed);
            return this;
        }

        /**
         * Chooses whether an interrupt signal (Ctrl+C, SIGINT) cancels the loop; overrides
         * the {@code giambio.sigint} system property. On by default, as in the seed; turn it
         * off in applications that handle signals themselves.
         *
         * @param handle {@code false} to leave SIGINT to the JVM (or the application)
         * @return this builder
         */
        public Builder handleSigint(boolean handle) {
            this.handleSigint = handle;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return new options
         */
        public RunOptions build() {
            return new RunOptions(this);
        }
    }
}
