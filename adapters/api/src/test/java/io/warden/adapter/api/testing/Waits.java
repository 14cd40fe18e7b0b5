package io.warden.adapter.api.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The waits every test needs, once: block a test thread (never an event loop) on a future, or poll
 * a condition, with a deadline generous enough for two busy cores. A wait that runs out fails the
 * test naming what it waited for.
 */
public final class Waits {
    /** Long enough that only a real hang reaches it on a loaded CI machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 5;

    private Waits() {}

    /** The value of {@code f}; fails the test when it fails or does not complete in time. */
    public static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("future did not complete in " + DEADLINE.toSeconds() + " s: " + e, e);
        }
    }

    /** The cause of {@code f}'s failure; fails the test when it succeeds or does not complete in time. */
    public static Throwable awaitFailure(Future<?> f) {
        Object value;
        try {
            value = f.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("future did not complete in " + DEADLINE.toSeconds() + " s: " + e, e);
        }
        throw new AssertionError("expected a failure, got " + value);
    }

    /** Polls until {@code condition} holds; fails the test with "timed out waiting for {what}". */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
