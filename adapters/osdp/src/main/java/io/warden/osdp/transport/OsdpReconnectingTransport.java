package io.warden.osdp.transport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps a link up: opens a fresh transport from a factory, and after a failed open or a drop opens
 * another one after an exponential {@link Backoff}, until {@link #close()}. Transports are
 * single-use, hence the factory rather than one instance.
 *
 * <p>State changes go to a {@link Listener}: {@code DOWN} with the cause when the link drops or the
 * first open fails, {@code UP} when it is back. The CP bus fails its pending request with
 * "connection closed" on {@code DOWN} and marks its PDs offline. While the link is down,
 * {@link #write} fails fast with "connection closed"; bytes are never buffered across a reconnect,
 * since stale commands must not reach a PD later.
 *
 * <p><b>Threading.</b> Attempts, timers and every callback (bytes, listener, futures) run on the
 * context of the {@link #open()} caller. Nothing blocks or sleeps; retries use
 * {@link Vertx#setTimer}.
 *
 * <p>{@link #open()} completes when the link is first up and fails only if {@link #close()} comes
 * first; a caller that must not wait for a PD that is switched off should rely on the listener.
 * The {@link #closedHandler} is never called: drops are handled here.
 */
public final class OsdpReconnectingTransport implements OsdpTransport {

    /** Link state reported to the {@link Listener}. */
    public enum LinkState { UP, DOWN }

    /** Receives link state changes, on the opener's context. */
    public interface Listener {
        /** The link went up ({@code cause} null) or down ({@code cause} says why). Called on changes only. */
        void onStateChange(LinkState state, Throwable cause);

        /** A new attempt is scheduled {@code delayMillis} from now; {@code attempt} counts from 1. */
        default void onRetryScheduled(int attempt, long delayMillis, Throwable lastFailure) { }
    }

    /**
     * Exponential backoff: attempt {@code n} waits {@code min(max, initial * multiplier^(n-1))},
     * shortened by up to {@code jitter} (a fraction, 0..1) so that many lines restarting together
     * spread out. A link that stayed up at least {@code max} starts again from {@code initial}; one
     * that drops sooner keeps growing, so a peer that accepts and hangs up at once is not hammered.
     */
    public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.toMillis() < 1 || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 1 ms <= initial <= max, got " + initial + ".." + max);
            }
            if (multiplier < 1.0) throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
            if (jitter < 0.0 || jitter > 1.0) throw new IllegalArgumentException("backoff jitter must be in 0..1, got " + jitter);
        }

        /**
         * 100 ms doubling up to 5 s, with 20% jitter. A constant, not an option: a link that comes
         * back (a rebooted serial device server, a re-plugged USB adapter) is used again within 5 s,
         * before its PDs would be called offline (offlineAfterMs, 8 s by default), while a dead one
         * costs one attempt every 5 s; 100 ms first rides out a momentary drop at once.
         */
        public static Backoff defaults() {
            return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.2);
        }

        /**
         * The delay before attempt {@code attempt} (1-based), in milliseconds, at least 1.
         *
         * @param random a value in [0, 1) choosing where in the jitter range the delay falls
         */
        public long delayMillis(int attempt, double random) {
            double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
            double capped = Math.min(max.toMillis(), base);
            return Math.max(1L, Math.round(capped * (1.0 - jitter * random)));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OsdpReconnectingTransport.class);

    private final Vertx vertx;
    private final Supplier<? extends OsdpTransport> factory;
    private final Backoff backoff;
    private final Listener listener;
    private final DoubleSupplier random;
    private final LongSupplier nanoTime;
    private final String label;
    private final Promise<Void> firstUp = Promise.promise();
    private OsdpTransport next;
    private volatile OsdpTransport current;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile Context context;
    private LinkState reported;
    private int failures;
    private long upSinceNanos;
    private long timerId = -1;
    private volatile Consumer<byte[]> handler = bytes -> { };

    /**
     * @param factory makes a new, unopened transport for each attempt
     * @param listener told about UP/DOWN changes and scheduled retries
     */
    public OsdpReconnectingTransport(Vertx vertx, Supplier<? extends OsdpTransport> factory, Backoff backoff, Listener listener) {
        this(vertx, factory, backoff, listener, () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime);
    }

    OsdpReconnectingTransport(Vertx vertx, Supplier<? extends OsdpTransport> factory, Backoff backoff, Listener listener,
                              DoubleSupplier random, LongSupplier nanoTime) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = random;
        this.nanoTime = nanoTime;
        this.next = Objects.requireNonNull(factory.get(), "factory returned null");
        this.label = "reconnecting " + next.describe();
    }

    @Override
    public Future<Void> open() {
        synchronized (this) {
            if (started) return Future.failedFuture(new IllegalStateException(label + ": open() called twice"));
            if (closed) return Future.failedFuture(new IOException(label + ": closed"));
            started = true;
            context = vertx.getOrCreateContext();
        }
        context.runOnContext(v -> attempt());
        return firstUp.future();
    }

    /** Runs on the context. */
    private void attempt() {
        timerId = -1;
        if (closed) return;
        OsdpTransport t = next != null ? next : factory.get();
        next = null;
        t.handler(bytes -> {
            if (!closed) handler.accept(bytes);
        });
        t.closedHandler(cause -> onDrop(t, cause));
        t.open().onComplete(ar -> {
            if (closed) {
                t.close();
            } else if (ar.succeeded()) {
                current = t;
                upSinceNanos = nanoTime.getAsLong();
                log.info("event=link_up transport=\"{}\" after_failures={}", t.describe(), failures);
                report(LinkState.UP, null);
                firstUp.tryComplete();
            } else {
                failures++;
                log.debug("event=link_attempt_failed transport=\"{}\" attempt={} cause=\"{}\"", t.describe(), failures, ar.cause().getMessage());
                report(LinkState.DOWN, ar.cause());
                scheduleRetry(ar.cause());
            }
        });
    }

    /** Runs on the context, from the inner transport's closed handler. */
    private void onDrop(OsdpTransport t, Throwable cause) {
        if (closed || t != current) return;
        current = null;
        boolean stable = nanoTime.getAsLong() - upSinceNanos >= backoff.max().toNanos();
        failures = stable ? 1 : failures + 1;
        log.warn("event=link_down transport=\"{}\" cause=\"{}\"", t.describe(), cause.getMessage());
        report(LinkState.DOWN, cause);
        scheduleRetry(cause);
    }

    private void scheduleRetry(Throwable cause) {
        if (closed) return;
        long delay = backoff.delayMillis(failures, random.getAsDouble());
        listener.onRetryScheduled(failures, delay, cause);
        timerId = vertx.setTimer(delay, id -> attempt());
    }

    private void report(LinkState state, Throwable cause) {
        if (state == reported) return;
        reported = state;
        listener.onStateChange(state, cause);
    }

    @Override
    public Future<Void> write(byte[] bytes) {
        OsdpTransport t = current;
        if (t == null || !t.isOpen()) return onContext(Future.failedFuture(new IOException(label + ": connection closed")));
        return t.write(bytes);
    }

    @Override
    public void handler(Consumer<byte[]> received) {
        this.handler = Objects.requireNonNull(received, "received");
    }

    /** Never called: this transport reconnects instead of closing. Use the {@link Listener}. */
    @Override
    public void closedHandler(Consumer<Throwable> closed) {
        Objects.requireNonNull(closed, "closed");
    }

    /** Stops reconnecting and closes the current link. Fails a pending {@link #open()}. */
    @Override
    public Future<Void> close() {
        closed = true;
        if (!started) return next.close();
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (timerId >= 0) vertx.cancelTimer(timerId);
            firstUp.tryFail(new IOException(label + ": closed before the link came up"));
            OsdpTransport t = current;
            current = null;
            log.info("event=link_close transport=\"{}\"", label);
            (t != null ? t.close() : Future.<Void>succeededFuture()).onComplete(done);
        });
        return done.future();
    }

    @Override
    public boolean isOpen() {
        OsdpTransport t = current;
        return t != null && t.isOpen();
    }

    @Override
    public String describe() {
        return label;
    }

    private <T> Future<T> onContext(Future<T> f) {
        Context ctx = context;
        if (ctx == null) return f;
        Promise<T> promise = Promise.promise();
        f.onComplete(ar -> ctx.runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }
}
