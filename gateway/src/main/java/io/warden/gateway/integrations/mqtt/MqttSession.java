package io.warden.gateway.integrations.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.warden.gateway.audit.AuditExport;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.integrations.Outbox;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one connection to the broker carries: retained messages (availability, discovery, door states) first,
 * then the outbox's events in seq order, everything QoS 1 with at most {@link #WINDOW} publishes awaiting their
 * PUBACK. An event leaves the outbox when it is sent and counts as delivered at its PUBACK; when the connection
 * ends, the events still un-acked go back to the head of the outbox in order, to be sent again on the next
 * connection. So a record may reach a subscriber twice (the broker had it, its PUBACK was lost): QoS 1 is
 * at-least-once, and a subscriber that cares dedups by {@code seq}.
 *
 * <p>Retained messages waiting to go are kept by topic: a newer payload replaces one not yet sent, so a flapping
 * door costs one message per window, not one per change. One connection per session; a new connection starts a
 * new session. Not thread-safe: the bridge's context.
 */
final class MqttSession {
    private static final Logger log = LoggerFactory.getLogger(MqttSession.class);
    /** Publishes awaiting a PUBACK at most: the client's in-flight limit, and the bound on duplicates after a loss. */
    static final int WINDOW = 32;

    /** What the session reports back to the bridge. */
    interface Listener {
        /** The broker acknowledged {@code r}. */
        void delivered(AuditRecord r);

        /** A publish could not be written: the connection is unusable. */
        void broken(Throwable cause);
    }

    /** A publish on its way; {@code record} is null for a retained state message. */
    private static final class Pending {
        final AuditRecord record;
        boolean acked;

        Pending(AuditRecord record) {
            this.record = record;
        }
    }

    private final MqttClient client;
    private final Outbox outbox;
    private final Topics topics;
    private final Listener listener;
    private final LinkedHashMap<String, Buffer> retained = new LinkedHashMap<>();
    /** In send order, acked ones trimmed from the head. */
    private final ArrayDeque<Pending> inflight = new ArrayDeque<>();
    private final Map<Integer, Pending> byPacketId = new HashMap<>();
    /** PUBACKs heard before the publish's own future told us its packet id. */
    private final Set<Integer> earlyAcks = new HashSet<>();
    private int unacked;
    private int unackedEvents;
    private boolean closed;

    MqttSession(MqttClient client, Outbox outbox, Topics topics, Listener listener) {
        this.client = client;
        this.outbox = outbox;
        this.topics = topics;
        this.listener = listener;
    }

    /** Queues a retained message ahead of the events (replacing one for the same topic not yet sent). */
    void publishRetained(String topic, Buffer payload) {
        if (closed) return;
        retained.remove(topic); // re-inserted at the end: this topic's latest goes after the others waiting
        retained.put(topic, payload);
    }

    /** Sends what waits, as far as the window allows. */
    void pump() {
        while (!closed && unacked < WINDOW) {
            Iterator<Map.Entry<String, Buffer>> first = retained.entrySet().iterator();
            if (first.hasNext()) {
                Map.Entry<String, Buffer> e = first.next();
                first.remove();
                send(null, e.getKey(), e.getValue(), true);
                continue;
            }
            AuditRecord r = outbox.poll();
            if (r == null) return;
            String topic = topics.event(r.entry().type());
            if (!MqttTopicNames.valid(topic)) { // no audit type holds a wildcard; never let one wedge the queue
                log.warn("event=mqtt_event_unpublishable seq={} type=\"{}\"", r.seq(), r.entry().type());
                outbox.drop(r);
                continue;
            }
            send(r, topic, Buffer.buffer(AuditExport.json(r).encode()), false);
        }
    }

    private void send(AuditRecord r, String topic, Buffer payload, boolean retain) {
        Pending p = new Pending(r);
        inflight.addLast(p);
        unacked++;
        if (r != null) unackedEvents++;
        client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, retain).onComplete(ar -> {
            if (closed) return;
            if (ar.failed()) {
                listener.broken(ar.cause());
                return;
            }
            int id = ar.result();
            if (earlyAcks.remove(id)) acked(p);
            else byPacketId.put(id, p);
        });
    }

    /** The broker's PUBACK for {@code packetId}. */
    void puback(int packetId) {
        if (closed) return;
        Pending p = byPacketId.remove(packetId);
        if (p == null) {
            earlyAcks.add(packetId);
            return;
        }
        acked(p);
    }

    private void acked(Pending p) {
        p.acked = true;
        unacked--;
        if (p.record != null) {
            unackedEvents--;
            listener.delivered(p.record);
        }
        while (!inflight.isEmpty() && inflight.peekFirst().acked) inflight.pollFirst();
        pump();
    }

    /** Events sent and not yet acknowledged. */
    int unackedEvents() {
        return unackedEvents;
    }

    /** The connection ended: un-acked events go back to the head of the outbox, in their order; retained ones are resent whole on the next connection. */
    void close() {
        if (closed) return;
        closed = true;
        Iterator<Pending> newestFirst = inflight.descendingIterator();
        while (newestFirst.hasNext()) {
            Pending p = newestFirst.next();
            if (!p.acked && p.record != null) outbox.putBack(p.record);
        }
        inflight.clear();
        byPacketId.clear();
        earlyAcks.clear();
        retained.clear();
        unacked = 0;
        unackedEvents = 0;
    }
}
