/**
 * JUnit Jupiter support for giambio: {@link giambio.testing.GiambioTest} runs a test method as
 * the root task of a loop on an autojumping {@link giambio.api.VirtualClock}, so a test of a
 * one-hour timeout takes microseconds and timing is exact.
 *
 * <p>Add module {@code giambio.testing} (artifact {@code giambio.testing}) in test scope;
 * the loop's kernel ({@code giambio.loop}) must be on the test path too. A test that does not
 * finish within its {@linkplain giambio.testing.GiambioTest#timeout() real-time limit} is
 * cancelled and fails with the loop's task tree in its message.
 */
package giambio.testing;
