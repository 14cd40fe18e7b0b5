package io.warden.adapter.onvif.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A pull-point subscription that does not die silently (onvif.md §5): CreatePullPointSubscription at
 * the events XAddr, a PullMessages loop at the subscription's own address (query and reference
 * parameters kept), Renew before the termination time, and after any failure (ResourceUnknown, a
 * device restart, a network blip) a new subscription with back-off. A message seen once is never
 * handed on twice (a re-delivery after a re-subscribe is dropped). Runs on the Vert.x context it was
 * started on; never blocks.
 */
public final class OnvifEventSubscription {

    /** What the owner hears. Called on the subscription's context, in order. */
    public interface Listener {
        /** New messages, in the device's order, duplicates removed. */
        void messages(List<OnvifNotification> messages);

        /**
         * A subscription is (again) in place. After a re-subscribe ({@code first} false) the owner re-reads
         * the device's state, so a change made while unsubscribed is not lost.
         */
        void subscribed(boolean first);

        /**
         * No subscription could be (re-)established for {@link Options#lostAfter}: the device's events are
         * lost until {@link #subscribed} is called again. {@code reason} names the last failure.
         */
        void lost(String reason);
    }

    /**
     * @param topics      the TopicExpression filter (ConcreteSet dialect), e.g. {@code tns1:Door//.|tns1:AccessControl//.}; null for all
     * @param termination the InitialTerminationTime asked for, and each Renew's extension
     * @param pullTimeout the PullMessages Timeout (long poll)
     * @param retryBase   the first re-subscribe delay; doubling up to {@code retryMax}
     * @param retryMax    the longest re-subscribe delay
     * @param lostAfter   how long re-subscribing may fail before {@link Listener#lost}
     */
    public record Options(String topics, Duration termination, Duration pullTimeout, Duration retryBase, Duration retryMax,
                          Duration lostAfter) {
        public static Options defaults(String topics) {
            return new Options(topics, Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30),
                    Duration.ofSeconds(20));
        }
    }

    /**
     * @param eventsXaddr where the device's event service is (looked up again before each subscribe: a
     *                    restarted device may move it); fails when the device has none
     */
    public OnvifEventSubscription(Vertx vertx, OnvifSoapClient soap, Function<Instant, Future<URI>> eventsXaddr, Options options,
                                  Listener listener) {
        throw new UnsupportedOperationException("TODO h/events");
    }

    /** Subscribe and keep pulling until {@link #stop}. */
    public void start() {
        throw new UnsupportedOperationException("TODO h/events");
    }

    /** Stop pulling and Unsubscribe (best effort, bounded by {@code deadline}). */
    public Future<Void> stop(Instant deadline) {
        throw new UnsupportedOperationException("TODO h/events");
    }

    /** Whether a subscription is in place now. */
    public boolean active() {
        throw new UnsupportedOperationException("TODO h/events");
    }
}
