package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A checkpointed SQLite trail in a directory, and what someone holding the database file can do to it:
 * rewrite a row and recompute the chain, delete rows. Shared by the audit and CLI tests.
 */
public final class AuditTrailFiles {
    public final Path db;
    public final Path checkpoints;
    public final Path key;

    public AuditTrailFiles(Path dir) {
        this.db = dir.resolve("data").resolve("audit.db");
        this.checkpoints = dir.resolve("share").resolve("checkpoints.jsonl");
        this.key = dir.resolve("keys").resolve("audit-signing.key");
    }

    /** An anchored store over {@link #db}, started; {@code alsoCommitted} sees every durable record. */
    public AnchoredAuditStore open(Vertx vertx, int everyRecords, Duration every, SyslogSender syslog,
                                   Consumer<AuditRecord> alsoCommitted) {
        return await(start(vertx, everyRecords, every, syslog, alsoCommitted));
    }

    /** {@link #open}'s start, as a future: a refused start fails it, with the store closed again. */
    public Future<AnchoredAuditStore> start(Vertx vertx, int everyRecords, Duration every, SyslogSender syslog,
                                            Consumer<AuditRecord> alsoCommitted) {
        AtomicReference<AnchoredAuditStore> ref = new AtomicReference<>();
        SqliteAuditStore sqlite = await(SqliteAuditStore.open(vertx, db, r -> {
            alsoCommitted.accept(r);
            AnchoredAuditStore a = ref.get();
            if (a != null) a.committed(r);
        }));
        AnchoredAuditStore anchored = new AnchoredAuditStore(vertx, sqlite,
                new AnchoredAuditStore.Settings(checkpoints, key, everyRecords, every, syslog), Clock.systemUTC());
        ref.set(anchored);
        return anchored.start().map(anchored)
                .recover(e -> anchored.close().transform(closed -> Future.<AnchoredAuditStore>failedFuture(e)));
    }

    /** Append {@code n} entries and close the store (which writes the last checkpoint). */
    public static void fill(AuditStore store, int n) throws Exception {
        for (int i = 1; i <= n; i++) await(store.append(AuditStoreContract.entry(i)));
    }

    /**
     * Append {@code total} entries {@code step} at a time, waiting after each step for the checkpoint it
     * triggers (use with {@code everyRecords == step}), so the test does not race the checkpointer.
     */
    public void fillInSteps(AuditStore store, int total, int step) throws Exception {
        for (int done = 0; done < total; done += step) {
            int before = Files.exists(checkpoints) ? read().checkpoints().size() : 0;
            for (int i = done + 1; i <= Math.min(total, done + step); i++) await(store.append(AuditStoreContract.entry(i)));
            if (done + step > total) return;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (read().checkpoints().size() <= before) {
                if (System.nanoTime() > deadline) throw new AssertionError("no new checkpoint in " + checkpoints);
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    /** The checkpoints in the file, checked against the public key beside it. */
    public AuditCheckpointFile.Contents read() throws Exception {
        return AuditCheckpointFile.read(checkpoints, AuditSigningKey.readPublic(AuditCheckpointFile.publicKeyFile(checkpoints)));
    }

    /** Offline verification of {@code file} against the checkpoint file, as {@code warden audit verify --db} does. */
    public AuditVerification verifyOffline(Path file) throws Exception {
        AuditCheckpointFile.Contents c = read();
        return SqliteAuditStore.verifyFile(file, c.checkpoints()).plus(c.bad());
    }

    /** Edit record {@code seq} and recompute every hash from it on, so the chain fits itself again. */
    public static void rewriteAndRechain(Path file, long seq) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_no_update");
            s.executeUpdate("UPDATE audit SET detail = 'nothing happened' WHERE seq = " + seq);
            List<Object[]> rehashed = new ArrayList<>();
            AuditChain chain = new AuditChain();
            String prev = AuditChain.GENESIS;
            try (ResultSet rs = s.executeQuery("SELECT " + SqliteAuditSchema.SELECT_COLUMNS + " FROM audit ORDER BY seq")) {
                while (rs.next()) {
                    AuditRecord r = SqliteAuditSchema.read(rs);
                    prev = chain.next(prev, r.seq(), r.entry());
                    rehashed.add(new Object[] {prev, r.seq()});
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit SET hash = ? WHERE seq = ?")) {
                for (Object[] h : rehashed) {
                    ps.setString(1, (String) h[0]);
                    ps.setLong(2, (Long) h[1]);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Change one field of record {@code seq} without fixing any hash. */
    public static void edit(Path file, long seq) throws Exception {
        sql(file, "DROP TRIGGER IF EXISTS audit_no_update", "UPDATE audit SET detail = 'edited' WHERE seq = " + seq);
    }

    /** Delete the rows {@code where} selects, e.g. {@code seq > 150}. */
    public static void delete(Path file, String where) throws Exception {
        sql(file, "DROP TRIGGER IF EXISTS audit_no_delete", "DELETE FROM audit WHERE " + where);
    }

    public static long maxSeq(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM audit")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }
}
