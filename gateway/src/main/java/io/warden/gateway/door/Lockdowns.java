package io.warden.gateway.door;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lockdowns the way schools train (Standard Response Protocol): {@code secure} locks the exterior
 * doors in scope, {@code lockdown} every door in scope. A lockdown is active — unlock and pulse are
 * refused — from the moment it is accepted, is saved before the doors are told, and answers with
 * one line per door: confirmed, failed or offline. A drill does the same and is marked as a drill.
 * A door's part is {@link DoorCommand.Lockdown} (a controller with a lockdown mode holds the door
 * itself); a release sends {@link DoorCommand.Release} to the doors no other active lockdown holds.
 *
 * <p>Threads. {@link #start} and {@link #release} run on the gateway context ({@link GatewayDoorService}
 * moves callers on other event loops onto it), so a lockdown is in the map and its start is on record
 * before any release of it can run, and a release's record follows the start's. The map is also read
 * from other threads (door views, the lockdown check of a command), hence the lock on {@code this}.
 *
 * <p>Several nodes. With a shared store each save writes the lockdown that changed, and {@link #refresh}
 * merges in what other nodes saved (on their change notice, and on every re-assert tick as a backstop):
 * a lockdown started elsewhere holds here from then on, one released elsewhere is released here. The
 * node that releases sends every door its release; this node retries the ones of its own doors that failed.
 */
final class Lockdowns {
    private static final Logger log = LoggerFactory.getLogger(Lockdowns.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** Released lockdowns kept for GET /lockdowns/{id}; older ones live on in the audit trail. */
    static final int KEEP_RELEASED = 50;
    /** A door's line while its lock is in flight. */
    static final String PENDING = "pending";

    private final GatewayDoorService doors;
    private final LockdownEnforcer enforcer;
    private final LockdownStore store;
    private final AuditStore audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Every lockdown, active and released, in start order. Guarded by {@code this}. */
    private final Map<String, LockdownReport> all = new LinkedHashMap<>();

    Lockdowns(GatewayDoorService doors, LockdownEnforcer enforcer, LockdownStore store, AuditStore audit, Clock clock) {
        this.doors = doors;
        this.enforcer = enforcer;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Reads the saved lockdowns. A door an active one names that is no longer configured is
     * reported (log and audit) and skipped, never fatal.
     *
     * @return the configured doors of the active lockdowns
     */
    Future<Set<String>> load() {
        return store.load().compose(list -> {
            Set<String> inScope = new LinkedHashSet<>();
            List<Future<?>> reports = new ArrayList<>();
            synchronized (this) {
                list.forEach(l -> all.put(l.id(), withoutPending(l)));
            }
            for (LockdownReport l : list) {
                if (!l.active()) continue;
                for (LockdownReport.DoorResult d : l.doors()) {
                    if (doors.known(d.id())) {
                        inScope.add(d.id());
                        continue;
                    }
                    String why = "active lockdown %s names door %s, which is not in the configuration: skipped".formatted(l.id(), d.id());
                    log.warn("event=lockdown_door_missing lockdown={} door={}", l.id(), d.id());
                    reports.add(audit.append(new AuditEntry(clock.instant(), "lockdown.door_missing", Principal.SYSTEM.name(), null,
                            l.scope().site(), l.scope().zone(), d.id(), null, null, "re-assert " + l.id(), "skipped", why)));
                }
            }
            return Future.join(reports).map(inScope);
        });
    }

    /**
     * Rereads what other nodes sharing the store may have changed: every active lockdown, those in
     * {@code changed} (named by a change notice) and those active here (released elsewhere?), and merges
     * them in (see {@link #newer}). Call on the gateway context.
     *
     * @return the configured doors newly held by an active lockdown here: the enforcer locks them
     */
    Future<Set<String>> refresh(Collection<String> changed) {
        Set<String> ids = new LinkedHashSet<>(changed);
        active().forEach(l -> ids.add(l.id()));
        return store.reread(ids).map(list -> {
            Set<String> newlyHeld = new LinkedHashSet<>();
            synchronized (this) {
                Set<String> heldBefore = new HashSet<>();
                for (LockdownReport l : all.values()) {
                    if (l.active()) l.doors().forEach(d -> heldBefore.add(d.id()));
                }
                for (LockdownReport theirs : list) {
                    LockdownReport ours = all.get(theirs.id());
                    if (ours != null && !newer(theirs, ours)) continue;
                    all.put(theirs.id(), theirs);
                    if (ours == null || ours.active() != theirs.active()) {
                        log.info("event=lockdown_changed_elsewhere lockdown={} active={}", theirs.id(), theirs.active());
                    }
                    if (!theirs.active()) {
                        if (ours == null || ours.releases().isEmpty()) oweFailedReleases(theirs);
                        continue;
                    }
                    for (LockdownReport.DoorResult d : theirs.doors()) {
                        if (!heldBefore.contains(d.id()) && doors.known(d.id())) newlyHeld.add(d.id());
                    }
                }
                trim();
            }
            return newlyHeld;
        });
    }

    /**
     * Released on another node, whose releases of this node's doors failed (offline, say): only this node
     * can retry them, so its enforcer owes them, as if it had released them itself.
     */
    private void oweFailedReleases(LockdownReport released) {
        for (LockdownReport.DoorResult r : released.releases()) {
            boolean failed = r.status().equals("offline") || r.status().equals("failed");
            if (failed && doors.known(r.id()) && doors.servedHere(r.id()) && covering(r.id()) == null) enforcer.oweRelease(r.id(), released.id());
        }
    }

    /** The merge rule of the shared store, in memory: released never turns active; else more answers win. */
    static boolean newer(LockdownReport theirs, LockdownReport ours) {
        if (theirs.active() != ours.active()) return !theirs.active();
        long a = answered(theirs);
        long b = answered(ours);
        return a != b ? a > b : theirs.releases().size() > ours.releases().size();
    }

    private static long answered(LockdownReport l) {
        return l.doors().stream().filter(d -> !d.status().equals(PENDING)).count();
    }

    synchronized List<LockdownReport> active() {
        return all.values().stream().filter(LockdownReport::active).toList();
    }

    synchronized Optional<LockdownReport> get(String id) {
        return Optional.ofNullable(all.get(id));
    }

    /**
     * The active lockdown holding this door, or null. When several hold it, a {@code lockdown} wins over
     * a {@code secure} whatever their order: decisions read it to know who may still enter.
     */
    synchronized LockdownReport covering(String doorId) {
        LockdownReport found = null;
        for (LockdownReport l : all.values()) {
            if (!l.active() || l.doors().stream().noneMatch(d -> d.id().equals(doorId))) continue;
            if (l.level() == LockdownRequest.Level.LOCKDOWN) return l;
            if (found == null) found = l;
        }
        return found;
    }

    Future<LockdownReport> start(LockdownRequest req, Principal who, String source) {
        List<DoorInfo> scope;
        try {
            scope = doorsIn(req);
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        String id = "ld-" + ID_TIME.format(started) + "-" + Integer.toHexString(0x1000 + random.nextInt(0xF000));
        List<LockdownReport.DoorResult> pending = scope.stream().map(d -> new LockdownReport.DoorResult(d.id(), PENDING, 0, null)).toList();
        LockdownReport report = new LockdownReport(id, req.level(), req.scope(), req.drill(), req.reason(), who.name(), started,
                pending, null, null);
        String what = (req.drill() ? "DRILL " : "") + req.level().id() + " of " + req.scope() + " (" + scope.size() + " doors)"
                + (req.reason() == null ? "" : ": " + req.reason());
        synchronized (this) {
            all.put(id, report); // active from here on: unlocks in scope are refused
        }
        String action = req.drill() ? req.level().id() + " (drill)" : req.level().id();
        // Who started it is on record before it is on disk: a crash between the two leaves a request the
        // next start closes as 'unknown', never an active lockdown nobody is recorded as starting.
        return audit.append(new AuditEntry(started, "lockdown.started", who.name(), source, req.scope().site(),
                        req.scope().zone(), null, null, null, action + " " + id, "requested", what))
                .onFailure(e -> {
                    synchronized (this) { // the caller is told it failed: it did not start
                        all.remove(id, report);
                    }
                })
                .compose(v -> save(report))
                .compose(v -> Future.join(scope.stream().map(d -> lockOne(d, id, who, source, t0).onSuccess(line -> answered(id, line))).toList()))
                .compose(done -> {
                    List<LockdownReport.DoorResult> results = new ArrayList<>();
                    for (int i = 0; i < scope.size(); i++) results.add(done.resultAt(i));
                    LockdownReport finished;
                    synchronized (this) { // a release while the locks were in flight stands
                        finished = withDoors(all.getOrDefault(id, report), results);
                        all.put(id, finished);
                    }
                    String summary = results.stream().collect(Collectors.groupingBy(LockdownReport.DoorResult::status, Collectors.counting())).toString();
                    return save(finished).compose(v -> audit.append(new AuditEntry(clock.instant(), "lockdown.started", who.name(), source,
                            req.scope().site(), req.scope().zone(), null, null, null, action + " " + id, "confirmed", summary))).map(finished);
                });
    }

    /**
     * Puts one door's answer into the report as it comes, so that {@code GET /lockdowns/{id}} (the console's
     * report) fills in door by door rather than all at once when the last door answered. Not saved: the
     * whole report is, once every door has answered.
     */
    private synchronized void answered(String id, LockdownReport.DoorResult line) {
        LockdownReport l = all.get(id);
        if (l == null) return;
        List<LockdownReport.DoorResult> lines = new ArrayList<>(l.doors());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).id().equals(line.id()) && lines.get(i).status().equals(PENDING)) {
                lines.set(i, line);
                all.put(id, withDoors(l, lines));
                return;
            }
        }
    }

    /** Lock one door down for a lockdown; never fails: the outcome is the door's line in the report. */
    private Future<LockdownReport.DoorResult> lockOne(DoorInfo d, String lockdownId, Principal who, String source, long t0) {
        return commandOne(d, new DoorCommand.Lockdown(), CommandOrigin.LOCKDOWN, "lockdown (" + lockdownId + ")", who, source, t0);
    }

    /** Sends one door its part of a lockdown or a release, audited; the door's line: confirmed, failed or offline. */
    private Future<LockdownReport.DoorResult> commandOne(DoorInfo d, DoorCommand command, CommandOrigin origin, String action,
                                                         Principal who, String source, long t0) {
        return doors.send(d, command, origin, action, who, source, null).transform(ar -> {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ar.succeeded()) {
                var o = ar.result();
                return Future.succeededFuture(new LockdownReport.DoorResult(d.id(), o.confirmed() ? "confirmed" : "failed", ms, o.detail()));
            }
            String status = WardenException.codeOf(ar.cause()) == ErrorCode.DEVICE_OFFLINE ? "offline" : "failed";
            return Future.succeededFuture(new LockdownReport.DoorResult(d.id(), status, ms, ar.cause().getMessage()));
        });
    }

    Future<LockdownReport> release(String id, Principal who, String source) {
        LockdownReport released;
        LockdownReport active;
        synchronized (this) {
            LockdownReport l = all.get(id);
            active = l;
            if (l == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no lockdown '" + id + "'"));
            if (!l.active()) {
                String why = "lockdown " + id + " was already released by " + l.releasedBy() + " at " + l.releasedAt();
                // A second release is refused on the record too: who tried, and when, is part of the lockdown's story.
                return audit.append(new AuditEntry(clock.instant(), "lockdown.released", who.name(), source, l.scope().site(),
                                l.scope().zone(), null, null, null, "release " + id, "refused", why))
                        .compose(r -> Future.failedFuture(new PolicyException(PolicyCode.CONFLICT, why)));
            }
            released = new LockdownReport(l.id(), l.level(), l.scope(), l.drill(), l.reason(), l.startedBy(), l.startedAt(),
                    l.doors(), who.name(), clock.instant());
            all.put(id, released);
        }
        // On record first, then on disk; a release that cannot be recorded does not happen (the lockdown stands).
        return audit.append(new AuditEntry(released.releasedAt(), "lockdown.released", who.name(), source,
                        released.scope().site(), released.scope().zone(), null, null, null, "release " + id, "confirmed",
                        (released.drill() ? "DRILL " : "") + released.level().id() + " of " + released.scope() + " released; doors stay locked"))
                .onFailure(e -> {
                    synchronized (this) {
                        all.replace(id, released, active);
                    }
                })
                .compose(v -> save(released))
                .compose(v -> releaseDoors(released, who, source));
    }

    /**
     * Once the release is on record and on disk: a {@code Release} to each door of it that no other active
     * lockdown holds (a door still held is {@code held}: its device lockdown stays), all at once; answers
     * when every door has (each within its command timeout). A door whose release failed is owed one:
     * the enforcer retries it while the gateway runs.
     */
    private Future<LockdownReport> releaseDoors(LockdownReport released, Principal who, String source) {
        long t0 = System.nanoTime();
        String action = "release (" + released.id() + ")";
        Set<String> ids = new LinkedHashSet<>();
        released.doors().forEach(d -> ids.add(d.id()));
        List<Future<LockdownReport.DoorResult>> each = new ArrayList<>();
        for (String door : ids) {
            if (!doors.known(door)) continue; // reported when the lockdown was loaded
            LockdownReport holder = covering(door);
            if (holder != null) {
                each.add(Future.succeededFuture(new LockdownReport.DoorResult(door, "held", 0, "still held by " + holder.id())));
                continue;
            }
            each.add(commandOne(doors.info(door), new DoorCommand.Release(), CommandOrigin.RELEASE, action, who, source, t0).map(r -> {
                if (!r.status().equals("confirmed")) enforcer.oweRelease(door, released.id());
                return r;
            }));
        }
        return Future.join(each).compose(done -> {
            List<LockdownReport.DoorResult> results = new ArrayList<>();
            for (int i = 0; i < each.size(); i++) results.add(done.resultAt(i));
            LockdownReport finished;
            synchronized (this) {
                LockdownReport now = all.getOrDefault(released.id(), released);
                finished = new LockdownReport(now.id(), now.level(), now.scope(), now.drill(), now.reason(), now.startedBy(),
                        now.startedAt(), now.doors(), now.releasedBy(), now.releasedAt(), results);
                all.put(released.id(), finished);
            }
            // The release itself is on record and on disk already; only its doors' lines would be missing from the file.
            return save(finished).recover(e -> {
                log.error("event=lockdowns_save_failed lockdown={} error=\"{}\"", released.id(), e.getMessage());
                return Future.succeededFuture();
            }).map(finished);
        });
    }

    private List<DoorInfo> doorsIn(LockdownRequest req) {
        LockdownRequest.Scope s = req.scope();
        List<DoorInfo> out = new ArrayList<>();
        if (!s.doors().isEmpty()) {
            for (String id : s.doors()) out.add(doors.info(id));
        } else {
            for (DoorInfo d : doors.all()) {
                if ((s.site() != null && s.site().equals(d.site())) || (s.zone() != null && s.zone().equals(d.zone()))) out.add(d);
            }
        }
        if (req.level() == LockdownRequest.Level.SECURE) out.removeIf(d -> !d.exterior());
        if (out.isEmpty()) {
            throw new WardenException(ErrorCode.BAD_REQUEST, "no " + (req.level() == LockdownRequest.Level.SECURE ? "exterior " : "")
                    + "doors in " + s);
        }
        return out;
    }

    /** Saved before its doors answered, then the gateway stopped: no door is "pending" any more, none is known locked. */
    private static LockdownReport withoutPending(LockdownReport l) {
        if (l.doors().stream().noneMatch(d -> d.status().equals(PENDING))) return l;
        return withDoors(l, l.doors().stream().map(d -> !d.status().equals(PENDING) ? d : new LockdownReport.DoorResult(d.id(), "failed",
                0, "no answer was recorded before the gateway stopped; the lock is re-asserted at start (see the door's state)")).toList());
    }

    private static LockdownReport withDoors(LockdownReport l, List<LockdownReport.DoorResult> results) {
        return new LockdownReport(l.id(), l.level(), l.scope(), l.drill(), l.reason(), l.startedBy(), l.startedAt(), results,
                l.releasedBy(), l.releasedAt(), l.releases());
    }

    /**
     * Saves {@code changed} (a store with one document saves the active lockdowns and the most recent
     * released ones); the audit trail keeps them all.
     */
    private Future<Void> save(LockdownReport changed) {
        trim();
        return store.save(changed, this::snapshot);
    }

    private synchronized List<LockdownReport> snapshot() {
        trim();
        return new ArrayList<>(all.values());
    }

    private synchronized void trim() {
        long released = all.values().stream().filter(l -> !l.active()).count();
        var it = all.values().iterator();
        while (released > KEEP_RELEASED && it.hasNext()) {
            if (!it.next().active()) {
                it.remove();
                released--;
            }
        }
    }
}
