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
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps a link up: opens a fresh transport from a factory, and after a failed open or a drop opens
 * another one after an exponential {@link Backoff}, until {@link #close()}. Transports are
 * single-use, hence the factory rather than one instance.
 *
 * <p>State changes go through the {@link OsdpTransport} contract, like any link's: the
 * {@link #closedHandler} with the cause when the link drops or the first open fails (on every change
 * to down, not at most once), the {@link #restoredHandler} when it is back. The CP bus fails its
 * pending request with "connection closed" on a drop and marks its PDs offline. While the link is down,
 * {@link #write} fails fast with "connection closed"; bytes are never buffered across a reconnect,
 * since stale commands must not reach a PD later.
 *
 * <p><b>Threading.</b> Attempts, timers and every callback (bytes, handlers, futures) run on the
 * context of the {@link #open()} caller. Nothing blocks or sleeps; retries use
 * {@link Vertx#setTimer}.
 *
 * <p>{@link #open()} completes when the link is first up and fails only if {@link #close()} comes
 * first; a caller that must not wait for a PD that is switched off should rely on the handlers.
 */
public final class OsdpReconnectingTransport extends OsdpTransportBase {

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

    private final Supplier<? extends OsdpTransport> factory;
    private final Backoff backoff;
    private final LongConsumer retryScheduled;
    private final DoubleSupplier random;
    private final LongSupplier nanoTime;
    private final Promise<Void> firstUp = Promise.promise();
    private OsdpTransport next;
    private volatile OsdpTransport current;
    /** Last state reported through the handlers: null before the first, then true (up) or false (down). */
    private Boolean reportedUp;
    private int failures;
    private long upSinceNanos;
    private long timerId = -1;
    private volatile Runnable restoredHandler = () -> { };

    /** @param factory makes a new, unopened transport for each attempt */
    public OsdpReconnectingTransport(Vertx vertx, Supplier<? extends OsdpTransport> factory, Backoff backoff) {
        this(vertx, factory, backoff, delay -> { }, () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime);
    }

    /** @param retryScheduled told the delay in milliseconds of each retry as it is scheduled (tests) */
    OsdpReconnectingTransport(Vertx vertx, Supplier<? extends OsdpTransport> factory, Backoff backoff, LongConsumer retryScheduled,
                              DoubleSupplier random, LongSupplier nanoTime) {
        this(vertx, factory, Objects.requireNonNull(factory.get(), "factory returned null"), backoff, retryScheduled, random, nanoTime);
    }

    private OsdpReconnectingTransport(Vertx vertx, Supplier<? extends OsdpTransport> factory, OsdpTransport first, Backoff backoff,
                                      LongConsumer retryScheduled, DoubleSupplier random, LongSupplier nanoTime) {
        super(vertx, "reconnecting " + first.describe());
        this.factory = factory;
        this.next = first;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.retryScheduled = Objects.requireNonNull(retryScheduled, "retryScheduled");
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /** Completes when the link is first up; fails only if {@link #close()} comes first. */
    @Override
    protected Future<Void> connect(Context ctx) {
        ctx.runOnContext(v -> attempt());
        return firstUp.future();
    }

    /** Runs on the context. */
    private void attempt() {
        timerId = -1;
        if (isClosed()) return;
        OsdpTransport t = next != null ? next : factory.get();
        next = null;
        t.handler(bytes -> {
            if (!isClosed()) deliver(bytes);
        });
        t.closedHandler(cause -> onDrop(t, cause));
        t.open().onComplete(ar -> {
            if (isClosed()) {
                t.close();
            } else if (ar.succeeded()) {
                current = t;
                upSinceNanos = nanoTime.getAsLong();
                log.info("event=link_up transport=\"{}\" after_failures={}", t.describe(), failures);
                report(true, null);
                firstUp.tryComplete();
            } else {
                failures++;
                log.debug("event=link_attempt_failed transport=\"{}\" attempt={} cause=\"{}\"", t.describe(), failures, ar.cause().getMessage());
                report(false, ar.cause());
                scheduleRetry();
            }
        });
    }

    /** Runs on the context, from the inner transport's closed handler. */
    private void onDrop(OsdpTransport t, Throwable cause) {
        if (isClosed() || t != current) return;
        current = null;
        boolean stable = nanoTime.getAsLong() - upSinceNanos >= backoff.max().toNanos();
        failures = stable ? 1 : failures + 1;
        log.warn("event=link_down transport=\"{}\" cause=\"{}\"", t.describe(), cause.getMessage());
        report(false, cause);
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (isClosed()) return;
        long delay = backoff.delayMillis(failures, random.getAsDouble());
        retryScheduled.accept(delay);
        timerId = vertx.setTimer(delay, id -> attempt());
    }

    /** Changes only: a failed retry while down reports nothing new. */
    private void report(boolean up, Throwable cause) {
        if (reportedUp != null && reportedUp == up) return;
        boolean wasDown = Boolean.FALSE.equals(reportedUp);
        reportedUp = up;
        if (!up) notifyClosed(cause);
        else if (wasDown) restoredHandler.run();
    }

    @Override
    protected Future<Void> send(byte[] bytes) {
        OsdpTransport t = current;
        if (t == null || !t.isOpen()) return onContext(Future.failedFuture(new IOException(label + ": connection closed")));
        return t.write(bytes);
    }

    /** Called when the link is up again after a change to down (the closed handler is told each drop). */
    @Override
    public void restoredHandler(Runnable restored) {
        this.restoredHandler = Objects.requireNonNull(restored, "restored");
    }

    /** Stops reconnecting and closes the current link; fails a pending {@link #open()}. */
    @Override
    protected Future<Void> disconnect() {
        Promise<Void> done = Promise.promise();
        context().runOnContext(v -> {
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
        return super.isOpen() && t != null && t.isOpen();
    }
}
