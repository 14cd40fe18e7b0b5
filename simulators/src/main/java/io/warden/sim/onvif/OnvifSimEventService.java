package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.TEV;
import static io.warden.adapter.onvif.soap.OnvifNs.WSA;
import static io.warden.adapter.onvif.soap.OnvifNs.WSNT;
import static io.warden.sim.onvif.OnvifSimXml.el;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal event service (tev, onvif.md §5): pull-point subscriptions that never carry a message. PullMessages
 * long-polls and answers empty when its Timeout (capped at {@link #MAX_PULL}) runs out, never before. The
 * subscription is named by the {@code Idx} query of its address (or the wsa:To header). Subscriptions end at
 * their TerminationTime (config clock); at most {@link #MAX_SUBSCRIPTIONS} live at once.
 *
 * <p>Threading: event loop only.
 */
final class OnvifSimEventService {
    static final Duration MAX_PULL = Duration.ofSeconds(10);
    static final Duration DEFAULT_TERMINATION = Duration.ofSeconds(60);
    static final int MAX_SUBSCRIPTIONS = 8;
    static final String CAPABILITIES = "<tev:Capabilities WSSubscriptionPolicySupport=\"false\" WSPausableSubscriptionManagerInterfaceSupport=\"false\""
            + " MaxNotificationProducers=\"0\" MaxPullPoints=\"" + MAX_SUBSCRIPTIONS + "\" PersistentNotificationStorage=\"false\"/>";
    private static final Pattern IDX = Pattern.compile("(?:^|[?&])Idx=(\\d+)");

    private final OnvifCameraSimulator sim;
    /** subscription id → termination time. */
    private final Map<Integer, Instant> subscriptions = new HashMap<>();
    private final Set<Long> timers = new HashSet<>();
    private int nextId = 1;

    OnvifSimEventService(OnvifCameraSimulator sim) {
        this.sim = sim;
    }

    void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TEV, "CreatePullPointSubscription"), c -> Future.succeededFuture(create(c)));
        ops.put(OnvifSimCall.key(TEV, "PullMessages"), this::pull);
        ops.put(OnvifSimCall.key(WSNT, "Renew"), c -> Future.succeededFuture(renew(c)));
        ops.put(OnvifSimCall.key(WSNT, "Unsubscribe"), c -> {
            subscriptions.remove(subscription(c));
            return Future.succeededFuture("<wsnt:UnsubscribeResponse/>");
        });
        ops.put(OnvifSimCall.key(TEV, "GetServiceCapabilities"), c -> Future.succeededFuture(
                "<tev:GetServiceCapabilitiesResponse>" + CAPABILITIES + "</tev:GetServiceCapabilitiesResponse>"));
    }

    void close() {
        for (long id : timers) sim.vertx().cancelTimer(id);
        timers.clear();
        subscriptions.clear();
    }

    private String create(OnvifSimCall c) {
        Instant now = sim.config().clock().instant();
        expire(now);
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw OnvifSoapFault.receiver("Too many pull points (" + MAX_SUBSCRIPTIONS + ")", "Action", "ResourceProblem");
        }
        Instant termination = termination(c.text(TEV, "InitialTerminationTime"), now);
        int id = nextId++;
        subscriptions.put(id, termination);
        return "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference>"
                + el("wsa:Address", sim.xaddr("event_service/subscription") + "?Idx=" + id) + "</tev:SubscriptionReference>"
                + el("wsnt:CurrentTime", OnvifSimXml.time(now)) + el("wsnt:TerminationTime", OnvifSimXml.time(termination))
                + "</tev:CreatePullPointSubscriptionResponse>";
    }

    private Future<String> pull(OnvifSimCall c) {
        int id = subscription(c);
        Duration timeout = OnvifSimXml.parseDuration("Timeout", c.required(TEV, "Timeout"));
        String limit = c.required(TEV, "MessageLimit");
        try {
            Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw OnvifSoapFault.sender("MessageLimit is not an int", "InvalidArgVal");
        }
        if (timeout.compareTo(MAX_PULL) > 0) timeout = MAX_PULL;
        Instant keep = sim.config().clock().instant().plus(timeout);
        if (subscriptions.get(id).isBefore(keep)) subscriptions.put(id, keep);
        Promise<String> reply = Promise.promise();
        long[] timer = new long[1];
        timer[0] = sim.vertx().setTimer(Math.max(1, timeout.toMillis()), t -> {
            timers.remove(timer[0]);
            Instant now = sim.config().clock().instant();
            Instant termination = subscriptions.getOrDefault(id, now);
            reply.complete("<tev:PullMessagesResponse>" + el("tev:CurrentTime", OnvifSimXml.time(now))
                    + el("tev:TerminationTime", OnvifSimXml.time(termination)) + "</tev:PullMessagesResponse>");
        });
        timers.add(timer[0]);
        return reply.future();
    }

    private String renew(OnvifSimCall c) {
        int id = subscription(c);
        Instant now = sim.config().clock().instant();
        Instant termination = termination(c.text(WSNT, "TerminationTime"), now);
        subscriptions.put(id, termination);
        return "<wsnt:RenewResponse>" + el("wsnt:TerminationTime", OnvifSimXml.time(termination))
                + el("wsnt:CurrentTime", OnvifSimXml.time(now)) + "</wsnt:RenewResponse>";
    }

    /** The live subscription the call addresses, or a Sender fault (ResourceUnknown). */
    private int subscription(OnvifSimCall c) {
        String where = c.query();
        if (where == null || !IDX.matcher(where).find()) {
            String to = c.header() == null ? null : OnvifSimXml.childText(c.header(), WSA, "To");
            where = to == null ? "" : to.substring(Math.max(0, to.indexOf('?')));
        }
        Matcher m = IDX.matcher(where);
        Instant now = sim.config().clock().instant();
        expire(now);
        if (!m.find()) throw OnvifSoapFault.sender("ResourceUnknown: send this to the subscription address", "InvalidArgVal");
        int id;
        try {
            id = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (!subscriptions.containsKey(id)) throw OnvifSoapFault.sender("ResourceUnknown: no subscription " + id + " (ended or expired)", "InvalidArgVal");
        return id;
    }

    /** Absolute xs:dateTime or a relative xs:duration; default one minute. */
    private static Instant termination(String text, Instant now) {
        if (text == null || text.isEmpty()) return now.plus(DEFAULT_TERMINATION);
        if (text.startsWith("P") || text.startsWith("-P")) return now.plus(OnvifSimXml.parseDuration("TerminationTime", text));
        return OnvifSimXml.parseTime("TerminationTime", text);
    }

    private void expire(Instant now) {
        for (Iterator<Instant> it = subscriptions.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now)) it.remove();
        }
    }
}
