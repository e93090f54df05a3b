package giambio.api;

import giambio.api.spi.Kernel;
import giambio.api.spi.KernelTask;
import giambio.api.spi.Outcome;
import giambio.api.spi.Registration;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The low-level surface for extenders (after {@code trio.lowlevel}): what giambio's own
 * synchronisation primitives, channels, thread bridges and sockets are built with, and what
 * third-party primitives may use. Application code never needs it.
 *
 * <h2>Parking</h2>
 * A primitive that must wait remembers the current {@link KernelTask}, then calls
 * {@link #park(Kernel.Abort)}; whoever completes the wait later calls
 * {@link Kernel#reschedule} on that task with an {@link Outcome}, which {@code park} returns.
 * If the task's scope is cancelled while it waits, the abort callback runs; if it succeeds
 * (it removed the task from the primitive's wait queue), {@code park} throws
 * {@link Cancelled}. A pending cancellation is delivered the same way before parking.
 *
 * {@snippet :
 * // An event's wait, in full:
 * KernelTask me = Lowlevel.currentKernelTask();
 * waiters.add(me);
 * Lowlevel.park(() -> waiters.remove(me));       // throws Cancelled if aborted
 * // ... and its set(): for (KernelTask t : waiters) Lowlevel.kernel().reschedule(t, Outcome.NONE);
 * }
 *
 * <p>Every method must be called from a task of a running loop.
 */
public final class Lowlevel {

    private static final Object CLOSED = new Object();

    private Lowlevel() {
    }

    /**
     * Returns the kernel of the calling task's loop; it also identifies the loop, so a
     * primitive can bind itself to the loop that first uses it.
     *
     * @return the kernel
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static Kernel kernel() {
        return Loop.current("Lowlevel.kernel").kernel;
    }

    /**
     * Returns the kernel of the calling task's loop, or null when the calling thread runs no
     * task of a loop; for thread-safe primitives that serve both loops and plain threads.
     *
     * @return the kernel, or null outside any loop
     */
    public static Kernel kernelOrNull() {
        Loop loop = Loop.currentOrNull();
        return loop == null ? null : loop.kernel;
    }

    /**
     * Returns the kernel's handle on the calling task, to reschedule it later.
     *
     * @return the current kernel task
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static KernelTask currentKernelTask() {
        return Loop.current("Lowlevel.currentKernelTask").currentTask().ktask;
    }

    /**
     * Parks the calling task until it is rescheduled, with cancellation (see the class
     * comment).
     *
     * @param abort undoes the wait when cancellation wants the task back; returns whether it
     *              could
     * @return the outcome the task was rescheduled with (not yet unwrapped)
     * @throws Cancelled             if the task was cancelled and {@code abort} succeeded
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static Outcome park(Kernel.Abort abort) {
        Objects.requireNonNull(abort, "abort");
        Loop loop = Loop.current("Lowlevel.park");
        return loop.parkForOutcome(loop.currentTask(), abort);
    }

    /**
     * Throws {@link Cancelled} if the calling task is inside a cancelled scope; never yields.
     *
     * @throws Cancelled             if the task is cancelled
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void checkpointIfCancelled() {
        Loop loop = Loop.current("Lowlevel.checkpointIfCancelled");
        loop.checkpointIfCancelled(loop.currentTask());
    }

    /**
     * Lets other tasks run without checking for cancellation (the second half of a
     * checkpoint, for an operation that already completed and must not be lost).
     *
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void cancelShieldedCheckpoint() {
        Loop.current("Lowlevel.cancelShieldedCheckpoint").kernel.yieldNow();
    }

    /**
     * Runs {@code action} on the loop when {@code task} finishes (at once if it has).
     *
     * @param task   a task of the calling task's loop
     * @param action what to run; it must not park
     * @return a handle that withdraws the action
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static Registration whenTaskExits(Task<?> task, Runnable action) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(action, "action");
        Loop loop = Loop.current("Lowlevel.whenTaskExits");
        TaskImpl<?> t = (TaskImpl<?>) task;
        if (t.loop != loop) {
            throw new IllegalArgumentException(task + " belongs to another loop");
        }
        return t.whenExits(action);
    }

    /**
     * Waits until {@code channel} is ready for {@code op}. A checkpoint: cancellable, and a
     * pending cancellation is raised before waiting.
     *
     * @param channel a channel; it is switched to non-blocking mode if needed
     * @param op      {@link java.nio.channels.SelectionKey#OP_READ}, {@code OP_WRITE},
     *                {@code OP_ACCEPT} or {@code OP_CONNECT}
     * @throws BusyResourceException   if another task already waits for {@code op} on it
     * @throws ClosedResourceException if {@link #notifyClosing} is called for it meanwhile
     * @throws IOException             if the channel cannot be watched (closed, for example)
     * @throws Cancelled               if the task is cancelled
     */
    public static void waitReady(SelectableChannel channel, int op) throws IOException {
        Objects.requireNonNull(channel, "channel");
        Loop loop = Loop.current("Lowlevel.waitReady");
        TaskImpl<?> task = loop.currentTask();
        loop.checkpointIfCancelled(task);
        KernelTask kt = task.ktask;
        Registration reg;
        try {
            reg = loop.kernel.watch(channel, op, () -> loop.kernel.reschedule(kt, Outcome.NONE));
        } catch (java.nio.channels.CancelledKeyException forgotten) {
            throw new ClosedResourceException(channel + " was handed to notifyClosing and cannot be waited on any more");
        } catch (IllegalStateException busy) {
            throw new BusyResourceException("another task is already waiting on " + channel
                    + " for the same operation; one task at a time may read (or write) a channel");
        }
        IoWaiters waiters = IoWaiters.of(loop);
        IoWaiter me = new IoWaiter(kt, reg);
        waiters.add(channel, me);
        Object value;
        try {
            value = loop.park(task, reg::cancel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new GiambioInternalError("I/O wait woke with an unexpected outcome", e);
        } finally {
            waiters.remove(channel, me);
        }
        if (value == CLOSED) {
            throw new ClosedResourceException(channel + " was closed while this task was waiting on it");
        }
    }

    /**
     * Wakes every task waiting on {@code channel} with {@link ClosedResourceException} and
     * makes the kernel forget it. Call it just before closing the channel.
     *
     * @param channel the channel about to be closed
     * @throws IllegalStateException if not called from a task of a running loop
     */
    public static void notifyClosing(SelectableChannel channel) {
        Objects.requireNonNull(channel, "channel");
        Loop loop = Loop.current("Lowlevel.notifyClosing");
        IoWaiters waiters = IoWaiters.of(loop);
        for (IoWaiter w : waiters.take(channel)) {
            if (w.registration.cancel()) {
                loop.kernel.reschedule(w.task, Outcome.success(CLOSED));
            }
        }
        loop.kernel.forget(channel);
    }

    /** A task waiting for readiness, and its kernel watch. */
    private record IoWaiter(KernelTask task, Registration registration) {
    }

    /** The tasks waiting on each channel, per loop. Loop-confined. */
    static final class IoWaiters {
        private final Map<SelectableChannel, List<IoWaiter>> byChannel = new IdentityHashMap<>();

        static IoWaiters of(Loop loop) {
            return loop.ioWaiters();
        }

        void add(SelectableChannel channel, IoWaiter w) {
            byChannel.computeIfAbsent(channel, c -> new ArrayList<>(2)).add(w);
        }

        void remove(SelectableChannel channel, IoWaiter w) {
            List<IoWaiter> list = byChannel.get(channel);
            if (list != null && list.remove(w) && list.isEmpty()) {
                byChannel.remove(channel);
            }
        }

        List<IoWaiter> take(SelectableChannel channel) {
            List<IoWaiter> list = byChannel.remove(channel);
            return list == null ? List.of() : list;
        }
    }
}
