package io.warden.gateway.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.api.DoorCommand;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.door.CommandOutcome;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.TimedRelock;
import io.warden.gateway.people.Directory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code access.doorSchedules} (free access): every {@code tick} it asks each door
 * schedule whether it is open now on the wall clock of each of its doors' sites, with the calendar
 * read afresh from a {@link Supplier} (a holiday imported at noon counts at once).
 *
 * <ul>
 *   <li>On an opening edge, and at start for a schedule already open, the door gets
 *       {@code unlock until <the schedule's next change>} through {@link GatewayDoorService#scheduled},
 *       as {@code schedule:<id>}: the lock at the close is the door service's durable timed relock,
 *       so neither a restart nor a crash leaves the door unlocked past it. An {@code until} further
 *       ahead than {@code maxUnlock} is cut there and renewed shortly before it, while the schedule
 *       stays open and the relock is still this schedule's.</li>
 *   <li>A closing edge before that relock (the calendar changed, e.g. today became a holiday) locks
 *       the door at once, if the relock pending is still this schedule's.</li>
 *   <li>Lockdown beats operator beats schedule. During a lockdown the unlock is refused by the door
 *       service and audited ({@code refused}); after the lockdown's release the door stays locked
 *       until the schedule's next opening edge: a release never unlocks doors by itself (on
 *       {@code always}, which has no edge, the door stays locked until an operator unlocks it or the
 *       gateway starts again). An
 *       operator's lock or unlock in the window replaces this schedule's relock, and the schedule
 *       leaves the door alone until its next opening edge.</li>
 *   <li>An unlock that fails for a transient reason (the door offline, no answer) is tried again while
 *       the schedule is open, after 1, 2, 4 ... 32 ticks, each attempt audited by the door service; one
 *       the device refused is not.</li>
 * </ul>
 *
 * <p>Threads: the checks run on the context that called {@link #start}; their state is confined to it.
 */
public final class DoorSchedules {
    private static final Logger log = LoggerFactory.getLogger(DoorSchedules.class);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(15);
    private static final int MAX_BACKOFF_TICKS = 32;
    /** No unlock for less than this (the gateway started a moment before the close). */
    private static final Duration MIN_UNLOCK = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final GatewayDoorService doors;
    private final Supplier<Directory> calendar;
    private final Clock clock;
    private final Duration tick;
    private final Duration maxUnlock;
    private final List<Entry> entries = new ArrayList<>();
    private long timer = -1;
    private long checks;

    /** One door of one door schedule, and what the last check saw. */
    private static final class Entry {
        final String scheduleId;
        final Schedule schedule;
        final String door;
        final ZoneId zone;
        Boolean wasOpen; // null: not checked yet
        boolean busy;
        Instant sentUntil; // the until of this schedule's last confirmed unlock
        Instant retryAt;
        int failures;

        Entry(String scheduleId, Schedule schedule, String door, ZoneId zone) {
            this.scheduleId = scheduleId;
            this.schedule = schedule;
            this.door = door;
            this.zone = zone;
        }

        String actor() {
            return "schedule:" + scheduleId;
        }
    }

    /**
     * @param configs   the validated {@code access.doorSchedules}
     * @param schedules the compiled schedules ({@link Schedules#compile})
     * @param siteZones each site's time zone by site id ({@code GatewayConfig.siteZones()}; a site not in it: UTC)
     * @param calendar  the directory whose calendar is current, read at every check
     * @param clock     when "now" is, for the schedules
     * @param tick      how often to check; {@link #DEFAULT_TICK} in production
     * @param maxUnlock how far ahead an unlock until may reach ({@code doorPolicy.maxUnlockMinutes})
     */
    public DoorSchedules(Vertx vertx, GatewayDoorService doors, List<AccessConfig.DoorSchedule> configs, Map<String, Schedule> schedules,
                         Map<String, ZoneId> siteZones, Supplier<Directory> calendar, Clock clock, Duration tick, Duration maxUnlock) {
        this.vertx = vertx;
        this.doors = doors;
        this.calendar = calendar;
        this.clock = clock;
        this.tick = tick;
        this.maxUnlock = maxUnlock;
        List<DoorInfo> all = doors.doors(null, null).stream().map(DoorView::info).toList();
        for (AccessConfig.DoorSchedule c : configs) {
            Schedule s = schedules.get(c.schedule());
            if (s == null) throw new IllegalArgumentException("door schedule '" + c.id() + "': no schedule '" + c.schedule() + "'");
            Set<String> ids = new LinkedHashSet<>(c.doors());
            for (DoorInfo d : all) if (c.zones().contains(d.zone())) ids.add(d.id());
            for (DoorInfo d : all) {
                if (ids.contains(d.id())) entries.add(new Entry(c.id(), s, d.id(), siteZones.getOrDefault(d.site(), ZoneId.of("UTC"))));
            }
        }
    }

    /** Checks at once, then every tick. */
    public void start() {
        timer = vertx.setPeriodic(1, Math.max(1, tick.toMillis()), id -> check());
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }

    /** How many checks have run, for tests. */
    long checks() {
        return checks;
    }

    private void check() {
        Instant now = clock.instant();
        Directory cal = calendar.get();
        for (Entry e : entries) {
            if (e.busy) continue;
            boolean open;
            try {
                open = e.schedule.isOpen(now, e.zone, cal);
            } catch (RuntimeException ex) { // never a reason to stop checking the others
                log.error("event=schedule_check_failed schedule={} door={} error=\"{}\"", e.scheduleId, e.door, ex.toString());
                continue;
            }
            Boolean was = e.wasOpen;
            e.wasOpen = open;
            if (open && !Boolean.TRUE.equals(was)) {
                e.failures = 0;
                unlock(e, now, cal);
            } else if (open && e.retryAt != null && !now.isBefore(e.retryAt)) {
                unlock(e, now, cal);
            } else if (open && e.sentUntil != null && !now.isBefore(e.sentUntil.minus(tick.multipliedBy(3))) && ours(e)) {
                renew(e, now, cal);
            } else if (!open && Boolean.TRUE.equals(was)) {
                e.retryAt = null;
                if (e.sentUntil != null && now.isBefore(e.sentUntil) && ours(e)) lock(e); // closed before its relock
                e.sentUntil = null;
            }
        }
        checks++;
    }

    /** The door's pending relock is this schedule's latest unlock: nobody has taken the door over since. */
    private boolean ours(Entry e) {
        TimedRelock r = doors.pendingRelocks().get(e.door);
        return r != null && r.unlockBy().equals(e.actor()) && r.until().equals(e.sentUntil);
    }

    private Instant until(Entry e, Instant now, Directory cal) {
        Instant cap = now.plus(maxUnlock).truncatedTo(ChronoUnit.SECONDS);
        return e.schedule.nextChange(now, e.zone, cal).filter(t -> t.isBefore(cap)).orElse(cap);
    }

    private void renew(Entry e, Instant now, Directory cal) {
        Instant until = until(e, now, cal);
        if (until.isAfter(e.sentUntil)) unlock(e, now, cal); // else: the relock ends the window as it should
    }

    private void unlock(Entry e, Instant now, Directory cal) {
        Instant until = until(e, now, cal);
        if (until.isBefore(now.plus(MIN_UNLOCK))) return; // e.g. started a moment before the close: not worth a command
        e.busy = true;
        e.retryAt = null;
        send(e, new DoorCommand.Unlock(until)).onComplete(ar -> {
            e.busy = false;
            if (ar.succeeded()) {
                e.sentUntil = until;
                e.failures = 0;
            } else if (WardenException.codeOf(ar.cause()).isTransient()) { // a lockdown's refusal waits for the next opening edge
                e.failures++;
                e.retryAt = clock.instant().plus(tick.multipliedBy(Math.min(MAX_BACKOFF_TICKS, 1L << Math.min(5, e.failures - 1))));
            }
        });
    }

    private void lock(Entry e) {
        e.busy = true;
        send(e, new DoorCommand.Lock()).onComplete(ar -> e.busy = false);
    }

    private Future<CommandOutcome> send(Entry e, DoorCommand command) {
        return doors.scheduled(e.door, command, e.scheduleId).onFailure(ex ->
                log.info("event=schedule_command_failed schedule={} door={} command={} reason=\"{}\"", e.scheduleId, e.door,
                        command.name(), ex.getMessage()));
    }
}
