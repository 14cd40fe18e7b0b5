package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.TEV;
import static io.warden.adapter.onvif.soap.OnvifNs.TNS1;
import static io.warden.adapter.onvif.soap.OnvifNs.WSA;
import static io.warden.adapter.onvif.soap.OnvifNs.WSNT;
import static io.warden.sim.onvif.OnvifSimXml.el;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * The event service (tev, onvif.md §5) of a simulated device: pull-point subscriptions, each with its own bounded
 * queue and topic filter. On subscribe the device queues one {@code Initialized} message per current property
 * state (the owner's {@code properties}); afterwards every {@link #publish published} message that passes the
 * filter. PullMessages answers at once when messages are queued, as soon as one arrives, or empty when its Timeout
 * (capped at {@link #MAX_PULL}) runs out, never before; a second PullMessages while one waits is refused. A
 * subscription is named by the {@code Idx} query of its address (or the wsa:To header), ends at its
 * TerminationTime (device clock) or on Unsubscribe; at most {@link #MAX_SUBSCRIPTIONS} live at once. An unknown or
 * ended one answers wsrf-rw:ResourceUnknownFault. {@link #reset} forgets them all (a reboot).
 *
 * <p>Threading: the device's context; {@link #publish} may be called from any thread.
 */
public final class OnvifSimEventService {
    public static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    static final Duration MAX_PULL = Duration.ofSeconds(10);
    static final Duration DEFAULT_TERMINATION = Duration.ofSeconds(60);
    static final int MAX_SUBSCRIPTIONS = 8;
    /**
     * A subscription nobody pulls keeps this many messages (room for the Initialized burst of 64 doors); older ones
     * are dropped, as a device's buffer overflows.
     */
    static final int QUEUE_LIMIT = 1024;
    public static final String CAPABILITIES = "<tev:Capabilities WSSubscriptionPolicySupport=\"false\" WSPausableSubscriptionManagerInterfaceSupport=\"false\""
            + " MaxNotificationProducers=\"0\" MaxPullPoints=\"" + MAX_SUBSCRIPTIONS + "\" PersistentNotificationStorage=\"false\"/>";
    private static final Pattern IDX = Pattern.compile("(?:^|[?&])Idx=(\\d+)");

    private static final class Subscription {
        Instant termination;
        final Predicate<String> filter;
        final ArrayDeque<OnvifSimNotification> queue = new ArrayDeque<>();
        Promise<String> waiting;
        long timer;
        int limit;

        Subscription(Instant termination, Predicate<String> filter) {
            this.termination = termination;
            this.filter = filter;
        }
    }

    private final OnvifSimDevice sim;
    private final Supplier<List<OnvifSimNotification>> properties;
    private final Map<Integer, Subscription> subscriptions = new LinkedHashMap<>();
    private int nextId = 1;

    /**
     * @param properties the device's property states now (one message per instance and topic), queued as
     *                   {@code Initialized} for each new subscription; called on the device's context
     */
    public OnvifSimEventService(OnvifSimDevice sim, Supplier<List<OnvifSimNotification>> properties) {
        this.sim = sim;
        this.properties = properties;
    }

    public void register(Map<String, OnvifSimCall.Operation> ops) {
        ops.put(OnvifSimCall.key(TEV, "CreatePullPointSubscription"), c -> Future.succeededFuture(create(c)));
        ops.put(OnvifSimCall.key(TEV, "PullMessages"), this::pull);
        ops.put(OnvifSimCall.key(WSNT, "Renew"), c -> Future.succeededFuture(renew(c)));
        ops.put(OnvifSimCall.key(WSNT, "Unsubscribe"), c -> {
            end(subscriptions.remove(subscription(c)), "unsubscribed");
            return Future.succeededFuture("<wsnt:UnsubscribeResponse/>");
        });
        ops.put(OnvifSimCall.key(TEV, "GetServiceCapabilities"), c -> Future.succeededFuture(
                "<tev:GetServiceCapabilitiesResponse>" + CAPABILITIES + "</tev:GetServiceCapabilitiesResponse>"));
    }

    /** Queues {@code n} for every live subscription whose filter takes its topic; a waiting pull answers at once. */
    public void publish(OnvifSimNotification n) {
        Context ctx = sim.context();
        if (ctx != null && io.vertx.core.Vertx.currentContext() != ctx) {
            ctx.runOnContext(v -> publish(n));
            return;
        }
        expire(sim.deviceNow());
        for (Subscription s : subscriptions.values()) offer(s, n);
    }

    /** Every subscription vanishes (a reboot): queued messages are lost, a waiting pull hears ResourceUnknown. */
    public void reset() {
        List<Subscription> all = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        for (Subscription s : all) end(s, "the device restarted");
    }

    /** Live subscriptions (for tests). */
    public int subscriptions() {
        expire(sim.deviceNow());
        return subscriptions.size();
    }

    private void offer(Subscription s, OnvifSimNotification n) {
        if (!s.filter.test(n.topic())) return;
        if (s.queue.size() >= QUEUE_LIMIT) s.queue.removeFirst();
        s.queue.addLast(n);
        if (s.waiting != null) {
            sim.vertx().cancelTimer(s.timer);
            answer(s);
        }
    }

    private void end(Subscription s, String why) {
        if (s == null || s.waiting == null) return;
        sim.vertx().cancelTimer(s.timer);
        Promise<String> p = s.waiting;
        s.waiting = null;
        p.tryFail(OnvifSoapFault.resourceUnknown("ResourceUnknown: the subscription ended (" + why + ")", sim.deviceNow()));
    }

    private String create(OnvifSimCall c) {
        Instant now = sim.deviceNow();
        expire(now);
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw OnvifSoapFault.receiver("Too many pull points (" + MAX_SUBSCRIPTIONS + ")", "Action", "ResourceProblem");
        }
        Instant termination = termination(c.text(TEV, "InitialTerminationTime"), now);
        Subscription s = new Subscription(termination, filter(OnvifSimXml.child(c.request(), TEV, "Filter")));
        int id = nextId++;
        subscriptions.put(id, s);
        for (OnvifSimNotification p : properties.get()) offer(s, p.as("Initialized", now));
        return "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference>"
                + el("wsa:Address", sim.xaddr("event_service/subscription") + "?Idx=" + id) + "</tev:SubscriptionReference>"
                + el("wsnt:CurrentTime", OnvifSimXml.time(now)) + el("wsnt:TerminationTime", OnvifSimXml.time(termination))
                + "</tev:CreatePullPointSubscriptionResponse>";
    }

    private Future<String> pull(OnvifSimCall c) {
        int id = subscription(c);
        Subscription s = subscriptions.get(id);
        Duration timeout = OnvifSimXml.parseDuration("Timeout", c.required(TEV, "Timeout"));
        int limit;
        try {
            limit = Integer.parseInt(c.required(TEV, "MessageLimit"));
        } catch (NumberFormatException e) {
            throw OnvifSoapFault.sender("MessageLimit is not an int", "InvalidArgVal");
        }
        if (limit < 1) throw OnvifSoapFault.sender("MessageLimit must be at least 1", "InvalidArgVal");
        if (s.waiting != null) {
            throw OnvifSoapFault.receiver("A PullMessages is already waiting on subscription " + id, "Action", "UnableToGetMessages");
        }
        if (timeout.compareTo(MAX_PULL) > 0) timeout = MAX_PULL;
        Instant keep = sim.deviceNow().plus(timeout);
        if (s.termination.isBefore(keep)) s.termination = keep;
        Promise<String> reply = Promise.promise();
        s.waiting = reply;
        s.limit = limit;
        if (!s.queue.isEmpty()) {
            answer(s);
        } else {
            s.timer = sim.vertx().setTimer(Math.max(1, timeout.toMillis()), t -> {
                if (s.waiting == reply) answer(s);
            });
        }
        return reply.future();
    }

    /** Completes the waiting pull with up to its limit of queued messages. */
    private void answer(Subscription s) {
        Promise<String> p = s.waiting;
        s.waiting = null;
        Instant now = sim.deviceNow();
        StringBuilder sb = new StringBuilder("<tev:PullMessagesResponse>").append(el("tev:CurrentTime", OnvifSimXml.time(now)))
                .append(el("tev:TerminationTime", OnvifSimXml.time(s.termination)));
        for (int i = 0; i < s.limit && !s.queue.isEmpty(); i++) sb.append(s.queue.removeFirst().toXml());
        p.tryComplete(sb.append("</tev:PullMessagesResponse>").toString());
    }

    private String renew(OnvifSimCall c) {
        Subscription s = subscriptions.get(subscription(c));
        Instant now = sim.deviceNow();
        Instant termination = termination(c.text(WSNT, "TerminationTime"), now);
        s.termination = termination;
        return "<wsnt:RenewResponse>" + el("wsnt:TerminationTime", OnvifSimXml.time(termination))
                + el("wsnt:CurrentTime", OnvifSimXml.time(now)) + "</wsnt:RenewResponse>";
    }

    /** The live subscription the call addresses, or wsrf-rw:ResourceUnknownFault. */
    private int subscription(OnvifSimCall c) {
        String where = c.query();
        if (where == null || !IDX.matcher(where).find()) {
            String to = c.header() == null ? null : OnvifSimXml.childText(c.header(), WSA, "To");
            where = to == null ? "" : to.substring(Math.max(0, to.indexOf('?')));
        }
        Matcher m = IDX.matcher(where);
        Instant now = sim.deviceNow();
        expire(now);
        if (!m.find()) throw OnvifSoapFault.resourceUnknown("ResourceUnknown: send this to the subscription address", now);
        int id;
        try {
            id = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (!subscriptions.containsKey(id)) {
            throw OnvifSoapFault.resourceUnknown("ResourceUnknown: no subscription " + id + " (ended, expired or lost in a restart)", now);
        }
        return id;
    }

    /**
     * The ConcreteSet topic expression as a predicate on topic paths: alternatives joined by {@code |}, each a topic
     * ({@code tns1:VideoSource/MotionAlarm}) or a subtree ({@code tns1:Door//.}). No filter, or an expression this
     * device does not understand, passes everything (some devices do the same).
     */
    static Predicate<String> filter(Element filter) {
        Element expr = filter == null ? null : OnvifSimXml.child(filter, WSNT, "TopicExpression");
        if (expr == null || expr.getTextContent().isBlank()) return t -> true;
        List<Predicate<String>> any = new ArrayList<>();
        for (String alt : expr.getTextContent().strip().split("\\|")) {
            String a = alt.strip();
            int colon = a.indexOf(':');
            String prefix = colon < 0 ? null : a.substring(0, colon);
            String ns = expr.lookupNamespaceURI(prefix);
            if (ns == null && "tns1".equals(prefix)) ns = TNS1;
            if (ns == null || colon < 0) return t -> true;
            String path = a.substring(colon + 1);
            boolean subtree = path.endsWith("//.");
            if (subtree) path = path.substring(0, path.length() - 3);
            if (path.isEmpty() || path.contains("*") || path.contains("//") || path.contains(".")) return t -> true;
            if (!TNS1.equals(ns)) continue; // a vendor topic set: this device publishes nothing there
            String p = path;
            any.add(subtree ? t -> t.equals(p) || t.startsWith(p + "/") : t -> t.equals(p));
        }
        return t -> any.stream().anyMatch(p -> p.test(t));
    }

    /** Absolute xs:dateTime or a relative xs:duration; default one minute. */
    private static Instant termination(String text, Instant now) {
        if (text == null || text.isEmpty()) return now.plus(DEFAULT_TERMINATION);
        if (text.startsWith("P") || text.startsWith("-P")) return now.plus(OnvifSimXml.parseDuration("TerminationTime", text));
        return OnvifSimXml.parseTime("TerminationTime", text);
    }

    private void expire(Instant now) {
        for (Iterator<Subscription> it = subscriptions.values().iterator(); it.hasNext(); ) {
            Subscription s = it.next();
            if (s.termination.isBefore(now) && s.waiting == null) it.remove();
        }
    }
}
