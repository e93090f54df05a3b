package giambio.api.spi;

import java.util.Objects;

/**
 * What a parked task is rescheduled with: a value or an exception.
 *
 * <p>The kernel only carries outcomes from {@link Kernel#reschedule} to the return of
 * {@link Kernel#park}; it never throws them.
 */
public sealed interface Outcome {

    /** The outcome {@code success(null)}, shared. */
    Outcome NONE = new Success(null);

    /**
     * Returns an outcome that carries a value.
     *
     * @param value the value, may be {@code null}
     * @return the outcome
     */
    static Outcome success(Object value) {
        return value == null ? NONE : new Success(value);
    }

    /**
     * Returns an outcome that carries an exception.
     *
     * @param error the exception
     * @return the outcome
     * @throws NullPointerException if {@code error} is {@code null}
     */
    static Outcome failure(Throwable error) {
        return new Failure(error);
    }

    /**
     * Returns the value, or throws the exception.
     *
     * @return the value of a {@link Success}
     * @throws Exception the exception of a {@link Failure}, if it is an {@code Exception}
     * @throws Error     the exception of a {@link Failure}, if it is an {@code Error}
     */
    Object get() throws Exception;

    /**
     * An outcome that carries a value.
     *
     * @param value the value, may be {@code null}
     */
    record Success(Object value) implements Outcome {
        @Override
        public Object get() {
            return value;
        }
    }

    /**
     * An outcome that carries an exception.
     *
     * @param error the exception, never {@code null}
     */
    record Failure(Throwable error) implements Outcome {
        /**
         * Checks the exception.
         *
         * @param error the exception
         * @throws NullPointerException if {@code error} is {@code null}
         */
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Object get() throws Exception {
            if (error instanceof Exception e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("task failed with a raw Throwable", error);
        }
    }
}
