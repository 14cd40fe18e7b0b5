package io.warden.gateway.audit;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of {@link SqliteAuditStore}: a queue of appends and the loop that commits them in
 * groups. {@link #open} and {@link #run} must run on the one writer thread; {@link #offer},
 * {@link #closeAfterPending} and the getters on any thread.
 */
final class SqliteAuditWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SqliteAuditWriter.class);

    /** An append waiting for the writer; {@code entry == null} is the close marker. */
    private record Pending(AuditEntry entry, Context context, Promise<AuditRecord> promise) {}

    private final Path file;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Promise<Void> done = Promise.promise();
    private final AuditChain chain = new AuditChain();
    private final Consumer<AuditRecord> committed;
    private boolean closing; // guarded by queue
    private Connection conn;
    private PreparedStatement insert;
    private Statement control;
    private String lastHash;
    private boolean tailKnown;
    private AuditFileIdentity identity;
    /** Set once the file was found deleted or replaced: every later batch fails with it. */
    private WardenException refused;
    // Written by the writer thread only.
    private volatile long lastSeq;
    private volatile long commits;
    private volatile boolean stopped;
    /** Why the last commit failed, until one succeeds; null when it did not. */
    private volatile String lastFailure;

    SqliteAuditWriter(Path file, int maxBatch, Consumer<AuditRecord> committed) {
        this.file = file;
        this.maxBatch = maxBatch;
        this.committed = committed;
    }

    /** Connect, create the schema when missing and read the tail of the chain. */
    void open(Duration busyTimeout) throws SQLException {
        conn = SqliteAuditSchema.connect(file, true, busyTimeout);
        SqliteAuditSchema.create(conn);
        try {
            identity = AuditFileIdentity.of(file);
        } catch (IOException e) {
            throw new SQLException("cannot read the attributes of audit file " + file + ": " + e.getMessage(), e);
        }
        insert = conn.prepareStatement(SqliteAuditSchema.INSERT);
        control = conn.createStatement();
        loadTail();
    }

    /** Queue an append; false once the writer is closing. */
    boolean offer(AuditEntry entry, Context context, Promise<AuditRecord> promise) {
        synchronized (queue) {
            if (closing) return false;
            queue.add(new Pending(entry, context, promise));
            return true;
        }
    }

    /** Refuse further appends; the writer commits what is queued, closes its connection and completes the future. */
    io.vertx.core.Future<Void> closeAfterPending() {
        synchronized (queue) {
            if (!closing) {
                closing = true;
                queue.add(new Pending(null, null, null));
            }
        }
        return done.future();
    }

    /** The last seq committed, 0 when empty. */
    long lastSeq() {
        return lastSeq;
    }

    long commits() {
        return commits;
    }

    /** True once {@link #run} has returned (closed, interrupted or died): nothing more is written. */
    boolean stopped() {
        return stopped;
    }

    /** Why the last commit failed when none succeeded since, else null. */
    String lastFailure() {
        return lastFailure;
    }

    /** The file as {@link #open} found it; null before. */
    AuditFileIdentity identity() {
        return identity;
    }

    /** Close the connection when {@link #run} never started (a failed open). */
    void abandon() {
        SqliteAuditStore.closeQuietly(conn);
    }

    @Override
    public void run() {
        try {
            drain();
        } finally {
            stopped = true;
        }
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            // The marker is queued last, under the lock that refuses later appends.
            boolean close = batch.get(batch.size() - 1).entry() == null;
            if (close) batch.remove(batch.size() - 1);
            if (!batch.isEmpty()) write(batch);
            batch.clear();
            if (close) {
                SqliteAuditStore.closeQuietly(conn);
                log.info("audit.close file={} lastSeq={} commits={}", file, lastSeq, commits);
                done.complete();
                return;
            }
        }
    }

    private void write(List<Pending> batch) {
        if (refused != null) {
            fail(batch, refused);
            return;
        }
        List<AuditRecord> records = new ArrayList<>(batch.size());
        long seq;
        String hash;
        try {
            if (!tailKnown) loadTail();
            seq = lastSeq;
            hash = lastHash;
            control.execute("BEGIN IMMEDIATE");
            for (Pending p : batch) {
                seq++;
                hash = chain.next(hash, seq, p.entry());
                SqliteAuditSchema.bind(insert, seq, p.entry(), hash);
                insert.executeUpdate();
                records.add(new AuditRecord(seq, p.entry(), hash));
            }
            // Last thing before the commit, so the window in which a commit can still go astray is small.
            AuditHealth same = identity.check(lastSeq);
            if (!same.ok()) {
                rollbackAndReload();
                fail(batch, refuse(same));
                return;
            }
            control.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackAndReload();
            log.warn("audit.commit.failed file={} records={} error={}", file, batch.size(), e.toString());
            lastFailure = "the last commit to audit file " + file + " failed: " + e.getMessage();
            fail(batch, new WardenException(ErrorCode.INTERNAL,
                    "audit record not stored: commit to " + file.getFileName() + " failed: " + e.getMessage(), e));
            return;
        }
        lastHash = hash;
        lastSeq = seq;
        commits++;
        lastFailure = null;
        for (AuditRecord r : records) {
            try {
                committed.accept(r);
            } catch (RuntimeException e) {
                log.warn("audit.listener.failed seq={} error={}", r.seq(), e.toString());
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            AuditRecord r = records.get(i);
            p.context().runOnContext(v -> p.promise().complete(r));
        }
    }

    /**
     * The failure for a batch whose file is not the one opened. Missing or replaced is final: SQLite
     * would go on committing into the unlinked file and every record would be lost at exit, so nothing
     * more is written until someone restores the file and restarts. Unreadable attributes fail this
     * batch only.
     */
    private WardenException refuse(AuditHealth same) {
        boolean lost = same.reason() == AuditHealth.Reason.FILE_MISSING || same.reason() == AuditHealth.Reason.FILE_REPLACED;
        lastFailure = same.detail();
        if (!lost) {
            log.warn("audit.commit.failed file={} error=\"{}\"", file, same.detail());
            return new WardenException(ErrorCode.INTERNAL, "audit record not stored: " + same.detail());
        }
        refused = new WardenException(ErrorCode.INTERNAL, "audit record not stored: " + same.detail()
                + "; records are refused until it is restored and the gateway restarted");
        log.error("audit.file.lost file={} reason={} lastSeq={} action=refusing_all_records", file, same.reason(), lastSeq);
        return refused;
    }

    private static void fail(List<Pending> batch, WardenException failure) {
        for (Pending p : batch) p.context().runOnContext(v -> p.promise().fail(failure));
    }

    private void rollbackAndReload() {
        try {
            control.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may have rolled back already (I/O errors, a full disk): then there is nothing to undo.
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                log.warn("audit.rollback.failed file={} error={}", file, e.toString());
            }
        }
        try {
            loadTail();
        } catch (SQLException | RuntimeException e) {
            tailKnown = false; // the next batch re-reads the tail first, or fails too
            log.warn("audit.tail.unknown file={} error={}", file, e.toString());
        }
    }

    private void loadTail() throws SQLException {
        try (ResultSet rs = control.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
            long seq = rs.next() ? rs.getLong(1) : 0;
            String hash = seq == 0 ? AuditChain.GENESIS : rs.getString(2);
            if (hash == null || !hash.matches("[0-9a-f]{64}")) {
                throw new SQLException("the hash of the last record (seq " + seq + ") is not 64 hex digits");
            }
            lastSeq = seq;
            lastHash = hash;
            tailKnown = true;
        }
    }
}
