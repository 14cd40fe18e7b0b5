package io.warden.gateway.events;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditRecord;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Live fan-out of the audit trail: every record, once durable, goes to the subscribers whose filter
 * accepts it, in seq order. The event stream (SSE) is built on this; resuming after a gap reads the
 * missed records back from the audit store by seq, so the stream's event id is the audit seq.
 * The audit store calls {@link #publish} on its writer thread, in seq order; subscribers must not
 * block (hand the record to your own context).
 *
 * <p>Thread-safe: subscribing and cancelling from any event loop while records are published. Each
 * subscriber gets the records in seq order as long as it hands them on with one queue (e.g.
 * {@code context.runOnContext}, which keeps the order of one thread's calls).
 */
public final class EventHub {
    private final CopyOnWriteArrayList<Sub> subscribers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<LiveEvent>> live = new CopyOnWriteArrayList<>();

    /**
     * A live-only event that is not an audit record (e.g. {@code footage.progress}): it has no seq, is
     * never stored, and a client that reconnects does not get it again.
     *
     * @param type  the SSE event name
     * @param data  its JSON payload (do not change it after publishing)
     */
    public record LiveEvent(String type, JsonObject data) {}

    /** Handle to stop receiving. */
    public interface Subscription {
        void cancel();
    }

    private record Sub(Predicate<AuditRecord> filter, Consumer<AuditRecord> sink) {}

    public Subscription subscribe(Predicate<AuditRecord> filter, Consumer<AuditRecord> sink) {
        Sub s = new Sub(filter, sink);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    /** Called by the audit store after each durable commit, in seq order. A failing subscriber does not stop the others. */
    public void publish(AuditRecord record) {
        for (Sub s : subscribers) {
            try {
                if (s.filter.test(record)) s.sink.accept(record);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(EventHub.class).warn("event=subscriber_failed seq={} error=\"{}\"", record.seq(), e.toString());
            }
        }
    }

    /** Receive live-only events; same threading rules as {@link #subscribe}. */
    public Subscription subscribeLive(Consumer<LiveEvent> sink) {
        live.add(sink);
        return () -> live.remove(sink);
    }

    /** Hand a live-only event to its subscribers now; any thread. A failing subscriber does not stop the others. */
    public void publishLive(LiveEvent event) {
        for (Consumer<LiveEvent> s : live) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(EventHub.class).warn("event=live_subscriber_failed type={} error=\"{}\"", event.type(), e.toString());
            }
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
