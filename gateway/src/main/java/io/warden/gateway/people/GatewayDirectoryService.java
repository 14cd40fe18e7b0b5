package io.warden.gateway.people;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.warden.adapter.api.CardNumber;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link DirectoryService}: the directory in memory, kept in a {@link DirectoryStore}.
 *
 * <p>Writes run one at a time, in the order called. Each works out its changes from {@link #current()},
 * applies them to the store at that version, puts the new directory in place, tells the
 * {@link #onChange} listeners, writes its audit records ({@link DirectoryAudit}) and only then answers.
 * The slow parts run off the event loop and before a write takes its turn: hashing a PIN, parsing a
 * calendar, planning an import. An import planned on a directory that changed before its turn came is
 * planned again, once. When the store reports that another process changed the file, the directory is
 * read again and the write tried once more.
 *
 * <p>A write that changes nothing (a card given again to its holder, a status it already has, clearing
 * a PIN never set) writes and audits nothing. Imports and calendar imports are always audited by their
 * summary record, dry runs and refused files included; their report says {@code applied} whenever
 * they were carried out (not a dry run, no problems), even when nothing needed changing.
 *
 * <p>An audit record refused after the change was applied cannot undo the change: the caller gets
 * INTERNAL saying so, and the records go to the log in full.
 */
public final class GatewayDirectoryService implements DirectoryService {
    private static final Logger log = LoggerFactory.getLogger(GatewayDirectoryService.class);
    private static final DirectoryChanges NOTHING = new DirectoryChanges(null, null, null);

    /** Works out an import; {@link PeopleImport#plan} outside tests. Blocking: run off the event loop. */
    interface Planner {
        ImportPlan plan(Directory current, ImportRequest request, Instant now);
    }

    /** Reads a calendar file; {@link CalendarImport#parse} outside tests. Blocking. */
    interface CalendarParser {
        CalendarImport.Result parse(byte[] ics);
    }

    /** What one write does: its changes (empty: nothing to write), its audit records and its answer. */
    private record Outcome<T>(DirectoryChanges changes, List<AuditEntry> records, T answer) {}

    private final Vertx vertx;
    private final DirectoryStore store;
    private final AuditStore audit;
    private final Clock clock;
    private final Planner planner;
    private final CalendarParser parser;
    /** Longest a calendar parse may take before the import is answered INTERNAL (real parses take well under a second). */
    private final Duration parseLimit;
    /** Two threads of their own: a parse stuck inside ical4j ties up one of these, never the shared worker pool. */
    private final WorkerExecutor calendarWorkers;
    private volatile ZoneId zone = ZoneOffset.UTC;
    private final List<Consumer<Directory>> listeners = new CopyOnWriteArrayList<>();
    private volatile Directory current = Directory.EMPTY;
    private Future<?> lastWrite = Future.succeededFuture(); // guarded by this

    GatewayDirectoryService(Vertx vertx, DirectoryStore store, AuditStore audit, Clock clock, Planner planner, CalendarParser parser) {
        this(vertx, store, audit, clock, planner, parser, Duration.ofSeconds(30));
    }

    GatewayDirectoryService(Vertx vertx, DirectoryStore store, AuditStore audit, Clock clock, Planner planner, CalendarParser parser,
            Duration parseLimit) {
        this.parseLimit = parseLimit;
        this.calendarWorkers = vertx.createSharedWorkerExecutor("warden-calendar", 2); // closed when vertx is
        this.vertx = vertx;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.planner = planner;
        this.parser = parser;
    }

    /** Loads the directory from {@code store}; fails (naming the file) when it cannot be read. Imports read plain dates in UTC. */
    public static Future<GatewayDirectoryService> start(Vertx vertx, DirectoryStore store, AuditStore audit, Clock clock) {
        return start(vertx, store, audit, clock, ZoneOffset.UTC);
    }

    /** As above; imports read plain dates ({@code valid_until 2026-06-12}) as days on the clocks of {@code zone}, the district's. */
    public static Future<GatewayDirectoryService> start(Vertx vertx, DirectoryStore store, AuditStore audit, Clock clock, ZoneId zone) {
        GatewayDirectoryService s = new GatewayDirectoryService(vertx, store, audit, clock, PeopleImport::plan, CalendarImport::parse);
        s.zone = zone;
        return s.load();
    }

    Future<GatewayDirectoryService> load() {
        return store.load().map(d -> {
            current = d;
            log.info("directory.loaded people={} cards={} calendarDays={} version={}", d.people().size(), d.cards().size(),
                    d.calendar().size(), d.version());
            return this;
        });
    }

    @Override
    public Directory current() {
        return current;
    }

    @Override
    public void onChange(Consumer<Directory> listener) {
        listeners.add(listener);
    }

    @Override
    public Future<ImportReport> importPeople(ImportRequest asked, Principal who, String source) {
        if (!who.allows(Role.Permission.ADMIN)) return forbidden();
        if (asked == null) return badRequest("an import request is required");
        ImportRequest request = asked.inZone(zone);
        boolean[] replanned = {false};
        return plan(current, request).compose(first -> {
            ImportPlan[] plan = {first};
            return write(base -> {
                boolean stale = plan[0].baseVersion() != base.version();
                Future<ImportPlan> fresh = stale && !replanned[0] ? plan(base, request) : Future.succeededFuture(plan[0]);
                replanned[0] |= stale;
                return fresh.compose(p -> {
                    plan[0] = p;
                    if (p.baseVersion() != base.version()) {
                        return Future.failedFuture(new PolicyException(PolicyCode.CONFLICT,
                                "the directory changed while the import was planned: nothing was applied, run it again"));
                    }
                    return Future.succeededFuture(importOutcome(p, request, who, source));
                });
            });
        });
    }

    private Future<ImportPlan> plan(Directory base, ImportRequest request) {
        return vertx.executeBlocking(() -> planner.plan(base, request, clock.instant()), false);
    }

    private Outcome<ImportReport> importOutcome(ImportPlan plan, ImportRequest request, Principal who, String source) {
        ImportReport r = plan.report();
        boolean apply = !request.dryRun() && r.problems().isEmpty();
        ImportReport answer = new ImportReport(r.format(), r.added(), r.changed(), r.suspended(), r.unchanged(), r.skipped(),
                r.problems(), apply);
        List<AuditEntry> records = new DirectoryAudit(clock.instant(), who, source).importRecords(r, apply, request.dryRun());
        return new Outcome<>(apply ? plan.changes() : NOTHING, records, answer);
    }

    @Override
    public Future<Card> assignCard(String personId, CardNumber card, Principal who, String source) {
        if (!who.allows(Role.Permission.ADMIN)) return forbidden();
        if (personId == null || card == null) return badRequest("a person id and a card are required");
        String cardId;
        try {
            cardId = card.id();
        } catch (RuntimeException e) {
            return badRequest("card " + card.bits() + " bits has no id: " + e.getMessage());
        }
        return write(base -> {
            if (base.person(personId).isEmpty()) return notFound("no person '" + personId + "'");
            Card existing = base.card(cardId).orElse(null);
            if (existing != null && !existing.personId().equals(personId)) {
                return Future.failedFuture(new PolicyException(PolicyCode.CONFLICT, "card " + cardId + " is assigned to person "
                        + existing.personId() + ": report it lost or suspend it there, it cannot be given to " + personId));
            }
            if (existing != null) return Future.succeededFuture(new Outcome<>(NOTHING, List.of(), existing));
            Card assigned = new Card(cardId, personId, CardStatus.ACTIVE);
            return Future.succeededFuture(new Outcome<>(new DirectoryChanges(null, List.of(assigned), null),
                    List.of(new DirectoryAudit(clock.instant(), who, source).cardAssigned(assigned)), assigned));
        });
    }

    @Override
    public Future<Card> setCardStatus(String cardId, CardStatus status, Principal who, String source) {
        if (!who.allows(Role.Permission.ADMIN)) return forbidden();
        if (cardId == null || status == null) return badRequest("a card id and a status are required");
        return write(base -> {
            Card existing = base.card(cardId).orElse(null);
            if (existing == null) return notFound("no card '" + cardId + "'");
            if (existing.status() == status) return Future.succeededFuture(new Outcome<>(NOTHING, List.of(), existing));
            Card changed = new Card(cardId, existing.personId(), status);
            return Future.succeededFuture(new Outcome<>(new DirectoryChanges(null, List.of(changed), null),
                    List.of(new DirectoryAudit(clock.instant(), who, source).cardStatus(changed)), changed));
        });
    }

    @Override
    public Future<Void> setPin(String personId, String pin, Principal who, String source) {
        if (!who.allows(Role.Permission.ADMIN)) return forbidden();
        if (personId == null) return badRequest("a person id is required");
        if (pin != null && !PinHash.wellFormed(pin)) return badRequest("a PIN must be 4 to 8 digits"); // never echo it
        if (current.person(personId).isEmpty()) return notFound("no person '" + personId + "'"); // before 40 ms of hashing
        Future<String> hashed = pin == null ? Future.succeededFuture(null) : vertx.executeBlocking(() -> PinHash.hash(pin), false);
        return hashed.compose(hash -> write(base -> {
            Person p = base.person(personId).orElse(null);
            if (p == null) return notFound("no person '" + personId + "'");
            if (hash == null && p.pinHash() == null) return Future.succeededFuture(new Outcome<Void>(NOTHING, List.of(), null));
            Person changed = new Person(p.id(), p.name(), p.kind(), p.sisId(), p.schools(), p.status(), p.validFrom(), p.validUntil(),
                    p.lockdownEntry(), hash, p.source());
            return Future.succeededFuture(new Outcome<Void>(new DirectoryChanges(List.of(changed), null, null),
                    List.of(new DirectoryAudit(clock.instant(), who, source).pinSet(personId, hash != null)), null));
        }));
    }

    @Override
    public Future<CalendarReport> importCalendar(byte[] ics, boolean dryRun, Principal who, String source) {
        if (!who.allows(Role.Permission.ADMIN)) return forbidden();
        if (ics == null) return badRequest("a calendar file is required");
        return parseBounded(ics).compose(result -> write(base -> {
            Map<LocalDate, CalendarDay> byDate = new TreeMap<>(); // one day per date, as the directory keeps it
            result.days().forEach(d -> byDate.put(d.date(), d));
            List<CalendarDay> days = List.copyOf(byDate.values());
            Set<LocalDate> before = new HashSet<>();
            base.calendar().forEach(d -> before.add(d.date()));
            int added = (int) byDate.keySet().stream().filter(d -> !before.contains(d)).count();
            int removed = (int) before.stream().filter(d -> !byDate.containsKey(d)).count();
            boolean same = List.copyOf(base.calendar()).equals(days);
            CalendarReport report = new CalendarReport(days, result.skipped(), added, removed, !dryRun);
            DirectoryChanges changes = dryRun || same ? NOTHING : new DirectoryChanges(null, null, days);
            return Future.succeededFuture(new Outcome<>(changes,
                    List.of(new DirectoryAudit(clock.instant(), who, source).calendarImported(report, dryRun)), report));
        }));
    }

    /**
     * Parses {@code ics} on the calendar's own workers, so a parse that never returns cannot take the
     * shared worker pool with it, and answers within {@link #parseLimit} whatever the parser does:
     * WardenException as thrown, another exception as BAD_REQUEST, an Error (ical4j's time zone
     * machinery can throw one) or a parse past the limit as INTERNAL naming what happened.
     */
    private Future<CalendarImport.Result> parseBounded(byte[] ics) {
        Context ctx = vertx.getOrCreateContext();
        Promise<CalendarImport.Result> answer = Promise.promise();
        long timer = vertx.setTimer(parseLimit.toMillis(), id -> answer.tryFail(new WardenException(ErrorCode.INTERNAL,
                "the calendar file could not be read: parsing it took longer than " + parseLimit.toMillis() + " ms and was abandoned")));
        calendarWorkers.<CalendarImport.Result>executeBlocking(() -> {
            try {
                return parser.parse(ics);
            } catch (WardenException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new WardenException(ErrorCode.BAD_REQUEST, "the calendar file cannot be read: " + e.getMessage(), e);
            } catch (Throwable e) { // an Error (e.g. NoClassDefFoundError): the library failed, not the file; logged with the answer
                throw new WardenException(ErrorCode.INTERNAL, "the calendar file could not be read: the iCalendar parser failed with "
                        + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            }
        }, false).onComplete(done -> ctx.runOnContext(v -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) answer.tryComplete(done.result());
            else answer.tryFail(done.cause());
        }));
        return answer.future();
    }

    /** Runs {@link #attempt} after every write called before it; the answer comes on the caller's context. */
    private <T> Future<T> write(Function<Directory, Future<Outcome<T>>> compute) {
        Context ctx = vertx.getOrCreateContext();
        Promise<T> answer = Promise.promise();
        Promise<Void> done = Promise.promise();
        Future<?> previous;
        synchronized (this) {
            previous = lastWrite;
            lastWrite = done.future();
        }
        previous.onComplete(ignored -> ctx.runOnContext(v -> {
            Future<T> f;
            try {
                f = attempt(compute, true);
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                done.complete();
                answer.handle(ar);
            });
        }));
        return answer.future();
    }

    private <T> Future<T> attempt(Function<Directory, Future<Outcome<T>>> compute, boolean mayRetry) {
        Directory base = current;
        return compute.apply(base).compose(o -> {
            if (o.changes().isEmpty()) return audited(o.records(), o.answer(), false);
            return store.apply(o.changes(), base.version()).compose(
                    v -> {
                        install(base.with(o.changes()));
                        return audited(o.records(), o.answer(), true);
                    },
                    err -> {
                        if (!mayRetry || !(err instanceof PolicyException pe && pe.code() == PolicyCode.CONFLICT)) return Future.failedFuture(err);
                        log.warn("directory.conflict version={} action=reload error=\"{}\"", base.version(), err.getMessage());
                        return store.load().compose(d -> {
                            install(d);
                            return attempt(compute, false);
                        });
                    });
        });
    }

    private void install(Directory next) {
        current = next;
        for (Consumer<Directory> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                log.warn("directory.listener.failed version={} error={}", next.version(), e.toString());
            }
        }
    }

    /** Appends {@code records} (in order); answers {@code answer} once all are durable. */
    private <T> Future<T> audited(List<AuditEntry> records, T answer, boolean applied) {
        List<Future<AuditRecord>> appends = new ArrayList<>();
        for (AuditEntry e : records) appends.add(audit.append(e));
        return Future.join(appends).transform(ar -> {
            if (ar.succeeded()) return Future.succeededFuture(answer);
            for (int i = 0; i < records.size(); i++) {
                if (appends.get(i).failed()) {
                    // The trail refused it: the log is the last place the record exists.
                    log.error("event=audit_write_failed entry=\"{}\" error=\"{}\"", records.get(i), appends.get(i).cause().getMessage());
                }
            }
            String why = ar.cause().getMessage();
            return Future.failedFuture(new WardenException(ErrorCode.INTERNAL, applied
                    ? "the directory change was applied but not audited: " + why
                    : "the audit record was not written: " + why, ar.cause()));
        });
    }

    private static <T> Future<T> forbidden() {
        return Future.failedFuture(new PolicyException(PolicyCode.FORBIDDEN, "changing the directory needs the admin role"));
    }

    private static <T> Future<T> badRequest(String message) {
        return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, message));
    }

    private static <T> Future<T> notFound(String message) {
        return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, message));
    }
}
