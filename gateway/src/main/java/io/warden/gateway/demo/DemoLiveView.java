package io.warden.gateway.demo;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The demo's compact view of the event stream: one line per audit record, e.g.
 * <pre>
 * 18:02:03  door.command       front-office    pulse 3.0 s  confirmed  demo-front-desk
 * 18:02:05  access.granted     gym-east        Maya Okafor (staff)  card H10301:40:1001  group lincoln-admins, schedule always
 * 18:02:09  access.denied      library         Sam O'Brien (student)  lost card H10301:40:2003 — FLAGGED
 * </pre>
 * time (local), type, what it concerns (door, camera, zone, site, else the actor), what was asked or seen, the
 * result (with the reason when failed or refused), and who. An access decision names the person (their id
 * looked up in the directory: name and kind; never a PIN), the card, and for a denial the reason; directory
 * changes show what changed.
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
    /**
     * Record types an API client can repeat at will, and the one record per person of an import (its
     * {@code people.import} summary follows); a refusal type and its summary count as one kind.
     */
    private static final Set<String> REPEATABLE = Set.of("auth.refused", "auth.refused.summary", "console.sign_in_refused",
            "console.sign_in_refused.summary", "audit.query", "audit.export",
            "audit.verify", "person.added", "person.changed", "person.suspended");
    /** Denials worth a flag: someone has a card that was reported lost. */
    private static final Set<String> FLAGGED = Set.of("lost");

    private final Supplier<Directory> directory;

    private final Consumer<String> sink;
    private final List<AuditRecord> held = new ArrayList<>();
    private final EventHub.Subscription subscription;
    private final Map<String, Burst> bursts = new LinkedHashMap<>();
    private boolean caughtUp;
    private long lastSeq;

    /**
     * Subscribes at once; live records are held back until {@link #catchUp}.
     *
     * @param directory who the person ids of access decisions are
     */
    DemoLiveView(EventHub hub, Supplier<Directory> directory, Consumer<String> sink) {
        this.directory = directory;
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
        if (e.type().equals("people.import")) endImport(e); // its per-person records are all in: their count first
        if (REPEATABLE.contains(e.type())) {
            boolean summary = e.type().endsWith(".summary");
            String kind = summary ? e.type().substring(0, e.type().length() - ".summary".length()) : e.type();
            String key = kind + " " + e.source() + " " + e.actor();
            Burst b = bursts.get(key);
            if (b != null) {
                b.count += summary ? countIn(e.detail()) : 1;
                b.last = e.time();
                return;
            }
            bursts.put(key, new Burst(kind, e));
        }
        sink.accept(line(r, directory.get()));
    }

    /** Prints the count of every burst whose window has ended by {@code now} (all when null) and forgets it. */
    private void endBursts(Instant now) {
        bursts.values().removeIf(b -> {
            if (now != null && now.isBefore(b.first.plus(BURST_WINDOW))) return false;
            if (b.count > 0) sink.accept(b.line());
            return true;
        });
    }

    /** Prints the counts of the per-person records of the import that {@code summary} ends. */
    private void endImport(AuditEntry summary) {
        bursts.values().removeIf(b -> {
            if (!b.kind.startsWith("person.") || !java.util.Objects.equals(b.actor, summary.actor())
                    || !java.util.Objects.equals(b.source, summary.source())) {
                return false;
            }
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

    static String line(AuditRecord record, Directory people) {
        AuditEntry e = record.entry();
        if (e.type().startsWith("access.")) return access(e, people);
        String subject = first(e.door(), e.camera(), e.zone(), e.site(), e.actor());
        List<String> parts = new ArrayList<>();
        parts.add(TIME.format(e.time()));
        parts.add(pad(e.type(), 17));
        parts.add(pad(subject == null ? "-" : subject, 14));
        String what = e.action() != null ? e.action() : e.credential() != null ? "card " + e.credential() : e.detail();
        if (DIRECTORY.contains(e.type()) && e.detail() != null) { // what changed says more than "import"
            what = (e.credential() != null ? "card " + e.credential() + " " : "") + e.detail();
        }
        if (what != null) parts.add(shorten(what));
        if (e.result() != null) {
            boolean why = ("failed".equals(e.result()) || "refused".equals(e.result())) && e.detail() != null;
            parts.add(why ? e.result() + ": " + shorten(e.detail()) : e.result());
        }
        if (e.actor() != null && !e.actor().equals(subject)) parts.add(e.actor());
        return String.join("  ", parts).stripTrailing();
    }

    /** Directory records: shown with their detail (who, what changed), never a PIN (the records hold none). */
    private static final Set<String> DIRECTORY = Set.of("person.added", "person.changed", "person.suspended", "person.pin_set",
            "people.import", "card.assigned", "card.status", "calendar.imported");

    /**
     * {@code access.granted  gym-east  Maya Okafor (staff)  card H10301:40:1001  group ..., schedule ...} or
     * {@code access.denied  library  Sam O'Brien (student)  lost card H10301:40:2003 — FLAGGED}: who (the
     * actor's name and kind from the directory; the id when it has none), the credential, and for a denial
     * the reason and what the decision found (the card or PIN it concerns is already said).
     */
    private static String access(AuditEntry e, Directory people) {
        if (e.detail() != null && CONTROLLER_DECIDED.matcher(e.detail()).lookingAt()) return decidedByController(e, people);
        List<String> parts = new ArrayList<>();
        parts.add(TIME.format(e.time()));
        parts.add(pad(e.type(), 17));
        parts.add(pad(e.door() == null ? "-" : e.door(), 14));
        parts.add(who(e.actor(), people));
        String credential = credential(e);
        String detail = e.detail() == null ? "" : e.detail();
        if ("granted".equals(e.result())) {
            parts.add(credential);
            if (!detail.isEmpty()) parts.add(shorten(detail));
        } else {
            int colon = detail.indexOf(": ");
            String reason = colon < 0 ? detail : detail.substring(0, colon);
            String why = colon < 0 ? "" : detail.substring(colon + 2);
            String said = reason.equals("unknown_card") ? "unknown" : reason.isEmpty() ? "denied" : reason.replace('_', ' ');
            parts.add(said + " " + credential
                    + (FLAGGED.contains(reason) ? " — FLAGGED" : ""));
            if (!why.isEmpty() && SAYS_MORE.contains(reason)) parts.add("(" + shorten(why) + ")");
        }
        return String.join("  ", parts).stripTrailing();
    }

    /** How the recorder words an access decision a door controller made itself (an ONVIF controller's). */
    private static final Pattern CONTROLLER_DECIDED = Pattern.compile("(granted|denied) by the controller");

    /**
     * {@code access.granted  art-room  James Nakamura (staff)  credential cred-t-1004  decided by ctl-east} or
     * {@code access.denied  music-room  Pipeworks Plumbing (contractor)  CredentialExpired  credential cred-c-3001  decided by ctl-east};
     * the holder is the name the controller gave, with its kind when the directory has one person of that name.
     */
    private static String decidedByController(AuditEntry e, Directory people) {
        String holder = null;
        String reason = null;
        boolean anonymous = false;
        for (String part : e.detail().split("; ")) {
            if (part.startsWith("holder ")) holder = part.substring("holder ".length());
            if (part.startsWith("denied by the controller: ")) reason = part.substring("denied by the controller: ".length());
            if (part.startsWith("granted by the controller") || part.startsWith("denied by the controller")) {
                anonymous = part.endsWith(" (anonymous)");
            }
        }
        if (reason != null && anonymous) reason = reason.substring(0, reason.length() - " (anonymous)".length());
        List<String> parts = new ArrayList<>();
        parts.add(TIME.format(e.time()));
        parts.add(pad(e.type(), 17));
        parts.add(pad(e.door() == null ? "-" : e.door(), 14));
        parts.add(anonymous ? "anonymous" : holder == null ? "-" : named(holder, people));
        if (reason != null) parts.add(shorten(reason));
        String c = e.credential();
        if (c != null) parts.add("credential " + (c.startsWith("token:") ? c.substring("token:".length()) : c));
        if (e.actor() != null) parts.add("decided by " + e.actor());
        return String.join("  ", parts).stripTrailing();
    }

    private static String named(String name, Directory people) {
        List<Person> same = people.people().stream().filter(p -> p.name().equals(name)).limit(2).toList();
        return same.size() == 1 ? name + " (" + same.get(0).kind().id().replace('_', ' ') + ")" : name;
    }

    /** Denials whose finding adds to the reason: which schedule is closed, until when, which lockdown. */
    private static final Set<String> SAYS_MORE = Set.of("outside_schedule", "expired", "lockdown", "secure", "wrong_pin", "bad_read",
            "pin_timeout", "suspended", "error");

    private static String who(String personId, Directory people) {
        if (personId == null || personId.equals("unknown")) return "-";
        return people.person(personId).map(p -> p.name() + " (" + p.kind().id().replace('_', ' ') + ")").orElse(personId);
    }

    /** {@code card H10301:40:1001}, {@code card H10301:40:1002 + PIN}, {@code 26-bit 0A1B2C01} for a bad read. */
    private static String credential(AuditEntry e) {
        String c = e.credential();
        if (c == null) return e.action() == null ? "" : e.action();
        if (c.contains("-bit ") || c.startsWith("PIN")) return c;
        return "card " + c + ("card+pin".equals(e.action()) ? " + PIN" : "");
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
