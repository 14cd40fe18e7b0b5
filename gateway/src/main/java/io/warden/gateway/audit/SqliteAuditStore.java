package io.warden.gateway.audit;

import io.warden.gateway.PrivateFiles;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded audit store: one SQLite file in WAL mode (see {@link SqliteAuditSchema} for the layout
 * and the durability settings) and the hash chain of {@link AuditChain}, whose class comment documents
 * the canonical form an auditor needs to re-verify the file.
 *
 * <p>Threads. One writer thread ({@code warden-audit-writer}) owns the write connection and drains a
 * queue: it takes every pending append (up to {@link #MAX_BATCH}), assigns seqs, chains the hashes,
 * inserts them in one transaction and commits; only then does it complete each append's future, on the
 * Vert.x context that called {@code append}. Under load many appends share one fsync; a lone append is
 * committed at once. Queries run on a reader thread with its own connection and verify on a third, so
 * neither waits behind writes (WAL readers see the last commit) nor behind each other. Nothing here runs
 * on an event loop.
 *
 * <p>Failures. When a batch cannot be committed it is rolled back, every append of the batch fails with
 * {@link ErrorCode#INTERNAL}, and the writer re-reads the tail of the chain from the file before the
 * next batch, so the chain continues from what is really stored. Before each commit the writer checks
 * that the path still names the file it opened ({@link AuditFileIdentity}); once it was deleted or
 * replaced, every append fails until the gateway restarts, as SQLite would commit into the unlinked
 * file and lose every record at exit. A lock file ({@code <file>.lock}) keeps
 * a second store, in this process or another, from writing the same trail.
 */
public final class SqliteAuditStore implements AuditStore {
    public static final int MAX_BATCH = 500;
    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(SqliteAuditStore.class);

    private final Vertx vertx;
    private final Path file;
    private final Duration busyTimeout;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SqliteAuditWriter writer;
    private final ExecutorService writerThread;
    private final ExecutorService reader;
    private final ExecutorService verifier;
    private final ExecutorService prober;
    private SqliteAuditProbe probe; // set by open, before the store is handed out
    private volatile boolean closed;
    private Connection readConn; // used on the reader thread only

    private SqliteAuditStore(Vertx vertx, Path file, Duration busyTimeout, FileChannel lockChannel, FileLock lock,
                             Consumer<AuditRecord> committed) {
        this.vertx = vertx;
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writer = new SqliteAuditWriter(file, MAX_BATCH, committed);
        this.writerThread = Executors.newSingleThreadExecutor(r -> daemon(r, "warden-audit-writer"));
        this.reader = Executors.newSingleThreadExecutor(r -> daemon(r, "warden-audit-reader"));
        this.verifier = Executors.newSingleThreadExecutor(r -> daemon(r, "warden-audit-verify"));
        this.prober = Executors.newSingleThreadExecutor(r -> daemon(r, "warden-audit-probe"));
    }

    /**
     * Open (or create) the trail in {@code file}, creating parent directories, schema and WAL, and
     * continue the chain from its last record. Fails with {@link ErrorCode#INTERNAL} when the file cannot
     * be opened or another store holds it. The future completes on the caller's context.
     */
    public static Future<SqliteAuditStore> open(Vertx vertx, Path file) {
        return open(vertx, file, r -> { });
    }

    /**
     * As {@link #open(Vertx, Path)}, and hand every record to {@code committed} once it is durable: in
     * seq order, on the writer thread, before the appender hears back. The live event stream hangs
     * here, so it never shows a record the trail does not hold. {@code committed} must not block.
     */
    public static Future<SqliteAuditStore> open(Vertx vertx, Path file, Consumer<AuditRecord> committed) {
        return open(vertx, file, DEFAULT_BUSY_TIMEOUT, committed);
    }

    static Future<SqliteAuditStore> open(Vertx vertx, Path file, Duration busyTimeout, Consumer<AuditRecord> committed) {
        return vertx.executeBlocking(() -> {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) PrivateFiles.createDirectories(parent);
            // SQLite gives -wal and -shm the database file's mode: create the database 0600, empty (a new database to SQLite)
            if (!Files.exists(file)) PrivateFiles.createFile(file);
            FileChannel ch = PrivateFiles.open(file.resolveSibling(file.getFileName() + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new WardenException(ErrorCode.INTERNAL, "audit file " + file + " is already open in another store");
            }
            SqliteAuditStore store = new SqliteAuditStore(vertx, file, busyTimeout, ch, lock, committed);
            try {
                store.writerThread.submit(() -> {
                    store.writer.open(busyTimeout);
                    return null;
                }).get();
                store.reader.submit(() -> store.readConn = SqliteAuditSchema.connect(file, false, busyTimeout)).get();
                store.probe = new SqliteAuditProbe(vertx, store.writer.identity(), store.writer, store.prober);
            } catch (Exception e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                store.writerThread.execute(store.writer::abandon);
                store.reader.execute(() -> closeQuietly(store.readConn));
                store.shutdown();
                throw new WardenException(ErrorCode.INTERNAL, "cannot open audit file " + file + ": " + cause.getMessage(), cause);
            }
            store.writerThread.execute(store.writer);
            log.info("audit.open file={} lastSeq={}", file, store.writer.lastSeq());
            return store;
        }, false);
    }

    /**
     * Queue the entry for the writer. Its time is truncated to microseconds ({@link AuditChain#normalize});
     * the returned record carries the entry as stored. Fails with {@link ErrorCode#BAD_REQUEST} for a time
     * beyond ±292,000 years and {@link ErrorCode#INTERNAL} when closed or the commit failed.
     */
    @Override
    public Future<AuditRecord> append(AuditEntry entry) {
        AuditEntry normalized;
        try {
            normalized = AuditChain.forAppend(entry);
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        Promise<AuditRecord> promise = Promise.promise();
        if (!writer.offer(normalized, vertx.getOrCreateContext(), promise)) {
            return Future.failedFuture(new WardenException(ErrorCode.INTERNAL, "audit store is closed"));
        }
        return promise.future();
    }

    @Override
    public Future<AuditPage> query(AuditQuery query) {
        return onThread(reader, () -> SqliteAuditReader.query(readConn, query));
    }

    /**
     * Walk seq 1 to the last seq committed when called, on its own thread and connection. {@code records}
     * is the number of rows present in that range.
     */
    @Override
    public Future<AuditVerification> verify(List<AuditCheckpoint> checkpoints) {
        long bound = writer.lastSeq();
        return onThread(verifier, () -> {
            try (Connection c = SqliteAuditSchema.connect(file, false, busyTimeout)) {
                AuditVerification v = SqliteAuditReader.verify(c, bound, new AuditChainWalk(checkpoints));
                if (!v.ok()) {
                    log.warn("audit.verify.broken file={} records={} firstBrokenSeq={} breaks={}", file, v.records(),
                            v.firstBrokenSeq(), v.breaks().size());
                }
                return v;
            }
        });
    }

    /**
     * Verify an SQLite trail file offline (no store open, e.g. a copy): walk every row up to the highest
     * seq against {@code checkpoints}. Blocking. Fails when {@code file} is not an existing file.
     */
    public static AuditVerification verifyFile(Path file, List<AuditCheckpoint> checkpoints) throws SQLException, IOException {
        if (!Files.isRegularFile(file)) throw new IOException("no audit database at " + file);
        try (Connection c = SqliteAuditSchema.connect(file, false, DEFAULT_BUSY_TIMEOUT)) {
            return SqliteAuditReader.verify(c, -1, new AuditChainWalk(checkpoints));
        }
    }

    /** Transactions committed by the writer since open; fewer than appends when they were grouped. */
    long commits() {
        return writer.commits();
    }

    @Override
    public Future<Long> lastSeq() {
        return Future.succeededFuture(writer.lastSeq());
    }

    /** See {@link SqliteAuditProbe}. */
    @Override
    public Future<AuditHealth> check(Duration timeout) {
        if (closed) return Future.succeededFuture(AuditHealth.failed(AuditHealth.Reason.CLOSED, "audit store is closed", writer.lastSeq()));
        return probe.check(timeout);
    }

    /** Commits what is queued, then closes both connections and the threads; appends after this fail. */
    @Override
    public Future<Void> close() {
        closed = true;
        Context ctx = vertx.getOrCreateContext();
        Promise<Void> done = Promise.promise();
        writer.closeAfterPending().onComplete(ar -> {
            Runnable finish = () -> {
                closeQuietly(readConn);
                shutdown();
                ctx.runOnContext(v -> done.tryComplete());
            };
            try {
                reader.execute(finish); // after the queries already queued
            } catch (RejectedExecutionException closedBefore) {
                ctx.runOnContext(v -> done.tryComplete());
            }
        });
        return done.future();
    }

    private void shutdown() {
        writerThread.shutdown();
        reader.shutdown();
        verifier.shutdown();
        prober.shutdown();
        try {
            if (lock.isValid()) lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("audit.unlock.failed file={} error={}", file, e.toString());
        }
    }

    static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("audit.close.failed error={}", e.toString());
        }
    }

    /** Run {@code task} on {@code executor}; the future completes on the caller's context. */
    private <T> Future<T> onThread(ExecutorService executor, Callable<T> task) {
        Context ctx = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(() -> {
                try {
                    T value = task.call();
                    ctx.runOnContext(v -> promise.complete(value));
                } catch (Exception e) {
                    WardenException w = e instanceof WardenException we ? we
                            : new WardenException(ErrorCode.INTERNAL, "audit read of " + file.getFileName() + " failed: " + e.getMessage(), e);
                    ctx.runOnContext(v -> promise.fail(w));
                }
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(new WardenException(ErrorCode.INTERNAL, "audit store is closed"));
        }
        return promise.future();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
