package io.warden.adapter.onvif.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.soap.OnvifAddress;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifSoapClient;
import io.warden.adapter.onvif.soap.OnvifWsSecurity;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull-point operations (onvif.md §5, §7): CreatePullPointSubscription at the events XAddr; PullMessages,
 * Renew and Unsubscribe at the subscription's own address (query kept) with the WS-Addressing headers
 * (Action, To, every reference parameter verbatim). Non-blocking; replies are read off the event loop.
 */
public final class OnvifPullPoint {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifPullPoint.class);
    static final String CREATE_ACTION = OnvifNs.TEV + "/EventPortType/CreatePullPointSubscriptionRequest";
    static final String PULL_ACTION = OnvifNs.TEV + "/PullPointSubscription/PullMessagesRequest";
    static final String RENEW_ACTION = "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest";
    static final String UNSUBSCRIBE_ACTION = "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest";
    static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    /** How long a pull's answer may take beyond its Timeout before it counts as lost. */
    static final Duration PULL_GRACE = Duration.ofSeconds(5);
    /** The longest Renew or Unsubscribe exchange (the caller's deadline may cut it shorter). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * A live subscription.
     *
     * @param target   where its requests are POSTed (the Address, rewritten when preserving the configured address)
     * @param ref      the device's reference: its Address is the wsa:To, its parameters go along as headers
     * @param filtered whether the topic filter was accepted (false: the device refused it and sends every topic)
     */
    public record Subscription(URI target, OnvifEventParsers.Reference ref, boolean filtered) {}

    private final Vertx vertx;
    private final OnvifSoapClient soap;
    private final boolean preserveAddress;

    public OnvifPullPoint(Vertx vertx, OnvifSoapClient soap, boolean preserveAddress) {
        this.vertx = vertx;
        this.soap = soap;
        this.preserveAddress = preserveAddress;
    }

    /**
     * CreatePullPointSubscription with the ConcreteSet {@code topics} filter (none when null) and
     * {@code termination} as a relative InitialTerminationTime. A device that answers the filter with a fault is
     * asked again without one (onvif.md: a camera that faults on the filter gets every topic).
     */
    public Future<Subscription> subscribe(URI eventsXaddr, String topics, Duration termination, Instant deadline) {
        Future<Subscription> first = create(eventsXaddr, topics, termination, deadline);
        if (topics == null) return first;
        return first.recover(t -> {
            ErrorCode c = WardenException.codeOf(t);
            if (c != ErrorCode.DEVICE_REJECTED && c != ErrorCode.UNSUPPORTED) return Future.failedFuture(t);
            LOG.info("event=onvif.event_filter_refused device={} filter=\"{}\" reason=\"{}\"; subscribing to every topic",
                    eventsXaddr.getHost(), topics, t.getMessage());
            return create(eventsXaddr, null, termination, deadline);
        });
    }

    private Future<Subscription> create(URI eventsXaddr, String topics, Duration termination, Instant deadline) {
        String filter = topics == null ? "" : "<tev:Filter><wsnt:TopicExpression Dialect=\"" + CONCRETE_SET + "\">"
                + OnvifWsSecurity.escape(topics) + "</wsnt:TopicExpression></tev:Filter>";
        String body = "<tev:CreatePullPointSubscription xmlns:tev=\"" + OnvifNs.TEV + "\" xmlns:wsnt=\"" + OnvifNs.WSNT
                + "\" xmlns:tns1=\"" + OnvifNs.TNS1 + "\">" + filter
                + "<tev:InitialTerminationTime>" + duration(termination) + "</tev:InitialTerminationTime></tev:CreatePullPointSubscription>";
        return soap.call(eventsXaddr, CREATE_ACTION, body, deadline).map(resp -> {
            OnvifEventParsers.Reference ref = OnvifEventParsers.subscription(resp);
            URI u = ref.uri(eventsXaddr);
            URI target = preserveAddress ? OnvifAddress.rewrite(u, soap.deviceService()) : u;
            return new Subscription(target, ref, topics != null);
        });
    }

    /**
     * PullMessages: waits up to {@code timeout} on the device for messages; the HTTP exchange may take
     * {@link #PULL_GRACE} longer, and never beyond {@code deadline}.
     */
    public Future<OnvifEventParsers.Pulled> pull(Subscription s, Duration timeout, int messageLimit, Instant deadline) {
        String body = "<tev:PullMessages xmlns:tev=\"" + OnvifNs.TEV + "\"><tev:Timeout>" + duration(timeout) + "</tev:Timeout>"
                + "<tev:MessageLimit>" + messageLimit + "</tev:MessageLimit></tev:PullMessages>";
        return soap.call(s.target(), PULL_ACTION, body, headers(s, PULL_ACTION), timeout.plus(PULL_GRACE), deadline)
                .compose(resp -> vertx.executeBlocking(() -> OnvifEventParsers.pullMessages(resp), false));
    }

    /** Renew by {@code termination} (relative); the device's answer times. */
    public Future<OnvifEventParsers.Times> renew(Subscription s, Duration termination, Instant deadline) {
        String body = "<wsnt:Renew xmlns:wsnt=\"" + OnvifNs.WSNT + "\"><wsnt:TerminationTime>" + duration(termination)
                + "</wsnt:TerminationTime></wsnt:Renew>";
        return soap.call(s.target(), RENEW_ACTION, body, headers(s, RENEW_ACTION), REQUEST_TIMEOUT, deadline)
                .map(OnvifEventParsers::renewed);
    }

    public Future<Void> unsubscribe(Subscription s, Instant deadline) {
        String body = "<wsnt:Unsubscribe xmlns:wsnt=\"" + OnvifNs.WSNT + "\"/>";
        return soap.call(s.target(), UNSUBSCRIBE_ACTION, body, headers(s, UNSUBSCRIBE_ACTION), REQUEST_TIMEOUT, deadline)
                .mapEmpty();
    }

    /** wsa:Action, wsa:To (the address as the device wrote it) and the reference parameters. */
    static String headers(Subscription s, String action) {
        StringBuilder b = new StringBuilder()
                .append("<wsa:Action xmlns:wsa=\"").append(OnvifNs.WSA).append("\">").append(action).append("</wsa:Action>")
                .append("<wsa:To xmlns:wsa=\"").append(OnvifNs.WSA).append("\">").append(OnvifWsSecurity.escape(s.ref().address()))
                .append("</wsa:To>");
        s.ref().referenceParameters().forEach(b::append);
        return b.toString();
    }

    /** An xs:duration, whole milliseconds ({@code PT1.5S}); at least 1 ms. */
    static String duration(Duration d) {
        return (d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).toString();
    }
}
