package giambio.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit Jupiter test method that runs inside {@code Giambio.run}, as the root task.
 *
 * <p>By default the loop runs on an autojumping {@link giambio.api.VirtualClock}, so sleeps
 * and timeouts take no real time and tests of timing are exact. A test method may declare a
 * {@link giambio.api.VirtualClock} parameter to jump the clock itself. If the test does not
 * finish within {@link #timeout()} of real time, the root task is cancelled and the test fails
 * with the loop's task tree in the message.
 *
 * {@snippet :
 * class TimeoutTest {
 *     @GiambioTest
 *     void anHourIsInstant() throws Exception {
 *         Giambio.sleep(Duration.ofHours(1));
 *         assertEquals(3600.0, Giambio.clock());
 *     }
 * }
 * }
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(GiambioExtension.class)
public @interface GiambioTest {

    /**
     * Whether the loop runs on an autojumping virtual clock.
     *
     * @return {@code true} (the default) for a virtual clock, {@code false} for the system clock
     */
    boolean virtualClock() default true;

    /**
     * The real-time limit of the test; the root task is cancelled when it passes.
     *
     * @return the limit, in {@link #unit()}s; 0 or less for none
     */
    long timeout() default 60;

    /**
     * The unit of {@link #timeout()}.
     *
     * @return the time unit
     */
    TimeUnit unit() default TimeUnit.SECONDS;

    /**
     * Runs tasks in a random order drawn from this seed, to shake out order dependence.
     *
     * @return the seed, or {@link Long#MIN_VALUE} (the default) for FIFO order
     */
    long shuffleSeed() default Long.MIN_VALUE;

    /**
     * The kernel to run on.
     *
     * @return a kernel name, or empty (the default) for the usual selection
     */
    String kernel() default "";
}
