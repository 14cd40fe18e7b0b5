package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.config.FootageConfig;
import io.warden.gateway.events.EventHub;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Footage jobs: a request is audited ({@code footage.requested}, whose seq becomes the job's
 * requestSeq) before anything runs, then its cameras are exported ({@link FootageRun}) into
 * {@code <dataDir>/evidence/<id>/} and sealed as an evidence package. Jobs are kept in
 * {@code <dataDir>/evidence/<id>.job.json} and listed after a restart; a job found queued at start (never started) runs
 * then, one found running is marked
 * failed and its partial files are removed.
 *
 * <p>Thread-safe (any API instance's event loop may call); nothing blocks the caller (file work runs on worker threads). Futures fail with
 * {@link WardenException} (BAD_REQUEST, NOT_FOUND, an audit failure) or {@link PolicyException}
 * CONFLICT (cancelling a finished job, downloading an unfinished one).
 */
public final class FootageService {
    private static final Logger log = LoggerFactory.getLogger(FootageService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String RESTARTED = "gateway restarted during the export";

    /** What a job needs from the gateway. {@code key} may be null when the evidence key could not be loaded. */
    public record Settings(FootageConfig config, Path dataDir, Duration requestTimeout, String version, EvidenceKey key) {}

    private final Vertx vertx;
    private final CameraDirectory cameras;
    private final AuditStore audit;
    private final EventHub hub;
    private final Clock clock;
    private final Settings settings;
    private final FootageStore store;
    private final RecorderSessions sessions;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, FootageJob> jobs = new ConcurrentHashMap<>();
    /** The same jobs newest first, so a page costs its length, not a sort of every job ever made. */
    private final NavigableMap<FootagePage.Key, FootageJob> newestFirst = new ConcurrentSkipListMap<>();
    private final Map<String, FootageRun> running = new ConcurrentHashMap<>();
    private final Map<String, Long> timers = new ConcurrentHashMap<>();
    private final java.util.Set<String> cancelling = ConcurrentHashMap.newKeySet();
    /** Seals a package ({@link EvidencePackage#seal}); tests replace it to act while a package is being sealed. */
    volatile Sealer sealer = EvidencePackage::seal;

    /** Writes the manifest, sums and signature of a package (see {@link EvidencePackage#seal}). */
    interface Sealer {
        Future<Void> seal(Vertx vertx, Path dir, JsonObject manifest, EvidenceKey key);
    }
    private volatile boolean stopped;
    /** Jobs found queued at start, scheduled once the service is up. */
    private final List<FootageJob> requeued = new ArrayList<>();

    private FootageService(Vertx vertx, CameraDirectory cameras, AuditStore audit, EventHub hub, Clock clock, Settings settings) {
        this.vertx = vertx;
        this.cameras = cameras;
        this.audit = audit;
        this.hub = hub;
        this.clock = clock;
        this.settings = settings;
        this.store = new FootageStore(vertx, settings.dataDir().resolve("evidence"));
        this.sessions = new RecorderSessions(settings.config().sessionsPerRecorder());
    }

    /** Loads the jobs on disk; marks those interrupted by a stop or crash failed and removes their partial files. */
    public static Future<FootageService> start(Vertx vertx, CameraDirectory cameras, AuditStore audit, EventHub hub, Clock clock,
                                               Settings settings) {
        FootageService s = new FootageService(vertx, cameras, audit, hub, clock, settings);
        return s.store.loadAll().compose(loaded -> {
            List<Future<Void>> fixes = new ArrayList<>();
            for (FootageJob j : loaded) {
                s.add(j);
                if (j.status().finished()) continue;
                if (j.status() == FootageJob.Status.QUEUED && j.cameras().stream().allMatch(c -> cameras.camera(c.id()).isPresent())) {
                    // never started, nothing written: run it now (an automatic one once its window has closed), or
                    // the footage it waits for may be overwritten on the camera before anyone notices
                    log.info("event=footage_job_requeued job={}", j.id());
                    s.requeued.add(j);
                    // its run may have begun writing before "running" reached the disk: start from an empty directory
                    fixes.add(s.store.removeFiles(j.id()).compose(v -> s.store.create(j.id())).mapEmpty());
                    continue;
                }
                for (CameraJob c : j.cameras()) {
                    c.dropClips();
                    c.status(FootageJob.Status.FAILED, RESTARTED);
                }
                j.status(FootageJob.Status.FAILED, RESTARTED, clock.instant());
                log.warn("event=footage_job_interrupted job={}", j.id());
                // Its end goes on record too: every footage.requested has its footage.finished.
                AuditEntry end = new AuditEntry(clock.instant(), "footage.finished", j.automatic() ? Principal.SYSTEM.name() : j.requestedBy(),
                        null, null, null, null, null, null, "footage " + j.id(), "failed", "job " + j.id() + ": " + RESTARTED
                        + "; every file of the job was removed");
                fixes.add(s.store.removeFiles(j.id()).compose(v -> s.store.save(j)).compose(v -> audit.append(end)
                        .onFailure(t -> log.error("event=audit_append_failed type=footage.finished job={} error=\"{}\"", j.id(), t.toString()))
                        .<Void>mapEmpty().otherwiseEmpty()));
            }
            return Future.all(fixes).map(v -> {
                s.requeued.forEach(j -> s.schedule(j, j.automatic() ? Duration.between(clock.instant(), j.to().plus(AUTO_SETTLE)) : Duration.ZERO));
                s.requeued.clear();
                return s;
            });
        });
    }

    public CameraDirectory cameras() {
        return cameras;
    }

    public FootageConfig config() {
        return settings.config();
    }

    /** The signing key, or null when it could not be loaded (jobs then fail at sealing). */
    public EvidenceKey key() {
        return settings.key();
    }

    /**
     * At most {@code limit} jobs, newest first, starting after the job named by {@code cursor} (null: the newest);
     * costs {@code limit}, whatever the number of jobs. Fails BAD_REQUEST when the cursor names no job.
     */
    public FootagePage page(int limit, String cursor) {
        NavigableMap<FootagePage.Key, FootageJob> rest = newestFirst;
        if (cursor != null) {
            FootageJob after = jobs.get(cursor);
            if (after == null) {
                throw new WardenException(ErrorCode.BAD_REQUEST, "cursor '" + cursor + "' is not a footage job of this gateway: "
                        + "give the \"next\" of the previous page");
            }
            rest = newestFirst.tailMap(FootagePage.Key.of(after), false);
        }
        return FootagePage.of(rest, limit);
    }

    private void add(FootageJob job) {
        jobs.put(job.id(), job);
        newestFirst.put(FootagePage.Key.of(job), job);
    }

    public Optional<FootageJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Where a job's package lives. */
    public Path dir(String id) {
        return store.dir(id);
    }

    /**
     * Validates, audits and starts a request from the API. Fails BAD_REQUEST / NOT_FOUND naming the
     * field, or with the audit store's failure (then no job exists).
     */
    public Future<FootageJob> request(JsonObject body, Principal who, String source) {
        FootageRequest req;
        try {
            req = FootageRequest.parse(body, cameras, settings.config(), clock.instant());
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        return submit(req, false, who, source, Duration.ZERO);
    }

    /**
     * Audits and registers a job; it starts after {@code delay} (automatic capture waits for the
     * event's after-window to pass). The job is listed only once its request is on record.
     */
    Future<FootageJob> submit(FootageRequest req, boolean automatic, Principal who, String source, Duration delay) {
        if (stopped) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_BUSY, "the gateway is stopping"));
        Instant now = clock.instant();
        String id = newId(now);
        FootageJob job = new FootageJob(id, automatic, who.name(), source, req, now);
        String detail = "job " + id + " " + req.from() + ".." + req.to() + " cameras " + req.cameras()
                + (req.doors().isEmpty() ? "" : " doors " + req.doors()) + (automatic ? " (automatic)" : "") + ": " + req.reason();
        AuditEntry entry = new AuditEntry(now, "footage.requested", who.name(), source, null, null,
                req.doors().size() == 1 ? req.doors().get(0) : null, req.cameras().size() == 1 ? req.cameras().get(0) : null, null,
                "footage " + id, "requested", detail);
        return audit.append(entry).recover(t -> {
            log.error("event=footage_request_unrecorded job={} error=\"{}\"", id, t.toString());
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_BUSY,
                    "the request could not be written to the audit trail, so it was not started; try again"));
        }).compose(record -> {
            job.requestSeq(record.seq());
            return store.create(id).compose(d -> store.save(job));
        }).map(v -> {
            add(job);
            log.info("event=footage_requested job={} actor={} cameras={} from={} to={} automatic={}", id, who.name(), req.cameras().size(),
                    req.from(), req.to(), automatic);
            schedule(job, delay);
            return job;
        });
    }

    void schedule(FootageJob job, Duration delay) {
        long ms = delay.toMillis();
        if (ms <= 0) {
            vertx.runOnContext(v -> run(job));
            return;
        }
        timers.put(job.id(), vertx.setTimer(ms, t -> {
            timers.remove(job.id());
            Duration still = Duration.between(clock.instant(), job.to().plus(AUTO_SETTLE));
            if (job.automatic() && !still.isNegative() && !still.isZero()) schedule(job, still); // its end was extended
            else run(job);
        }));
    }

    /** How long after an automatic job's end it starts: the recorder needs a moment to have the last frames. */
    static final Duration AUTO_SETTLE = Duration.ofSeconds(1);

    private void run(FootageJob job) {
        if (stopped || job.status() != FootageJob.Status.QUEUED) return;
        FootageRun r = new FootageRun(this, job, vertx, clock, settings, store, sessions, cameras);
        running.put(job.id(), r);
        r.run().onComplete(ar -> running.remove(job.id()));
    }

    /** Cancel a queued or running job: replays stop, files are removed. CONFLICT when it already finished. */
    public Future<FootageJob> cancel(String id, Principal who, String source) {
        FootageJob job = jobs.get(id);
        if (job == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no footage job '" + id + "'"));
        if (job.status().finished()) {
            return Future.failedFuture(new PolicyException(PolicyCode.CONFLICT, "footage job " + id + " already finished (" + job.status().id() + ")"));
        }
        // One cancel at a time: a second one arriving while the first is being written would be audited as done too.
        if (!cancelling.add(id)) {
            return Future.failedFuture(new PolicyException(PolicyCode.CONFLICT, "footage job " + id + " is already being cancelled"));
        }
        return audit.append(new AuditEntry(clock.instant(), "footage.cancelled", who.name(), source, null, null, null, null, null,
                "footage " + id, "ok", "job " + id + " cancelled while " + job.status().id())).compose(r -> {
            if (!job.status(FootageJob.Status.CANCELLED, "cancelled by " + who.name(), clock.instant())) {
                return Future.failedFuture(new PolicyException(PolicyCode.CONFLICT, "footage job " + id + " already finished (" + job.status().id() + ")"));
            }
            for (CameraJob c : job.cameras()) c.status(FootageJob.Status.CANCELLED, null);
            Long timer = timers.remove(id);
            if (timer != null) vertx.cancelTimer(timer);
            FootageRun run = running.get(id);
            Future<Void> stopped = run != null ? run.abort(new WardenException(ErrorCode.CONNECTION_CLOSED, "the job was cancelled"))
                    : store.removeFiles(id);
            return stopped.compose(v -> store.save(job)).map(job);
        }).andThen(x -> cancelling.remove(id));
    }

    /**
     * Puts a download of a finished job's package on record ({@code footage.downloaded}, result {@code requested});
     * the package's directory once it is. CONFLICT until the job is done; the audit store's failure when the
     * request could not be recorded (then nothing may be sent). Its end goes on record through {@link #downloadEnded}.
     */
    public Future<FootageDownload> download(String id, Principal who, String source) {
        FootageJob job = jobs.get(id);
        if (job == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no footage job '" + id + "'"));
        if (job.status() != FootageJob.Status.DONE) {
            return Future.failedFuture(new PolicyException(PolicyCode.CONFLICT, "footage job " + id + " is " + job.status().id()
                    + "; its package exists only once it is done"));
        }
        return audit.append(FootageDownload.requested(clock.instant(), id, who, source))
                .map(r -> new FootageDownload(id, store.dir(id), r.seq(), who, source));
    }

    /**
     * Puts a download's end on record (footage.downloaded, result ok or failed: see {@link FootageDownload}). An audit failure is logged: the bytes already
     * went out, so there is nothing left to refuse.
     */
    public Future<Void> downloadEnded(FootageDownload d, long bytesSent, long size, Throwable failure) {
        return audit.append(d.end(clock.instant(), bytesSent, size, failure))
                .onFailure(t -> log.error("event=audit_append_failed type=footage.downloaded job={} error=\"{}\"", d.id(), t.toString()))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /** Automatic jobs not finished or finished (for deduplication). */
    List<FootageJob> automaticJobs() {
        return jobs.values().stream().filter(FootageJob::automatic).collect(Collectors.toList());
    }

    void persist(FootageJob job) {
        store.save(job).onFailure(t -> log.error("event=footage_job_save_failed job={} error=\"{}\"", job.id(), t.getMessage()));
    }

    void progress(FootageJob job, CameraJob c) {
        JsonObject j = c.toJson(false);
        hub.publishLive(new EventHub.LiveEvent("footage.progress", new JsonObject().put("id", job.id()).put("camera", c.id())
                .put("percent", j.getInteger("percent")).put("coveredSeconds", j.getDouble("coveredSeconds"))
                .put("bytes", j.getLong("bytes")).put("status", c.status().id())));
    }

    AuditStore audit() {
        return audit;
    }

    /** Stops running exports (their jobs stay "running" on disk: the next start marks them failed). */
    public Future<Void> stop() {
        stopped = true;
        timers.values().forEach(vertx::cancelTimer);
        timers.clear();
        List<Future<Void>> aborts = new ArrayList<>();
        for (FootageRun r : running.values()) aborts.add(r.abort(new WardenException(ErrorCode.CONNECTION_CLOSED, "the gateway is stopping")));
        return Future.join(aborts).mapEmpty();
    }

    boolean stopped() {
        return stopped;
    }

    private String newId(Instant now) {
        while (true) {
            String id = ID_TIME.format(now) + "-" + String.format("%06x", random.nextInt(1 << 24));
            if (!jobs.containsKey(id)) return id;
        }
    }
}
