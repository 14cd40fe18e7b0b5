package io.warden.adapter.onvif.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pull-point subscription that does not die silently (onvif.md §5): CreatePullPointSubscription at
 * the events XAddr, a PullMessages loop at the subscription's own address (query and reference
 * parameters kept), Renew before the termination time, and after any failure (ResourceUnknown, a
 * device restart, a network blip) a new subscription with back-off. A message an earlier subscription
 * delivered is not handed on again (a re-delivery after a re-subscribe is dropped). Runs on the Vert.x
 * context it was started on; never blocks.
 *
 * <p>One request at a time per subscription: Renew happens between pulls, when what is left of the
 * granted time after the next pull would be under a third of it. The times the device granted are
 * taken from Create and Renew only (a device whose pulls extend the subscription is still renewed).
 *
 * <p>A subscription counts only once a PullMessages on it is answered: a device that takes every Create but fails
 * every pull (or whose Renew keeps failing before a pull succeeds) is lost after {@code lostAfter} like one that
 * refuses Create. A device that answers every pull empty while its events never come cannot be told from a quiet
 * one here; the owner's state re-read is what catches it.
 *
 * <p>After {@link #stop} nothing more is sent but its Unsubscribe; a Create still in flight then is not
 * unsubscribed (its answer is ignored and the device lets it expire at its termination time).
 */
public final class OnvifEventSubscription {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifEventSubscription.class);
    /** PullMessages' MessageLimit. */
    static final int MESSAGE_LIMIT = 100;
    /** How many message identities are remembered to drop re-deliveries (several Initialized bursts' worth); bounded. */
    static final int REMEMBERED = 4096;
    /** The longest Create (with the events XAddr look-up and a clock sync) or Renew. */
    private static final Duration REQUEST = Duration.ofSeconds(10);
    /** The shortest pull Timeout asked for, whatever the granted time. */
    private static final Duration MIN_PULL = Duration.ofSeconds(1);

    /** What the owner hears. Called on the subscription's context, in order. */
    public interface Listener {
        /** New messages, in the device's order, duplicates removed. */
        void messages(List<OnvifNotification> messages);

        /**
         * A subscription is (again) in place: created, and a PullMessages on it answered. After a re-subscribe ({@code first} false) the owner re-reads
         * the device's state, so a change made while unsubscribed is not lost.
         */
        void subscribed(boolean first);

        /**
         * No PullMessages has been answered for {@link Options#lostAfter} since the first failure, whatever Create
         * did (told when that time is up, or when the pull then in flight fails): the device's events are lost until
         * {@link #subscribed} is called again. {@code reason} names the last failure.
         */
        void lost(String reason);
    }

    /**
     * @param topics      the TopicExpression filter (ConcreteSet dialect), e.g. {@code tns1:Door//.|tns1:AccessControl//.}; null for all
     * @param termination the InitialTerminationTime asked for, and each Renew's extension
     * @param pullTimeout the PullMessages Timeout (long poll)
     * @param retryBase   the first re-subscribe delay; doubling up to {@code retryMax}
     * @param retryMax    the longest re-subscribe delay
     * @param lostAfter   how long after a failure pulls may go unanswered before {@link Listener#lost}
     */
    public record Options(String topics, Duration termination, Duration pullTimeout, Duration retryBase, Duration retryMax,
                          Duration lostAfter) {
        public static Options defaults(String topics) {
            return new Options(topics, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30),
                    Duration.ofSeconds(20));
        }
    }

    private final Vertx vertx;
    private final OnvifPullPoint pullPoint;
    private final Function<Instant, Future<URI>> eventsXaddr;
    private final Options options;
    private final Listener listener;
    private final String device;
    private final Clock clock;

    // all below: only on `context`
    private volatile Context context;
    private volatile boolean running;
    /** Bumped whenever the current subscription is dropped: late answers for an older one are ignored. */
    private int generation;
    private volatile OnvifPullPoint.Subscription current;
    /** The granted time of the last Create/Renew, and when (our clock) what is left of it gets too short. */
    private Duration granted;
    private Instant renewAt;
    private boolean everSubscribed;
    /** Whether {@link Listener#subscribed} was told for {@link #current} (after its first answered pull). */
    private boolean announced;
    /** The device refused the topic filter once: later subscriptions go without. */
    private boolean filterRefused;
    /** Counts the subscriptions created: {@link #seen} remembers which one delivered a message. */
    private int subscriptions;
    private int failures;
    private Instant failingSince;
    private String lastFailure = "";
    private boolean lostReported;
    private long retryTimer = -1;
    private long lostTimer = -1;
    private long pullTimer = -1;
    private final Map<String, Integer> seen = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param eventsXaddr where the device's event service is (looked up again before each subscribe: a
     *                    restarted device may move it); fails when the device has none
     */
    public OnvifEventSubscription(Vertx vertx, OnvifSoapClient soap, Function<Instant, Future<URI>> eventsXaddr, Options options,
                                  Listener listener) {
        this(vertx, soap, eventsXaddr, options, listener, false);
    }

    /** @param preserveAddress send to the subscription address with the configured scheme, host and port (NAT, docker) */
    public OnvifEventSubscription(Vertx vertx, OnvifSoapClient soap, Function<Instant, Future<URI>> eventsXaddr, Options options,
                                  Listener listener, boolean preserveAddress) {
        this.vertx = vertx;
        this.pullPoint = new OnvifPullPoint(vertx, soap, preserveAddress);
        this.eventsXaddr = eventsXaddr;
        this.options = options;
        this.listener = listener;
        this.device = soap.deviceService().getHost() + ":" + soap.deviceService().getPort();
        this.clock = soap.clock();
    }

    /** Subscribe and keep pulling until {@link #stop}. */
    public void start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            if (running) return;
            running = true;
            subscribe();
        });
    }

    /** Stop pulling and Unsubscribe (best effort, bounded by {@code deadline}). */
    public Future<Void> stop(Instant deadline) {
        if (context == null) return Future.succeededFuture();
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            running = false;
            generation++;
            cancelTimers();
            OnvifPullPoint.Subscription s = current;
            current = null;
            if (s == null || !clock.instant().isBefore(deadline)) {
                done.complete();
                return;
            }
            pullPoint.unsubscribe(s, deadline).onComplete(ar -> {
                if (ar.failed()) LOG.debug("event=onvif.unsubscribe_failed device={} reason=\"{}\"", device, ar.cause().getMessage());
                done.complete();
            });
        });
        return done.future();
    }

    /** Whether a subscription is in place now. */
    public boolean active() {
        return running && current != null;
    }

    private void subscribe() {
        retryTimer = -1;
        if (!running) return;
        int gen = ++generation;
        Instant sent = clock.instant();
        Instant deadline = sent.plus(REQUEST);
        String topics = filterRefused ? null : options.topics();
        Future<OnvifPullPoint.Subscription> created;
        try {
            // stopped while the events XAddr was looked up: no Create (nobody would unsubscribe it)
            created = eventsXaddr.apply(deadline).compose(x -> running ? pullPoint.subscribe(x, topics, options.termination(), deadline)
                    : Future.failedFuture("stopped"));
        } catch (RuntimeException e) {
            created = Future.failedFuture(e);
        }
        created.onComplete(ar -> {
            if (gen != generation || !running) return; // stopped meanwhile: the device lets it expire
            if (ar.failed()) {
                failed("CreatePullPointSubscription", ar.cause(), null);
                return;
            }
            OnvifPullPoint.Subscription s = ar.result();
            if (topics != null && !s.filtered()) filterRefused = true;
            current = s;
            subscriptions++;
            announced = false;
            grant(s.ref().times(), sent); // from the sending: the device's clock started before its answer came
            LOG.info("event=onvif.subscription_created device={} address={} grantedMs={}", device, s.ref().address(), granted.toMillis());
            pull();
        });
    }

    /** Remember the time the device granted (its TerminationTime minus its CurrentTime), measured from {@code now}. */
    private void grant(OnvifEventParsers.Times t, Instant now) {
        Duration g = options.termination();
        if (t != null && t.termination() != null && t.current() != null && t.termination().isAfter(t.current())) {
            g = Duration.between(t.current(), t.termination());
        }
        granted = g;
        renewAt = now.plus(g).minus(g.dividedBy(3));
    }

    /** The next pull, or a Renew first when the pull would end too close to the termination time. */
    private void pull() {
        pullTimer = -1;
        if (!running || current == null) return;
        int gen = generation;
        OnvifPullPoint.Subscription s = current;
        Duration timeout = pullTimeout();
        if (!clock.instant().plus(timeout).isBefore(renewAt)) {
            Instant sent = clock.instant();
            pullPoint.renew(s, options.termination(), sent.plus(REQUEST)).onComplete(ar -> {
                if (gen != generation || !running) return;
                if (ar.failed()) {
                    failed("Renew", ar.cause(), s);
                    return;
                }
                grant(ar.result(), sent);
                LOG.debug("event=onvif.renewed device={} grantedMs={}", device, granted.toMillis());
                pull();
            });
            return;
        }
        Instant sent = clock.instant();
        pullPoint.pull(s, timeout, MESSAGE_LIMIT, sent.plus(timeout).plus(OnvifPullPoint.PULL_GRACE)).onComplete(ar -> {
            if (gen != generation || !running) return;
            if (ar.failed()) {
                failed("PullMessages", ar.cause(), s);
                return;
            }
            failures = 0;
            failingSince = null;
            cancelLostTimer();
            if (!announced) announce();
            if (!running || gen != generation) return;
            deliver(ar.result().messages());
            if (!running || gen != generation) return;
            Duration took = Duration.between(sent, clock.instant());
            if (ar.result().messages().isEmpty() && took.compareTo(timeout.dividedBy(2)) < 0) {
                // a device that answers empty at once (ignoring Timeout) is not polled in a tight loop
                pullTimer = vertx.setTimer(Math.max(100, timeout.dividedBy(2).toMillis()), t -> pull());
            } else {
                pull();
            }
        });
    }

    /** The first answered pull on a subscription: it is in place (again). */
    private void announce() {
        announced = true;
        boolean first = !everSubscribed;
        everSubscribed = true;
        lostReported = false;
        LOG.info("event=onvif.subscribed device={} first={} address={}", device, first, current.ref().address());
        tell(() -> listener.subscribed(first));
    }

    /** The pull Timeout: the configured one, shortened when the device grants little time (at least 1 s). */
    private Duration pullTimeout() {
        Duration t = min(options.pullTimeout(), granted.dividedBy(3));
        return t.compareTo(MIN_PULL) < 0 ? min(options.pullTimeout(), MIN_PULL) : t;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void deliver(List<OnvifNotification> messages) {
        List<OnvifNotification> fresh = new ArrayList<>(messages.size());
        for (OnvifNotification m : messages) {
            Integer on = seen.putIfAbsent(identity(m), subscriptions);
            if (on == null || on == subscriptions) fresh.add(m);
        }
        if (fresh.size() < messages.size()) {
            LOG.debug("event=onvif.events_duplicate device={} dropped={}", device, messages.size() - fresh.size());
        }
        if (!fresh.isEmpty()) tell(() -> listener.messages(List.copyOf(fresh)));
    }

    /**
     * What makes a message the same message: topic, source, data, UtcTime and operation. Only a message an earlier
     * subscription delivered is a re-delivery: one pull point hands out each message once, and many devices write
     * UtcTime in whole seconds, so the same identity twice on one subscription is two events (a card read twice in a
     * second, a door mode there and back). Across a re-subscribe the same identity is dropped: a second equal event
     * in the very second of a re-subscribe is the price (property states are re-read by the owner anyway).
     */
    static String identity(OnvifNotification m) {
        return m.topic() + '\u0001' + m.source() + '\u0001' + m.data() + '\u0001' + m.utcTime() + '\u0001' + m.operation();
    }

    /**
     * Drop the subscription and try again after the back-off; report lost once when failing lasts
     * {@code lostAfter}. {@code dropped}: the subscription the failure happened on, if any.
     */
    private void failed(String what, Throwable cause, OnvifPullPoint.Subscription dropped) {
        generation++;
        current = null;
        lastFailure = what + ": " + cause.getMessage();
        failures++;
        Instant now = clock.instant();
        if (failingSince == null) failingSince = now;
        long delay = backoff(failures).toMillis();
        LOG.info("event=onvif.subscription_failed device={} failures={} retryInMs={} reason=\"{}\"", device, failures, delay, lastFailure);
        if (dropped != null && stillThere(cause)) {
            // the device answered, so the old subscription may live on: free its pull point (devices have few)
            pullPoint.unsubscribe(dropped, now.plus(OnvifPullPoint.REQUEST_TIMEOUT)).onFailure(t -> { });
        }
        if (!lostReported && lostTimer < 0) {
            long left = Duration.between(now, failingSince.plus(options.lostAfter())).toMillis();
            if (left <= 0) reportLost();
            else lostTimer = vertx.setTimer(left, t -> {
                lostTimer = -1;
                reportLost();
            });
        }
        retryTimer = vertx.setTimer(Math.max(1, delay), t -> subscribe());
    }

    private static boolean stillThere(Throwable cause) {
        ErrorCode c = WardenException.codeOf(cause);
        String m = String.valueOf(cause.getMessage());
        return (c == ErrorCode.DEVICE_REJECTED || c == ErrorCode.PROTOCOL_ERROR || c == ErrorCode.UNSUPPORTED)
                && !m.contains("ResourceUnknown");
    }

    private Duration backoff(int n) {
        Duration d = options.retryBase();
        for (int i = 1; i < n && d.compareTo(options.retryMax()) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(options.retryMax()) > 0 ? options.retryMax() : d;
    }

    private void reportLost() {
        // a pull in flight on a new subscription gets its answer first: when it fails, failed() reports at once
        if (!running || failingSince == null || current != null || lostReported) return;
        lostReported = true;
        LOG.warn("event=onvif.events_lost device={} forMs={} reason=\"{}\"", device, options.lostAfter().toMillis(), lastFailure);
        String reason = lastFailure;
        tell(() -> listener.lost(reason));
    }

    private void cancelLostTimer() {
        if (lostTimer >= 0) vertx.cancelTimer(lostTimer);
        lostTimer = -1;
    }

    private void cancelTimers() {
        cancelLostTimer();
        if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
        if (pullTimer >= 0) vertx.cancelTimer(pullTimer);
        retryTimer = -1;
        pullTimer = -1;
    }

    /** The owner's code must not break the loop. */
    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("event=onvif.event_listener_failed device={} error=\"{}\"", device, e.toString());
        }
    }
}
