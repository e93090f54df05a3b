package giambio.api;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one implementation of {@link Portal}.
 *
 * <p>Implementation overview: {@link #submit} hands the loop an action through
 * {@link giambio.api.spi.Kernel#submit}, the kernel's only thread-safe call. On the loop the
 * action spawns a task into the pool that completes a {@link CompletableFuture}; the
 * blocking calls wait on that future. If the pool has closed, the action completes the
 * future exceptionally instead; it also does so when the kernel runs leftover actions at
 * shutdown (by then every pool has closed), and a rejected submit means the loop has ended.
 * Immutable, so thread-safe.
 */
final class PortalImpl implements Portal {

    private final Loop loop;
    private final PoolImpl pool;

    private PortalImpl(Loop loop, PoolImpl pool) {
        this.loop = loop;
        this.pool = pool;
    }

    static PortalImpl open(PoolImpl pool) {
        pool.loop.checkConfined("Portal.open");
        if (pool.isClosed()) {
            throw new IllegalStateException("Portal.open: the pool has closed; open the portal inside createPool");
        }
        return new PortalImpl(pool.loop, pool);
    }

    @Override
    public <T> T call(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        if (Loop.currentOrNull() != null) {
            throw new IllegalStateException("Portal.call blocks its thread, so it cannot be called from a task of a "
                    + "giambio loop (it would stop that loop); call the code directly, or use Portal.submit");
        }
        CompletableFuture<T> f = submit(body, ThreadJob.current());
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) {
                throw x;
            }
            if (cause instanceof Error x) {
                throw x;
            }
            throw e;
        }
    }

    @Override
    public void run(Action body) throws Exception {
        Objects.requireNonNull(body, "body");
        call(() -> {
            body.run();
            return null;
        });
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> body) {
        return submit(body, null);
    }

    /**
     * Submits the call; {@code waiter} is the {@code runInThread} job whose worker blocks until
     * the call ends, or null. While the call runs, that job does not hold back a virtual
     * clock: the worker waits for the loop, it does not work.
     */
    private <T> CompletableFuture<T> submit(Callable<T> body, ThreadJob<?> waiter) {
        Objects.requireNonNull(body, "body");
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            loop.kernel.submit(() -> start(f, body, waiter));
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new ClosedResourceException("the portal's giambio loop has ended"));
        }
        return f;
    }

    /** On the loop: spawns the call, or fails it if the pool is gone. Never throws. */
    private <T> void start(CompletableFuture<T> f, Callable<T> body, ThreadJob<?> waiter) {
        if (pool.isClosed()) {
            f.completeExceptionally(new ClosedResourceException("the portal's pool has closed: its body and "
                    + "all its tasks finished, so it runs no more calls"));
            return;
        }
        try {
            pool.spawn("portal-call", () -> {
                if (waiter != null) {
                    waiter.lend(true);
                }
                try {
                    T value = body.call();
                    lendBack(waiter);
                    f.complete(value);
                } catch (Cancelled c) {
                    lendBack(waiter);
                    CancellationException ce = new CancellationException("the call was cancelled in the loop");
                    ce.initCause(c);
                    f.completeExceptionally(ce);
                    throw c;
                } catch (Throwable t) {
                    lendBack(waiter);
                    f.completeExceptionally(t);
                }
                return null;
            });
        } catch (Throwable t) {
            f.completeExceptionally(t);
        }
    }

    /** The worker is about to run on: it counts as work again, before it is woken. */
    private static void lendBack(ThreadJob<?> waiter) {
        if (waiter != null) {
            waiter.lend(false);
        }
    }

    @Override
    public String toString() {
        return "Portal[" + pool + "]";
    }
}
