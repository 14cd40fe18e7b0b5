package io.warden.gateway.audit;

import io.warden.gateway.PrivateFiles;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditStore} whose chain is anchored outside the database: every {@code everyRecords}
 * records or {@code every} (whichever comes first), and at {@link #close}, it signs a checkpoint (last
 * seq, its hash, count, time) with a key kept in a file of its own ({@link AuditSigningKey}), appends it
 * to the checkpoint file ({@link AuditCheckpointFile}), sends it to syslog when configured, and appends
 * it to the trail itself as a record of type {@code audit.checkpoint}, so it reaches the live event
 * stream. Wraps any store: it needs only the store's commit hook ({@link #committed}) and its API.
 *
 * <p>At {@link #start} it checks the trail's tail against the last checkpoint and refuses to start
 * when the trail is shorter than a checkpoint says (records deleted: their seqs would be reused) or the
 * checkpointed record's hash differs (the chain was rewritten). {@link #verify(List)} checks the whole
 * trail against every checkpoint in the file.
 *
 * <p>Threads: {@link #committed} runs on the store's writer thread and only updates atomics; everything
 * else runs on the context that called {@link #start}; signing and file and network I/O on a worker.
 */
public final class AnchoredAuditStore implements AuditStore {
    private static final Logger log = LoggerFactory.getLogger(AnchoredAuditStore.class);

    /**
     * @param checkpointFile where checkpoints are appended (the public key goes beside it)
     * @param keyFile        the Ed25519 signing key; generated there on first start
     * @param everyRecords   checkpoint after this many records, at least 1
     * @param every          checkpoint at least this often while records arrive
     * @param syslog         also send each checkpoint there, or null
     */
    public record Settings(Path checkpointFile, Path keyFile, int everyRecords, Duration every, SyslogSender syslog) {}

    private final Vertx vertx;
    private final AuditStore store;
    private final Settings settings;
    private final Clock clock;
    private final AuditCheckpointFile file;
    private final WorkerExecutor worker;
    private final AtomicReference<AuditRecord> head = new AtomicReference<>();
    private final AtomicLong lastEventSeq = new AtomicLong();   // highest seq that is not a checkpoint record
    private final AtomicBoolean countReached = new AtomicBoolean();
    private volatile long checkpointedSeq;
    private volatile long countFrom;   // the record count for the next checkpoint starts after this seq
    private volatile AuditCheckpoint lastCheckpoint;
    private volatile String failure;
    private volatile String syslogFailure;
    private volatile boolean started;
    private volatile AuditSigningKey key;   // set at start, used on the worker
    private volatile Context context;   // set at start; read by the commit hook
    private long timer = -1;
    private Future<Void> inFlight;
    private boolean again;

    /** A store to {@link #start}; hand {@link #committed} to {@code store} as its commit hook before that. */
    public AnchoredAuditStore(Vertx vertx, AuditStore store, Settings settings, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.file = new AuditCheckpointFile(settings.checkpointFile());
        this.worker = vertx.createSharedWorkerExecutor("warden-audit-checkpoint-" + System.identityHashCode(this), 1);
    }

    /** The commit hook: every durable record, in seq order, on the store's writer thread. Never blocks. */
    public void committed(AuditRecord r) {
        head.accumulateAndGet(r, (a, b) -> a == null || b.seq() > a.seq() ? b : a);
        if (AuditCheckpoint.EVENT_TYPE.equals(r.entry().type())) return;
        lastEventSeq.accumulateAndGet(r.seq(), Math::max);
        Context ctx = context;
        if (started && ctx != null && r.seq() - countFrom >= settings.everyRecords() && countReached.compareAndSet(false, true)) {
            ctx.runOnContext(v -> checkpoint(true));
        }
    }

    /**
     * Load (or create) the key, check the public key beside the checkpoint file, check the trail's tail
     * against the last checkpoint, then checkpoint on schedule. Fails with {@link ErrorCode#INTERNAL} and a
     * message that says what to do when the trail was truncated or rewritten, or the files do not fit.
     */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        return store.lastSeq()
                .compose(lastSeq -> worker.executeBlocking(() -> loadAnchors(lastSeq), true))
                .compose(contents -> {
                    for (AuditBreak b : contents.bad()) log.warn("audit.checkpoint.bad file={} detail=\"{}\"", file.path(), b.detail());
                    return store.lastSeq().compose(lastSeq -> checkTail(contents.last(), lastSeq));
                })
                .onSuccess(v -> {
                    started = true;
                    timer = vertx.setPeriodic(Math.max(1, settings.every().toMillis()), id -> checkpoint(true));
                    log.info("audit.anchor.started checkpoints={} key={} lastCheckpointSeq={} everyRecords={} everySeconds={} syslog={}",
                            file.path(), settings.keyFile(), checkpointedSeq, settings.everyRecords(), settings.every().toSeconds(),
                            settings.syslog() == null ? "-" : settings.syslog());
                });
    }

    private AuditCheckpointFile.Contents loadAnchors(long lastSeq) throws Exception {
        boolean keyExisted = Files.exists(settings.keyFile());
        key = AuditSigningKey.loadOrCreate(settings.keyFile());
        if (!keyExisted) {
            log.warn("audit.key.created file={} note=\"move it off the data disk; whoever holds it can sign checkpoints\"", settings.keyFile());
        } else if (AuditSigningKey.readableByOthers(settings.keyFile())) {
            log.warn("audit.key.permissions file={} note=\"group or others can read it; chmod 600\"", settings.keyFile());
        }
        Path pub = AuditCheckpointFile.publicKeyFile(file.path());
        if (Files.exists(pub)) {
            if (!AuditSigningKey.readPublic(pub).equals(key.publicKey())) {
                throw refuse("the public key " + pub + " is not the signing key " + settings.keyFile() + "'s: the key was replaced, "
                        + "or the checkpoint file belongs to another gateway. Restore the original key, or start a new checkpoint file "
                        + "elsewhere and keep the old one with its .pub as evidence");
            }
        } else {
            PrivateFiles.createDirectories(pub.toAbsolutePath().getParent());
            PrivateFiles.write(pub, AuditSigningKey.publicPem(key.publicKey()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        if (!Files.exists(file.path())) {
            if (keyExisted && lastSeq > 0) {
                throw refuse("the checkpoint file " + file.path() + " is missing but the signing key " + settings.keyFile()
                        + " exists and the trail holds " + lastSeq + " records: the checkpoints were deleted or moved. Restore the file "
                        + "(or point audit.checkpoints.file at it)");
            }
            PrivateFiles.createFile(file.path());
        }
        return AuditCheckpointFile.read(file.path(), key.publicKey());
    }

    private Future<Void> checkTail(AuditCheckpoint last, long lastSeq) {
        lastEventSeq.accumulateAndGet(lastSeq, Math::max);
        Future<Void> checked = Future.succeededFuture();
        if (last != null) {
            if (lastSeq < last.seq()) {
                return Future.failedFuture(refuse("the audit trail ends at seq " + lastSeq + " but the checkpoint of " + last.time()
                        + " in " + file.path() + " signed seq " + last.seq() + " (count " + last.count() + "): " + (last.seq() - lastSeq)
                        + " records at the end were deleted. The gateway will not reuse their seqs. Restore the database from a "
                        + "backup; 'warden audit verify --db FILE --checkpoints FILE' lists every break"));
            }
            checked = recordAt(last.seq()).compose(r -> {
                if (r != null && r.hash().equals(last.hash())) return Future.succeededFuture();
                return Future.failedFuture(refuse("record " + last.seq() + " of the audit trail " + (r == null ? "is missing"
                        : "has hash " + r.hash()) + " but the checkpoint of " + last.time() + " in " + file.path() + " signed "
                        + last.hash() + ": the trail was rewritten. Restore the database from a backup; 'warden audit verify --db FILE "
                        + "--checkpoints FILE' lists every break"));
            });
            lastCheckpoint = last;
            checkpointedSeq = last.seq();
            countFrom = last.seq();
        }
        return checked.compose(v -> lastSeq == 0 ? Future.succeededFuture() : recordAt(lastSeq).map(r -> {
            if (r != null) head.accumulateAndGet(r, (a, b) -> a == null || b.seq() > a.seq() ? b : a);
            return null;
        }));
    }

    private Future<AuditRecord> recordAt(long seq) {
        return store.query(AuditQuery.all(1).after(seq - 1))
                .map(page -> page.items().isEmpty() || page.items().get(0).seq() != seq ? null : page.items().get(0));
    }

    private static WardenException refuse(String message) {
        return new WardenException(ErrorCode.INTERNAL, "audit trail refused: " + message);
    }

    /**
     * Make a checkpoint now when records arrived since the last one. Runs on the start context; a call
     * while one is being written schedules one more after it.
     *
     * @param toTrail also append it to the trail as an {@code audit.checkpoint} record (not at close)
     */
    Future<Void> checkpoint(boolean toTrail) {
        if (inFlight != null) {
            again = true;
            return inFlight;
        }
        AuditRecord at = head.get();
        countReached.set(false);
        if (at == null || lastEventSeq.get() <= checkpointedSeq) return Future.succeededFuture();
        AuditCheckpoint unsigned;
        try {
            unsigned = new AuditCheckpoint(at.seq(), at.hash(), at.seq(), clock.instant().truncatedTo(ChronoUnit.MILLIS), null);
        } catch (IllegalArgumentException e) {
            failure = "record " + at.seq() + " has no chain hash to sign: " + e.getMessage();
            log.warn("audit.checkpoint.failed seq={} error=\"{}\"", at.seq(), failure);
            return Future.succeededFuture();
        }
        countFrom = at.seq();
        Future<Void> f = worker.executeBlocking(() -> write(unsigned), true)
                .compose(cp -> {
                    lastCheckpoint = cp;
                    checkpointedSeq = cp.seq();
                    failure = null;
                    log.info("audit.checkpoint seq={} hash={} file={}", cp.seq(), cp.hash(), file.path());
                    if (!toTrail) return Future.<Void>succeededFuture();
                    return store.append(new AuditEntry(cp.time(), AuditCheckpoint.EVENT_TYPE, "system", null, null, null, null, null,
                            null, "checkpoint", "ok", cp.describe())).<Void>mapEmpty()
                            .onFailure(e -> log.warn("audit.checkpoint.record.failed seq={} error=\"{}\"", cp.seq(), e.getMessage()));
                })
                .recover(e -> {
                    failure = e.getMessage();
                    countFrom = checkpointedSeq;
                    log.warn("audit.checkpoint.failed seq={} file={} error=\"{}\"", unsigned.seq(), file.path(), e.getMessage());
                    return Future.succeededFuture();
                });
        inFlight = f.andThen(x -> {
            inFlight = null;
            if (again && started) {
                again = false;
                checkpoint(true);
            }
        });
        return inFlight;
    }

    private AuditCheckpoint write(AuditCheckpoint unsigned) throws Exception {
        AuditCheckpoint cp = key.sign(unsigned);
        file.append(cp);
        SyslogSender syslog = settings.syslog();
        if (syslog != null) {
            try {
                syslog.send(cp.time(), AuditCheckpoint.EVENT_TYPE, cp.describe());
                syslogFailure = null;
            } catch (java.io.IOException e) {
                syslogFailure = e.toString();
                log.warn("audit.checkpoint.syslog.failed to={} error=\"{}\"", syslog, e.toString());
            }
        }
        return cp;
    }

    /** For {@code /health}: {@code state} ok | checkpoint-failed | starting, the last checkpoint, records since it. */
    @Override
    public JsonObject chainState() {
        AuditCheckpoint cp = lastCheckpoint;
        String state = !started ? "starting" : failure != null ? "checkpoint-failed" : "ok";
        JsonObject j = new JsonObject().put("state", state)
                .put("checkpointSeq", cp == null ? null : cp.seq())
                .put("checkpointTime", cp == null ? null : cp.time().toString())
                .put("sinceCheckpoint", Math.max(0, lastEventSeq.get() - checkpointedSeq));
        if (failure != null) j.put("error", failure);
        if (syslogFailure != null) j.put("syslogError", syslogFailure);
        return j;
    }

    @Override
    public Future<AuditRecord> append(AuditEntry entry) {
        return store.append(entry);
    }

    @Override
    public Future<AuditPage> query(AuditQuery query) {
        return store.query(query);
    }

    /** Verify against {@code checkpoints} and every checkpoint in the file; bad lines of the file are breaks too. */
    @Override
    public Future<AuditVerification> verify(List<AuditCheckpoint> checkpoints) {
        // The key in memory, not the .pub beside the file: a replaced .pub with re-signed lines must not pass.
        return worker.executeBlocking(() -> AuditCheckpointFile.read(file.path(), key.publicKey()), false)
                .compose(contents -> {
                    List<AuditCheckpoint> all = new ArrayList<>(checkpoints);
                    all.addAll(contents.checkpoints());
                    return store.verify(all).map(v -> v.plus(contents.bad()));
                });
    }

    @Override
    public Future<AuditHealth> check(java.time.Duration timeout) {
        return store.check(timeout);
    }

    @Override
    public Future<Long> lastSeq() {
        return store.lastSeq();
    }

    /** Write a last checkpoint (not to the trail), then close the store. */
    @Override
    public Future<Void> close() {
        if (context == null) return store.close().eventually(() -> worker.close());
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (timer >= 0) vertx.cancelTimer(timer);
            timer = -1;
            boolean wasStarted = started;
            started = false;
            Future<Void> running = inFlight == null ? Future.succeededFuture() : inFlight;
            Future<Void> last = wasStarted ? running.transform(x -> checkpoint(false)) : Future.succeededFuture();
            last.transform(x -> store.close()).onComplete(ar -> worker.close().onComplete(x -> done.handle(ar)));
        });
        return done.future();
    }
}
