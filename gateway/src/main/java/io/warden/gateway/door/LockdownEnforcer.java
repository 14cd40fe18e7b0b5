package io.warden.gateway.door;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the doors of active lockdowns locked down. At start every door in scope is sent its lockdown
 * once, whatever it reports (a report can be stale after a power cut). After that, a door that reports
 * unlocked, or reports a door mode other than {@code LOCKED_DOWN} (a controller with modes of its own), is
 * sent it again.
 *
 * <p>A door that keeps disagreeing (reports unlocked again, or refuses the lock) is one episode: the
 * first lock is audited like any command; if a second is needed, one {@code lockdown.door_disagrees}
 * record says so and the door is retried with back-off without a record per attempt; when it has
 * agreed for a while, one {@code lockdown.door_agrees} record closes the episode. Meanwhile it shows
 * in {@link #disagreeing()} (health and the lockdown report). Call {@link #tick} from one timer only:
 * it runs on the gateway context, like the locks it sends; {@link #disagreeing()} may be read from any thread.
 *
 * <p>In a cluster every node ticks, and each re-asserts only the doors it serves itself: the state of a
 * door served elsewhere is its owner's report, and the owner re-asserts it. An owed release is the
 * exception: the node whose release failed owes it and sends it again to whichever node serves the door.
 */
final class LockdownEnforcer {
    private static final Logger log = LoggerFactory.getLogger(LockdownEnforcer.class);
    /**
     * How long a door must agree before its episode ends, in ticks (15 × {@code Gateway.REASSERT_EVERY}
     * = 30 s): long enough that a door flapping between locked and unlocked stays one episode with one
     * pair of records instead of a record every few seconds, short enough that the report clears soon
     * after the door is fixed. A constant: it shapes the audit trail, not the site.
     */
    static final int SETTLE_TICKS = 15;

    private final GatewayDoorService doors;
    private final AuditStore audit;
    private final Clock clock;
    private final Duration every;
    /** Guarded by {@code this}. */
    private final Set<String> lockAtStart = new HashSet<>();
    private final Map<String, Episode> episodes = new HashMap<>();
    /** Doors let a lockdown-entry holder through: their unlocked report is expected until the instant given. */
    private final Map<String, Instant> entries = new HashMap<>();
    /**
     * Doors whose release failed (offline, timeout, refused), by door: sent the release again with back-off
     * while online, until one is confirmed or a new lockdown holds the door again. Kept in memory only: a
     * restart forgets them, and such a door stays in its device lockdown mode (locked) until someone
     * locks or releases it.
     */
    private final Map<String, OwedRelease> owedReleases = new HashMap<>();

    private static final class OwedRelease {
        final String door;
        final String lockdownId;
        int attempts = 1; // the release itself
        boolean inFlight;
        long nextAttemptNanos;

        OwedRelease(String door, String lockdownId, long nextAttemptNanos) {
            this.door = door;
            this.lockdownId = lockdownId;
            this.nextAttemptNanos = nextAttemptNanos;
        }
    }

    private static final class Episode {
        final String door;
        final String lockdownId;
        final Instant since;
        int attempts;
        boolean inFlight;
        boolean recorded;
        String lastError;
        long nextAttemptNanos;
        long agreeingSinceNanos;

        Episode(String door, String lockdownId, Instant since) {
            this.door = door;
            this.lockdownId = lockdownId;
            this.since = since;
        }
    }

    LockdownEnforcer(GatewayDoorService doors, AuditStore audit, Clock clock, Duration every) {
        this.doors = doors;
        this.audit = audit;
        this.clock = clock;
        this.every = every;
    }

    /**
     * Lock these doors at the next tick (each once it is online and served by this node), whatever they
     * report: at start, and when this node starts serving a controller (a takeover, its return).
     */
    synchronized void lockAtStart(Collection<String> doorIds) {
        lockAtStart.addAll(doorIds);
    }

    /**
     * A lockdown-entry holder was let through {@code door}: it reports unlocked until about
     * {@code until} (the pulse's end), and that is no disagreement with its lockdown.
     */
    synchronized void expectUnlockedUntil(String door, Instant until) {
        entries.merge(door, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** {@code door}'s release for {@code lockdownId} failed: send it again (with back-off) while the gateway runs. */
    synchronized void oweRelease(String door, String lockdownId) {
        owedReleases.put(door, new OwedRelease(door, lockdownId, System.nanoTime() + RetryDelay.after(every, 1).toNanos()));
    }

    /** The doors owed a release now, with the lockdown each is owed for. */
    synchronized Map<String, String> owedReleases() {
        Map<String, String> out = new HashMap<>();
        owedReleases.values().forEach(o -> out.put(o.door, o.lockdownId));
        return out;
    }

    /** Doors that keep disagreeing with their lockdown: retried more than once, or their last lock failed. */
    synchronized List<LockdownReport.Disagreement> disagreeing() {
        List<LockdownReport.Disagreement> out = new ArrayList<>();
        for (Episode e : episodes.values()) {
            if (e.attempts > 1 || e.lastError != null) {
                out.add(new LockdownReport.Disagreement(e.door, e.lockdownId, e.since, e.attempts, e.lastError));
            }
        }
        return out;
    }

    synchronized void tick(List<LockdownReport> active) {
        long now = System.nanoTime();
        Set<String> inScope = new HashSet<>();
        for (LockdownReport ld : active) {
            for (LockdownReport.DoorResult r : ld.doors()) {
                if (!inScope.add(r.id()) || !doors.known(r.id())) continue; // an unknown door was reported at load
                if (!doors.servedHere(r.id())) continue; // its owner re-asserts it
                // Its lockdown command is in flight: the door cannot be in its lockdown mode yet.
                if (r.status().equals(Lockdowns.PENDING) && !lockAtStart.contains(r.id())) continue;
                check(r.id(), ld.id(), doors.state(r.id()), now);
            }
        }
        episodes.keySet().removeIf(door -> !inScope.contains(door) || !doors.servedHere(door));
        Instant wall = clock.instant();
        entries.values().removeIf(until -> !wall.isBefore(until));
        lockAtStart.retainAll(inScope);
        owedReleases.keySet().removeAll(inScope); // held by a new lockdown: its lockdown command is what the door needs
        for (OwedRelease o : new ArrayList<>(owedReleases.values())) {
            if (!o.inFlight && now - o.nextAttemptNanos >= 0 && doors.known(o.door) && doors.state(o.door).online()) release(o);
        }
    }

    /** Sends an owed release again, audited like the first (actor system); forgotten once confirmed. */
    private void release(OwedRelease o) {
        o.attempts++;
        o.inFlight = true;
        doors.send(doors.info(o.door), new DoorCommand.Release(), CommandOrigin.RELEASE, "release (" + o.lockdownId + " retry)",
                        Principal.SYSTEM, null, "attempt " + o.attempts + ": the release of " + o.lockdownId + " had not reached the door")
                .map(x -> (String) null).otherwise(err -> String.valueOf(err.getMessage())).onComplete(ar -> {
                    synchronized (this) {
                        o.inFlight = false;
                        if (ar.result() == null) owedReleases.remove(o.door, o);
                        else o.nextAttemptNanos = System.nanoTime() + RetryDelay.after(every, o.attempts).toNanos();
                    }
                    if (ar.result() != null) log.warn("event=lockdown_release_failed door={} lockdown={} attempt={} reason=\"{}\"",
                            o.door, o.lockdownId, o.attempts, ar.result());
                });
    }

    private void check(String door, String lockdownId, DoorState st, long now) {
        Episode e = episodes.get(door);
        if (e != null && e.inFlight || !st.online()) return;
        Instant entryUntil = entries.get(door);
        boolean entering = entryUntil != null && clock.instant().isBefore(entryUntil);
        boolean outOfMode = st.mode() != DoorState.Mode.UNKNOWN && st.mode() != DoorState.Mode.LOCKED_DOWN;
        boolean disagrees = lockAtStart.contains(door) || (st.lock() == DoorState.LockState.UNLOCKED || outOfMode) && !entering;
        if (!disagrees) {
            if (e != null) settle(e, now);
            return;
        }
        if (e == null) {
            e = new Episode(door, lockdownId, clock.instant());
            episodes.put(door, e);
        }
        e.agreeingSinceNanos = 0;
        if (e.attempts > 0 && now - e.nextAttemptNanos < 0) return;
        attempt(e, now);
    }

    private void settle(Episode e, long now) {
        if (e.agreeingSinceNanos == 0) {
            e.agreeingSinceNanos = now;
        } else if (now - e.agreeingSinceNanos >= every.multipliedBy(SETTLE_TICKS).toNanos()) {
            episodes.remove(e.door);
            if (e.recorded) {
                record(e, "lockdown.door_agrees", "confirmed", "door %s is locked again for %s after %d locks since %s"
                        .formatted(e.door, e.lockdownId, e.attempts, e.since));
            }
        }
    }

    private void attempt(Episode e, long now) {
        e.attempts++;
        e.inFlight = true;
        Future<String> done;
        if (e.attempts == 1) {
            String action = "lockdown (re-assert " + e.lockdownId + (lockAtStart.contains(e.door) ? " at start" : "") + ")";
            done = doors.send(doors.info(e.door), new DoorCommand.Lockdown(), CommandOrigin.REASSERT, action, Principal.SYSTEM, null, null)
                    .map(o -> o.confirmed() ? null : o.detail());
        } else {
            if (!e.recorded) {
                e.recorded = true;
                record(e, "lockdown.door_disagrees", "failed", "door %s keeps disagreeing with %s (%s); locking it again with back-off, up to every %d s, without a record per attempt"
                        .formatted(e.door, e.lockdownId, e.lastError == null ? "reports unlocked or out of lockdown after a confirmed lockdown" : e.lastError,
                                every.multipliedBy(RetryDelay.CAP_FACTOR).toSeconds()));
            }
            done = doors.sendUnaudited(e.door, new DoorCommand.Lockdown()).map(x -> (String) null);
        }
        done.otherwise(err -> String.valueOf(err.getMessage())).onComplete(ar -> {
            synchronized (this) {
                e.inFlight = false;
                e.lastError = ar.result();
                if (e.lastError == null) lockAtStart.remove(e.door);
                e.nextAttemptNanos = System.nanoTime() + RetryDelay.after(every, e.attempts).toNanos();
            }
            if (ar.result() != null) log.warn("event=lockdown_reassert_failed door={} lockdown={} attempt={} reason=\"{}\"",
                    e.door, e.lockdownId, e.attempts, ar.result());
        });
    }

    private void record(Episode e, String type, String result, String detail) {
        DoorInfo d = doors.info(e.door);
        audit.append(new AuditEntry(clock.instant(), type, Principal.SYSTEM.name(), null, d.site(), d.zone(), d.id(), null, null,
                "re-assert " + e.lockdownId, result, detail)).onFailure(err ->
                log.error("event=audit_write_failed type={} door={} error=\"{}\"", type, e.door, err.getMessage()));
    }
}
