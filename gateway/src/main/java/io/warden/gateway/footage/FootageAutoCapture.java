package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.config.FootageConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.events.EventHub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic incident capture: on the audit records {@code door.forced}, {@code door.held_open} and
 * {@code lockdown.started} (as configured), a job for the door's cameras (a lockdown: the cameras of
 * every door in its scope) from the event minus {@code beforeSeconds} to the event plus
 * {@code afterSeconds}, requested by {@code system}, started once that end has passed (a timer).
 *
 * <p>Deduplicated: when an automatic job with all those cameras already covers the event's instant,
 * nothing new is made; if that job has not started and the event's after-window reaches further,
 * its end is extended. Either way the job's detail says which event it also covers.
 */
public final class FootageAutoCapture {
    private static final Logger log = LoggerFactory.getLogger(FootageAutoCapture.class);

    private final Vertx vertx;
    private final FootageService service;
    private final FootageConfig.AutoCapture config;
    private final Clock clock;
    private final Function<String, List<String>> lockdownDoors;
    private EventHub.Subscription subscription;
    /** The record being handled; the next waits for it, so a burst of events cannot outrun a job still being registered. */
    private Future<Void> handling = Future.succeededFuture();

    /** @param lockdownDoors the door ids in a lockdown's scope, by lockdown id (empty when unknown) */
    public FootageAutoCapture(Vertx vertx, FootageService service, Clock clock, Function<String, List<String>> lockdownDoors) {
        this.vertx = vertx;
        this.service = service;
        this.config = service.config().autoCapture();
        this.clock = clock;
        this.lockdownDoors = lockdownDoors;
    }

    /** Subscribes to the hub when enabled. */
    public FootageAutoCapture start(EventHub hub) {
        if (config.enabled() && !config.on().isEmpty()) {
            var ctx = vertx.getOrCreateContext();
            subscription = hub.subscribe(r -> config.on().contains(r.entry().type()),
                    r -> ctx.runOnContext(v -> handling = handling.transform(x -> handle(r))));
        }
        return this;
    }

    public void stop() {
        if (subscription != null) subscription.cancel();
    }

    /** Deduplicates or submits; completes once a new job is registered (or refused). */
    private Future<Void> handle(AuditRecord record) {
        AuditEntry e = record.entry();
        List<String> doors = doorsOf(e);
        if (doors == null) return Future.succeededFuture();
        Set<String> cams = new LinkedHashSet<>();
        for (String d : doors) service.cameras().door(d).ifPresent(info -> cams.addAll(info.cameras()));
        cams.removeIf(c -> service.cameras().camera(c).isEmpty());
        if (cams.isEmpty()) {
            log.debug("event=auto_capture_skipped type={} seq={} reason=no_camera", e.type(), record.seq());
            return Future.succeededFuture();
        }
        Instant at = e.time();
        Instant to = at.plus(config.after());
        String what = e.type() + (e.door() != null ? " at " + e.door() : "") + " (audit seq " + record.seq() + ")";
        Instant from = at.minus(config.before());
        for (FootageJob job : service.automaticJobs()) {
            if (job.status() == FootageJob.Status.CANCELLED || job.status() == FootageJob.Status.FAILED) continue;
            Set<String> has = new LinkedHashSet<>();
            job.cameras().forEach(c -> has.add(c.id()));
            if (!has.containsAll(cams) || at.isBefore(job.from()) || !at.isBefore(job.to())) continue;
            if (job.extend(to, "extended to " + to + " for " + what)) {
                log.info("event=auto_capture_extended job={} type={} seq={} to={}", job.id(), e.type(), record.seq(), to);
            } else if (!to.isAfter(job.to())) {
                job.note("also covers " + what);
                log.info("event=auto_capture_deduplicated job={} type={} seq={}", job.id(), e.type(), record.seq());
            } else {
                // It started already (the event came late), so its end is fixed: a follow-on job takes the rest.
                job.note("continued by another job for " + what);
                service.persist(job);
                if (job.to().isAfter(from)) from = job.to();
                continue;
            }
            service.persist(job);
            return Future.succeededFuture();
        }
        FootageRequest req = new FootageRequest(doors, List.of(), new ArrayList<>(cams), from, to, "automatic capture: " + what);
        Duration wait = Duration.between(clock.instant(), to.plus(FootageService.AUTO_SETTLE));
        return service.submit(req, true, Principal.SYSTEM, null, wait.isNegative() ? Duration.ZERO : wait)
                .onSuccess(job -> log.info("event=auto_capture job={} type={} seq={} cameras={}", job.id(), e.type(), record.seq(), cams))
                .onFailure(t -> log.error("event=auto_capture_failed type={} seq={} error=\"{}\"", e.type(), record.seq(), t.getMessage()))
                .mapEmpty();
    }

    /** The doors an event concerns, or null when it is not one to act on. */
    private List<String> doorsOf(AuditEntry e) {
        if (e.type().startsWith("door.")) return e.door() == null ? null : List.of(e.door());
        if (!e.type().equals("lockdown.started") || !"requested".equals(e.result()) || e.action() == null) return null;
        String[] words = e.action().trim().split(" ");
        List<String> doors = lockdownDoors.apply(words[words.length - 1]);
        if (doors != null && !doors.isEmpty()) return doors;
        List<String> scoped = new ArrayList<>(); // fall back on the scope the record names
        for (var cam : service.cameras().all()) {
            for (String d : cam.doors()) {
                DoorInfo info = service.cameras().door(d).orElse(null);
                if (info == null || scoped.contains(d)) continue;
                if ((e.site() == null || e.site().equals(info.site())) && (e.zone() == null || e.zone().equals(info.zone()))) scoped.add(d);
            }
        }
        return scoped.isEmpty() ? null : scoped;
    }
}
