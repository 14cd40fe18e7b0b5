package io.warden.gateway.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of {@code unlock until}: every accepted one leaves a {@link TimedRelock} on disk
 * (written before the command reaches the device), re-armed at start, and at its time the door is
 * locked by {@code system} with an audit detail naming the unlock it ends. One that fell due while the
 * gateway was stopped runs at once. The device may time short unlocks itself; this is the belt to its
 * braces, and the only relock for unlocks longer than a device can time.
 *
 * <p>Composition: a later lock or permanent unlock cancels the relock, a later {@code unlock until}
 * replaces it, a pulse never shortens it (a pulse ending later moves it to the pulse's end), and a
 * lockdown's lock cancels it. Each change applies only if the relock is still the one the command saw
 * when it was sent, so answers arriving out of order never drop a newer relock. A relock that fails
 * is kept and tried again with back-off; while the door is offline it waits, and an outage longer than
 * a few retries is recorded once.
 *
 * <p>Threads. Changes come from commands, which run on the gateway context (see {@link GatewayDoorService}),
 * so relock timers belong to it too; {@link #pending()} may be read from any thread.
 */
final class TimedRelocks {
    private static final Logger log = LoggerFactory.getLogger(TimedRelocks.class);
    /** Failures after which the device surely did not act on an {@code unlock until}: the old relock stands. */
    private static final Set<ErrorCode> NOT_EXECUTED = Set.of(ErrorCode.DEVICE_OFFLINE, ErrorCode.DEVICE_REJECTED,
            ErrorCode.BAD_REQUEST, ErrorCode.UNSUPPORTED, ErrorCode.DEVICE_BUSY, ErrorCode.NOT_FOUND);

    /** The check at which a door still offline gets its one audited (failed) relock; 2+4+8+16 ticks, about 30 s, in. */
    private static final int OFFLINE_RECORDED_AT = 5;

    private final Vertx vertx;
    private final GatewayDoorService doors;
    private final RelockStore store;
    private final AuditStore audit;
    private final Clock clock;
    private final Duration retryBase;
    /** Guarded by {@code this}, like the other maps. */
    private final Map<String, TimedRelock> pending = new LinkedHashMap<>();
    private final Map<String, Long> timers = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private boolean stopped;
    /** Saves asked for so far, and those not done yet: a poll that overlapped one of ours is not applied. */
    private long saves;
    private int savesInFlight;
    private boolean polling;

    /** What a command saw when it was sent: the relock to change once the device answers. */
    record Ticket(String door, DoorCommand command, TimedRelock before, TimedRelock expected, Instant sentAt) {}

    TimedRelocks(Vertx vertx, GatewayDoorService doors, RelockStore store, AuditStore audit, Clock clock,
                 Duration retryBase) {
        this.vertx = vertx;
        this.doors = doors;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.retryBase = retryBase;
    }

    /**
     * Reads the relocks on disk and arms them; one already due runs at once. A door no longer
     * configured is dropped, and that is audited: the unlock it ended gets no relock from the gateway.
     */
    Future<Void> load() {
        return store.load().compose(list -> {
            Instant now = clock.instant();
            List<Future<?>> dropped = new ArrayList<>();
            List<String> droppedDoors = new ArrayList<>();
            synchronized (this) {
                for (TimedRelock r : list) {
                    if (!doors.known(r.door())) {
                        log.warn("event=relock_dropped door={} reason=\"door not in the configuration\" relock=\"{}\"", r.door(), r.describe());
                        dropped.add(audit.append(new AuditEntry(now, "door.command", Principal.SYSTEM.name(), null, null, null, r.door(),
                                null, null, "lock (relock)", "skipped", "door " + r.door() + " is not in the configuration: relock due at "
                                + r.at() + " dropped; it " + r.describe() + "; check the door")));
                        droppedDoors.add(r.door());
                        continue;
                    }
                    pending.put(r.door(), r);
                    arm(r, !r.at().isAfter(now));
                }
            }
            return dropped.isEmpty() ? Future.succeededFuture() : Future.join(dropped).compose(x -> save(droppedDoors));
        });
    }

    /** The relocks pending now, by door, for views and tests. */
    synchronized Map<String, TimedRelock> pending() {
        return Map.copyOf(pending);
    }

    /**
     * Before a command goes to the device (its request already audited as {@code requested}): an
     * {@code unlock until} writes its relock to disk first, so a crash after the device unlocked
     * still relocks.
     */
    Future<Ticket> beforeSend(DoorInfo d, DoorCommand command, Principal who, AuditRecord requested) {
        Instant now = clock.instant();
        synchronized (this) {
            TimedRelock before = pending.get(d.id());
            if (!(command instanceof DoorCommand.Unlock u) || u.until() == null) {
                return Future.succeededFuture(new Ticket(d.id(), command, before, before, now));
            }
            TimedRelock next = new TimedRelock(d.id(), u.until(), u.until(), who.name(), requested.entry().time(), requested.seq());
            put(next);
            return save(List.of(d.id())).map(new Ticket(d.id(), command, before, next, now)).onFailure(e -> restore(next, before));
        }
    }

    /** Puts {@code before} back when {@code written} is still the door's relock. */
    private synchronized void restore(TimedRelock written, TimedRelock before) {
        if (pending.get(written.door()) != written) return;
        if (before == null) remove(written.door());
        else put(before);
    }

    /**
     * Once the device answered: a confirmed lock (lockdown and release included) or permanent unlock cancels the relock, a confirmed
     * pulse may move it later; an {@code unlock until} that surely did not run gives the old relock back.
     *
     * @param failure null when the device confirmed
     */
    Future<Void> afterAnswer(Ticket t, ErrorCode failure, Duration defaultPulse) {
        synchronized (this) {
            TimedRelock current = pending.get(t.door());
            if (current != t.expected() || current == null) return Future.succeededFuture();
            DoorCommand c = t.command();
            if (failure == null) {
                if (c instanceof DoorCommand.Lock || c instanceof DoorCommand.Lockdown || c instanceof DoorCommand.Release
                        || c instanceof DoorCommand.Unlock u && u.until() == null) {
                    remove(t.door());
                } else if (c instanceof DoorCommand.Pulse p) {
                    Instant end = t.sentAt().plus(p.duration() == null ? defaultPulse : p.duration());
                    if (!end.isAfter(current.at())) return Future.succeededFuture();
                    put(current.movedTo(end));
                } else {
                    return Future.succeededFuture();
                }
            } else if (c instanceof DoorCommand.Unlock u && u.until() != null && NOT_EXECUTED.contains(failure)) {
                restore(current, t.before());
            } else {
                return Future.succeededFuture();
            }
            return save(List.of(t.door()));
        }
    }

    /**
     * With a shared store, on each re-assert tick: takes in the relocks other nodes wrote, changed or
     * ran (a door's relock runs on the node that drives it). Skipped while one of this node's saves is
     * in flight, or when one ran meanwhile: the next tick reads again.
     */
    void poll() {
        long before;
        synchronized (this) {
            if (!store.shared() || stopped || polling || savesInFlight > 0) return;
            polling = true;
            before = saves;
        }
        store.load().onComplete(ar -> {
            synchronized (this) {
                polling = false;
                if (ar.failed()) {
                    log.warn("event=relocks_poll_failed store=\"{}\" error=\"{}\"", store, ar.cause().getMessage());
                    return;
                }
                if (stopped || saves != before || savesInFlight > 0) return;
                Map<String, TimedRelock> rows = new HashMap<>();
                ar.result().forEach(r -> rows.put(r.door(), r));
                for (String door : new ArrayList<>(pending.keySet())) {
                    if (!rows.containsKey(door)) remove(door); // ran or cancelled elsewhere
                }
                for (TimedRelock r : rows.values()) {
                    if (doors.known(r.door()) && !r.equals(pending.get(r.door()))) put(r);
                }
            }
        });
    }

    /** Stop the timers; the relocks stay on disk for the next start. */
    synchronized void stop() {
        stopped = true;
        timers.values().forEach(vertx::cancelTimer);
        timers.clear();
    }

    private void put(TimedRelock r) {
        pending.put(r.door(), r);
        attempts.remove(r.door());
        arm(r, false);
    }

    private void remove(String door) {
        pending.remove(door);
        attempts.remove(door);
        Long timer = timers.remove(door);
        if (timer != null) vertx.cancelTimer(timer);
    }

    private void arm(TimedRelock r, boolean overdue) {
        Long old = timers.remove(r.door());
        if (old != null) vertx.cancelTimer(old);
        if (stopped) return;
        long ms = Math.max(1, (Duration.between(clock.instant(), r.at()).toNanos() + 999_999) / 1_000_000);
        timers.put(r.door(), vertx.setTimer(ms, id -> fire(r, overdue)));
    }

    private void fire(TimedRelock r, boolean overdue) {
        int attempt;
        synchronized (this) {
            if (stopped || pending.get(r.door()) != r) return;
            timers.remove(r.door());
            if (clock.instant().isBefore(r.at())) { // a timer may fire a little early; never relock before the time
                arm(r, overdue);
                return;
            }
            attempt = attempts.merge(r.door(), 1, Integer::sum);
        }
        if (store.shared() && !doors.servedHere(r.door())) { // its owner runs it; look again should this node take the door over
            synchronized (this) {
                if (!stopped && pending.get(r.door()) == r) timers.put(r.door(), vertx.setTimer(retryBase.toMillis(), id -> fire(r, overdue)));
                attempts.remove(r.door());
            }
            return;
        }
        boolean online = doors.state(r.door()).online();
        if (!online && attempt != OFFLINE_RECORDED_AT) { // e.g. at start, before the line is up; an outage is recorded once
            retryLater(r, attempt, overdue);
            return;
        }
        String note = r.describe() + (overdue ? "; due at " + r.at() + " while the gateway was stopped" : "")
                + (attempt > 1 ? "; attempt " + attempt : "");
        doors.send(doors.info(r.door()), new DoorCommand.Lock(), CommandOrigin.RELOCK, "lock (relock)", Principal.SYSTEM, null, note)
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().confirmed()) return; // the lock's answer cancelled the relock
                    log.warn("event=relock_failed door={} attempt={} reason=\"{}\"", r.door(), attempt,
                            ar.succeeded() ? ar.result().detail() : ar.cause().getMessage());
                    retryLater(r, attempt, overdue);
                });
    }

    private synchronized void retryLater(TimedRelock r, int attempt, boolean overdue) {
        if (stopped || pending.get(r.door()) != r) return;
        long ms = RetryDelay.after(retryBase, attempt).toMillis();
        timers.put(r.door(), vertx.setTimer(ms, id -> fire(r, overdue)));
    }

    private Future<Void> save(List<String> changed) {
        synchronized (this) {
            saves++;
            savesInFlight++;
        }
        return store.save(changed, this::snapshot)
                .onComplete(ar -> {
                    synchronized (this) {
                        savesInFlight--;
                    }
                })
                .onFailure(e -> log.error("event=relocks_save_failed store=\"{}\" error=\"{}\"", store, e.getMessage()));
    }

    private synchronized List<TimedRelock> snapshot() {
        return new ArrayList<>(pending.values());
    }
}
