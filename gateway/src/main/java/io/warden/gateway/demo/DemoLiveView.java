package io.warden.gateway.demo;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.events.EventHub;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's compact view of the event stream: one line per audit record, e.g.
 * <pre>
 * 18:02:03  door.command       front-office    pulse 3.0 s  confirmed  demo-front-desk
 * 18:02:05  credential.read    main-entrance   card 20:13912  line-a/1
 * </pre>
 * time (local), type, what it concerns (door, camera, zone, site, else the actor), what was asked or seen, the
 * result (with the reason when failed or refused), and who.
 *
 * <p>It follows the live hub and catches up once with what was written before it subscribed (the
 * PDs coming online during start-up), each record once and in seq order, like the SSE stream's
 * resume. Thread-safe; {@code sink} is called under a lock from the audit writer's thread or the
 * catch-up's, so it must not block (queue the line, print it elsewhere).
 */
final class DemoLiveView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int MAX_DETAIL = 90;

    private final Consumer<String> sink;
    private final List<AuditRecord> held = new ArrayList<>();
    private final EventHub.Subscription subscription;
    private boolean caughtUp;
    private long lastSeq;

    /** Subscribes at once; live records are held back until {@link #catchUp}. */
    DemoLiveView(EventHub hub, Consumer<String> sink) {
        this.sink = sink;
        this.subscription = hub.subscribe(r -> true, this::live);
    }

    /** Prints {@code earlier} (records written before the subscription, ascending), then what was held back. */
    synchronized void catchUp(List<AuditRecord> earlier) {
        earlier.forEach(this::print);
        held.forEach(this::print);
        held.clear();
        caughtUp = true;
    }

    void cancel() {
        subscription.cancel();
    }

    private synchronized void live(AuditRecord r) {
        if (caughtUp) print(r);
        else held.add(r);
    }

    private void print(AuditRecord r) {
        if (r.seq() <= lastSeq) return;
        lastSeq = r.seq();
        sink.accept(line(r));
    }

    static String line(AuditRecord record) {
        AuditEntry e = record.entry();
        String subject = first(e.door(), e.camera(), e.zone(), e.site(), e.actor());
        List<String> parts = new ArrayList<>();
        parts.add(TIME.format(e.time()));
        parts.add(pad(e.type(), 17));
        parts.add(pad(subject == null ? "-" : subject, 14));
        String what = e.action() != null ? e.action() : e.credential() != null ? "card " + e.credential() : e.detail();
        if (what != null) parts.add(shorten(what));
        if (e.result() != null) {
            boolean why = ("failed".equals(e.result()) || "refused".equals(e.result())) && e.detail() != null;
            parts.add(why ? e.result() + ": " + shorten(e.detail()) : e.result());
        }
        if (e.actor() != null && !e.actor().equals(subject)) parts.add(e.actor());
        return String.join("  ", parts).stripTrailing();
    }

    private static String first(String... candidates) {
        for (String c : candidates) if (c != null) return c;
        return null;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String shorten(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL - 3) + "...";
    }
}
