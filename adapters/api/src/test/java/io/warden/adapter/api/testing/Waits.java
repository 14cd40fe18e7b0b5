package io.warden.adapter.api.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The waits every test needs, once: block a test thread (never an event loop) on a future, or poll
 * a condition, with a deadline generous enough for two busy cores. A wait that runs out fails the
 * test naming what it waited for.
 */
public final class Waits {
    /** Long enough that only a real hang reaches it on a loaded CI machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Polls start fast and back off, so a costly condition (an HTTP read) does not load the machine. */
    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 50;

    private Waits() {}

    /** A condition polled by {@link #until}; it may throw (a failed HTTP read, say), which fails the wait. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** The value of {@code f}; fails the test when it fails or does not complete in time. */
    public static <T> T await(Future<T> f) {
        return await(f, DEADLINE);
    }

    /** {@link #await(Future)} with a longer deadline, for work known to take long (footage, the demo). */
    public static <T> T await(Future<T> f, Duration within) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("future did not complete in " + within.toSeconds() + " s: " + e, e);
        }
    }

    /** The cause of {@code f}'s failure; fails the test when it succeeds or does not complete in time. */
    public static Throwable awaitFailure(Future<?> f) {
        return awaitFailure(f, DEADLINE);
    }

    /** {@link #awaitFailure(Future)} with a longer deadline. */
    public static Throwable awaitFailure(Future<?> f, Duration within) {
        Object value;
        try {
            value = f.toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            throw new AssertionError("future did not complete in " + within.toSeconds() + " s: " + e, e);
        }
        throw new AssertionError("expected a failure, got " + value);
    }

    /** Polls until {@code condition} holds; fails the test with "timed out waiting for {what}". */
    public static void until(Condition condition, String what) {
        until(condition, what, DEADLINE);
    }

    /** {@link #until(Condition, String)} with a longer deadline. */
    public static void until(Condition condition, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (!holds(condition, what)) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + within.toSeconds() + " s waiting for " + what);
            try {
                Thread.sleep(pause);
                pause = Math.min(MAX_POLL_MILLIS, pause * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static boolean holds(Condition condition, String what) {
        try {
            return condition.holds();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("failed while waiting for " + what + ": " + e, e);
        }
    }
}
