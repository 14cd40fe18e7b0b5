package io.warden.gateway.audit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditHealth.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The health check of {@link SqliteAuditStore}, on a thread of its own so that a hung file system or
 * a held lock never delays /health past its timeout, nor queries or appends. A deleted file keeps
 * "working" under an open SQLite connection in WAL mode, so the path is checked (still there and the
 * same file as opened, by {@link AuditFileIdentity} as the writer checks it before each commit;
 * writable), then a fresh connection reads the last row and takes and drops the write lock; the
 * writer's own state (alive, last commit) comes last. One check runs at a time; callers during a
 * check share its answer.
 */
final class SqliteAuditProbe {
    private final Vertx vertx;
    private final Path file;
    private final AuditFileIdentity identity;
    private final SqliteAuditWriter writer;
    private final ExecutorService thread;
    private CompletableFuture<AuditHealth> running; // guarded by this

    /** @param identity the file as the writer opened it */
    SqliteAuditProbe(Vertx vertx, AuditFileIdentity identity, SqliteAuditWriter writer, ExecutorService thread) {
        this.vertx = vertx;
        this.file = identity.file();
        this.identity = identity;
        this.writer = writer;
        this.thread = thread;
    }

    Future<AuditHealth> check(Duration timeout) {
        Context ctx = vertx.getOrCreateContext();
        Promise<AuditHealth> promise = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> promise.tryComplete(AuditHealth.failed(Reason.TIMEOUT,
                "the check of audit file " + file + " did not finish within " + timeout.toMillis() + " ms (file system hung or busy)",
                writer.lastSeq())));
        shared(timeout).whenComplete((h, err) -> ctx.runOnContext(v -> {
            vertx.cancelTimer(timer);
            promise.tryComplete(h != null ? h : AuditHealth.failed(Reason.READ_FAILED, "audit check failed: " + err.getMessage(), writer.lastSeq()));
        }));
        return promise.future();
    }

    private synchronized CompletableFuture<AuditHealth> shared(Duration timeout) {
        if (running != null && !running.isDone()) return running;
        try {
            // The lock wait stays well inside the caller's timeout, so a held lock reads as LOCKED, not TIMEOUT.
            running = CompletableFuture.supplyAsync(() -> probe(timeout.dividedBy(2)), thread);
        } catch (RejectedExecutionException e) {
            running = CompletableFuture.completedFuture(AuditHealth.failed(Reason.CLOSED, "audit store is closed", writer.lastSeq()));
        }
        return running;
    }

    private AuditHealth probe(Duration lockWait) {
        long committed = writer.lastSeq();
        if (writer.stopped()) return AuditHealth.failed(Reason.WRITER_STOPPED, "the audit writer thread has stopped", committed);
        AuditHealth same = identity.check(committed);
        if (!same.ok()) return same;
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isWritable(file) || dir != null && !Files.isWritable(dir)) {
            return AuditHealth.failed(Reason.NOT_WRITABLE, "audit file " + file + " or its directory is not writable", committed);
        }
        try (Connection c = connect(lockWait); Statement s = c.createStatement()) {
            long head;
            try (ResultSet rs = s.executeQuery("SELECT seq FROM audit ORDER BY seq DESC LIMIT 1")) {
                head = rs.next() ? rs.getLong(1) : 0;
            }
            if (head < committed) {
                return AuditHealth.failed(Reason.FILE_REPLACED, "audit file " + file + " ends at seq " + head + " but seq " + committed
                        + " was committed", committed);
            }
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            Reason r = busy(e) ? Reason.LOCKED : Reason.READ_FAILED;
            return AuditHealth.failed(r, (r == Reason.LOCKED ? "audit file " + file + " is locked by another connection: "
                    : "audit file " + file + " cannot be read: ") + e.getMessage(), committed);
        }
        String failure = writer.lastFailure();
        if (failure != null) return AuditHealth.failed(Reason.WRITER_FAILED, failure, committed);
        return AuditHealth.ok(committed);
    }

    /** A connection that never creates the file (a missing file must not be replaced by an empty one). */
    private Connection connect(Duration lockWait) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout((int) Math.max(1, lockWait.toMillis()));
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /** SQLITE_BUSY (5) or SQLITE_LOCKED (6), extended codes included. */
    private static boolean busy(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == 5 || primary == 6;
    }
}
