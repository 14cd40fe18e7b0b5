package io.warden.gateway.demo;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.events.EventHub;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * resume.
 *
 * <p>What a script can repeat at will (refused requests, audit reads) is shown once per source and
 * actor and {@link #BURST_WINDOW}, then as one line with the count, e.g.
 * <pre>
 * 18:02:13  auth.refused       anonymous       4995 more from 127.0.0.1 since 18:02:03
 * </pre>
 * The count line goes out with the first record past the window (the demo's devices write several a
 * minute) or at {@link #cancel}. Thread-safe; {@code sink} is called under a lock from the audit writer's thread or the
 * catch-up's, so it must not block (queue the line, print it elsewhere).
 */
final class DemoLiveView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int MAX_DETAIL = 90;
    static final Duration BURST_WINDOW = Duration.ofSeconds(10);
    /** Record types an API client can repeat at will; both refusal types count as one kind. */
    private static final Set<String> REPEATABLE = Set.of("auth.refused", "auth.refused.summary", "audit.query", "audit.export",
            "audit.verify");

    private final Consumer<String> sink;
    private final List<AuditRecord> held = new ArrayList<>();
    private final EventHub.Subscription subscription;
    private final Map<String, Burst> bursts = new LinkedHashMap<>();
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

    /** Stops following the hub and prints the counts still held. */
    void cancel() {
        subscription.cancel();
        synchronized (this) {
            endBursts(null);
        }
    }

    private synchronized void live(AuditRecord r) {
        if (caughtUp) print(r);
        else held.add(r);
    }

    private void print(AuditRecord r) {
        if (r.seq() <= lastSeq) return;
        lastSeq = r.seq();
        AuditEntry e = r.entry();
        endBursts(e.time());
        if (REPEATABLE.contains(e.type())) {
            String kind = e.type().startsWith("auth.refused") ? "auth.refused" : e.type();
            String key = kind + " " + e.source() + " " + e.actor();
            Burst b = bursts.get(key);
            if (b != null) {
                b.count += e.type().equals("auth.refused.summary") ? countIn(e.detail()) : 1;
                b.last = e.time();
                return;
            }
            bursts.put(key, new Burst(kind, e));
        }
        sink.accept(line(r));
    }

    /** Prints the count of every burst whose window has ended by {@code now} (all when null) and forgets it. */
    private void endBursts(Instant now) {
        bursts.values().removeIf(b -> {
            if (now != null && now.isBefore(b.first.plus(BURST_WINDOW))) return false;
            if (b.count > 0) sink.accept(b.line());
            return true;
        });
    }

    /** The N of a summary's {@code count=N ...} detail; 1 when it does not say. */
    private static long countIn(String detail) {
        if (detail == null || !detail.startsWith("count=")) return 1;
        int end = detail.indexOf(' ');
        try {
            return Long.parseLong(detail.substring(6, end < 0 ? detail.length() : end));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** One kind of repeatable record from one source: the first shown, the rest counted. */
    private static final class Burst {
        final String kind;
        final String actor;
        final String source;
        final Instant first;
        Instant last;
        long count;

        Burst(String kind, AuditEntry e) {
            this.kind = kind;
            this.actor = e.actor();
            this.source = e.source();
            this.first = e.time();
            this.last = e.time();
        }

        String line() {
            return String.join("  ", TIME.format(last), pad(kind, 17), pad(actor == null ? "-" : actor, 14),
                    count + " more from " + (source == null ? "other sources" : source) + " since " + TIME.format(first));
        }
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
