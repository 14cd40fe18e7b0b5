package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a job: its cameras exported at most {@code camerasInParallel} at once, the disk
 * watched (less than the reserve free: STORAGE_FULL, every file removed, the other cameras
 * stopped), then the manifest written and the package sealed. A cancel or stop aborts it: every
 * replay's sink fails, so the sessions are torn down, and the files are removed.
 */
final class FootageRun {
    private static final Logger log = LoggerFactory.getLogger(FootageRun.class);
    private static final long DISK_CHECK_MS = 1000;

    private final FootageService service;
    private final FootageJob job;
    private final Vertx vertx;
    private final Clock clock;
    private final FootageService.Settings settings;
    private final FootageStore store;
    private final RecorderSessions sessions;
    private final CameraDirectory cameras;
    private final AtomicReference<Throwable> abort = new AtomicReference<>();
    private final Promise<Void> done = Promise.promise();
    private final List<CameraExport> exports = new ArrayList<>();

    FootageRun(FootageService service, FootageJob job, Vertx vertx, Clock clock, FootageService.Settings settings, FootageStore store,
               RecorderSessions sessions, CameraDirectory cameras) {
        this.service = service;
        this.job = job;
        this.vertx = vertx;
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.sessions = sessions;
        this.cameras = cameras;
    }

    /** Stops the run (sinks fail, files are removed); completes once it has wound down. */
    Future<Void> abort(Throwable why) {
        abort.compareAndSet(null, why);
        return done.future();
    }

    Future<Void> run() {
        if (!job.status(FootageJob.Status.RUNNING, null, clock.instant())) {
            done.tryComplete();
            return done.future();
        }
        service.persist(job);
        long diskTimer = vertx.setPeriodic(DISK_CHECK_MS, t -> checkDisk());
        checkDisk().compose(v -> exportAll()).onComplete(ar -> {
            vertx.cancelTimer(diskTimer);
            finish().onComplete(x -> done.tryComplete());
        });
        return done.future();
    }

    private Future<Void> checkDisk() {
        return store.usableSpace().map(free -> {
            if (free < settings.config().reserveBytes()) {
                abort.compareAndSet(null, new WardenException(ErrorCode.STORAGE_FULL, "the disk is full: " + (free / (1024 * 1024))
                        + " MB free under the evidence directory, less than the " + settings.config().reserveMegabytes()
                        + " MB reserve (footage.reserveMegabytes)"));
            }
            return (Void) null;
        }).otherwise(t -> null);
    }

    private Future<Void> exportAll() {
        CameraExport.Setup setup = new CameraExport.Setup(vertx, store.dir(job.id()), job.from(), job.to(), settings.config().gap(),
                settings.config().reserveBytes(), settings.config().resumeAttempts(), settings.requestTimeout(), sessions, clock, c -> service.progress(job, c), abort::get);
        ArrayDeque<CameraExport> queue = new ArrayDeque<>();
        for (CameraJob c : job.cameras()) {
            CameraExport e = new CameraExport(setup, c, cameras.camera(c.id()).orElseThrow().camera());
            exports.add(e);
            queue.add(e);
        }
        List<Future<Void>> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(settings.config().camerasInParallel(), exports.size()); i++) workers.add(worker(queue));
        return Future.join(workers).mapEmpty();
    }

    /** Takes cameras off the queue one after another until it is empty or the job is aborted. */
    private Future<Void> worker(ArrayDeque<CameraExport> queue) {
        CameraExport next;
        synchronized (queue) {
            next = queue.poll();
        }
        if (next == null) return Future.succeededFuture();
        return next.run().recover(t -> {
            if (WardenException.codeOf(t) == ErrorCode.STORAGE_FULL) abort.compareAndSet(null, t);
            return Future.succeededFuture();
        }).compose(v -> abort.get() != null ? Future.succeededFuture() : worker(queue));
    }

    private Future<Void> finish() {
        Throwable stop = abort.get();
        if (stop != null) {
            boolean full = WardenException.codeOf(stop) == ErrorCode.STORAGE_FULL;
            Future<Void> cleaned = Future.join(exports.stream().map(CameraExport::discard).toList()).transform(x -> store.removeFiles(job.id()));
            if (job.status() == FootageJob.Status.CANCELLED || service.stopped() && !full) return cleaned;
            for (CameraJob c : job.cameras()) c.status(FootageJob.Status.CANCELLED, full ? "stopped: the disk is full" : null);
            String cause = (full ? "STORAGE_FULL: " : WardenException.codeOf(stop).name() + ": ") + stop.getMessage();
            // the status says the files are gone only once they are
            return cleaned.transform(removed -> {
                String why = cause + (removed.succeeded() ? "; every file of the job was removed"
                        : "; its files could not all be removed: " + removed.cause().getMessage());
                job.status(FootageJob.Status.FAILED, why, clock.instant());
                return store.save(job).compose(v -> finished("failed", why));
            });
        }
        List<CameraJob> cams = job.cameras();
        boolean allFailed = cams.stream().allMatch(c -> c.status() == FootageJob.Status.FAILED);
        if (allFailed) {
            String why = cams.size() == 1 ? "the camera failed: " + cams.get(0).detail() : "every camera failed";
            return store.removeFiles(job.id()).transform(x -> {
                job.status(FootageJob.Status.FAILED, why, clock.instant());
                return store.save(job);
            }).compose(v -> finished("failed", why));
        }
        Instant at = clock.instant();
        Future<Void> sealed;
        if (settings.key() == null) {
            sealed = Future.failedFuture(new WardenException(ErrorCode.INTERNAL, "the evidence signing key is not available (see the gateway log)"));
        } else {
            JsonObject manifest = FootageManifest.build(job, id -> cameras.camera(id).map(e -> e.config().name()).orElse(id),
                    settings.version(), settings.key().fingerprint(), at);
            sealed = service.sealer.seal(vertx, store.dir(job.id()), manifest, settings.key());
        }
        return sealed.transform(ar -> {
            if (ar.succeeded() && job.status(FootageJob.Status.DONE, null, at)) {
                return store.save(job).compose(v -> finished("done", null));
            }
            if (job.status().finished()) {
                // Cancelled (or the gateway stopped) while it was being sealed: no package may stay behind.
                for (CameraJob c : job.cameras()) c.dropClips();
                return store.removeFiles(job.id());
            }
            String why = "the package could not be sealed: " + WardenException.codeOf(ar.cause()).name() + ": " + ar.cause().getMessage();
            log.error("event=footage_seal_failed job={} error=\"{}\"", job.id(), ar.cause().toString());
            return store.removeFiles(job.id()).transform(x -> {
                job.status(FootageJob.Status.FAILED, why, clock.instant());
                return store.save(job);
            }).compose(v -> finished("failed", why));
        });
    }

    private Future<Void> finished(String result, String why) {
        String summary = job.cameras().stream().map(c -> {
            JsonObject j = c.toJson(false);
            return c.id() + " " + c.status().id() + " " + j.getDouble("coveredSeconds") + "/" + j.getDouble("requestedSeconds") + " s, "
                    + c.clips().size() + " clips, " + c.gaps().size() + " gaps" + (c.status() == FootageJob.Status.FAILED ? " (" + c.detail() + ")" : "");
        }).collect(Collectors.joining("; "));
        log.info("event=footage_finished job={} result={} cameras={}", job.id(), result, job.cameras().size());
        return service.audit().append(new AuditEntry(clock.instant(), "footage.finished", job.automatic() ? Principal.SYSTEM.name() : job.requestedBy(),
                        null, null, null, null, null, null, "footage " + job.id(), result, "job " + job.id() + ": " + (why == null ? "" : why + "; ") + summary))
                .onFailure(t -> log.error("event=audit_append_failed type=footage.finished job={} error=\"{}\"", job.id(), t.toString()))
                .<Void>mapEmpty().otherwiseEmpty();
    }
}
