package io.warden.gateway.bench;

import static io.warden.gateway.bench.AuditStoreBench.CARDS;
import static io.warden.gateway.bench.AuditStoreBench.DOORS;
import static io.warden.gateway.bench.AuditStoreBench.SITES;
import static io.warden.gateway.bench.AuditStoreBench.START;
import static io.warden.gateway.bench.AuditStoreBench.ZONES_PER_SITE;

import io.warden.gateway.audit.AuditChain;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.SqliteAuditSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A district-sized synthetic trail: 500 doors on 25 sites (4 zones each), one record every 0.78 s on
 * average (10M rows ≈ 90 days). 70 % card reads, 15 % contact changes, 10 % operator commands, 3 %
 * forced/held alarms, 2 % audit reads.
 */
final class AuditBenchData {
    static final long SPACING_US = 777_600;
    private static final int BATCH = 200_000;
    private static final String[] COMMANDS = {"pulse", "lock", "unlock"};
    private static final String[] COMMAND_RESULTS = {"requested", "confirmed", "confirmed", "failed"};

    private AuditBenchData() {}

    static long spanSeconds(long rows) {
        return rows * SPACING_US / 1_000_000;
    }

    static AuditEntry entry(SplittableRandom r, long i) {
        long us = AuditChain.micros(START) + i * SPACING_US + r.nextLong(SPACING_US);
        java.time.Instant t = AuditChain.instant(us);
        int door = r.nextInt(DOORS);
        int site = door % SITES;
        String d = "door-" + door;
        String s = "site-" + site;
        String z = s + "-zone-" + (door / SITES) % ZONES_PER_SITE;
        String camera = r.nextInt(10) < 3 ? "cam-" + door : null;
        int kind = r.nextInt(100);
        if (kind < 70) {
            boolean granted = r.nextInt(10) > 0;
            return new AuditEntry(t, "credential.read", "reader-" + door, null, s, z, d, camera, "card-" + r.nextInt(CARDS),
                    "access", granted ? "granted" : "denied", granted ? null : "card not valid at this door");
        }
        if (kind < 85) {
            boolean open = r.nextBoolean();
            return new AuditEntry(t, "door.contact", "ctrl-" + door, null, s, z, d, camera, null, null, "ok", open ? "opened" : "closed");
        }
        String operator = "operator-" + r.nextInt(50);
        String source = "10.20." + r.nextInt(256) + "." + r.nextInt(256);
        if (kind < 95) {
            String result = COMMAND_RESULTS[r.nextInt(COMMAND_RESULTS.length)];
            return new AuditEntry(t, "door.command", operator, source, s, z, d, null, null, COMMANDS[r.nextInt(COMMANDS.length)],
                    result, result.equals("failed") ? "device did not answer in time" : null);
        }
        if (kind < 98) {
            return new AuditEntry(t, r.nextBoolean() ? "door.forced" : "door.held", "ctrl-" + door, null, s, z, d, camera, null, null,
                    "alarm", null);
        }
        return new AuditEntry(t, "audit.query", operator, source, null, null, null, null, null, "GET /api/v1/audit", "ok", "door=" + d);
    }

    /**
     * Bulk load {@code rows} records with a valid hash chain straight into the schema: synchronous=OFF and
     * 200k rows per transaction (a bench file, not a trail), indexes and guards created after the load.
     */
    static void load(Path file, long rows) throws Exception {
        try (Connection c = SqliteAuditSchema.connect(file, true, Duration.ofSeconds(5)); Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = OFF");
            s.execute("PRAGMA cache_size = -524288");
            s.execute("PRAGMA threads = 2");
            SqliteAuditSchema.createTable(c);
            AuditChain chain = new AuditChain();
            String prev = AuditChain.GENESIS;
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(SqliteAuditSchema.INSERT)) {
                for (long seq = 1; seq <= rows; seq++) {
                    if (seq % BATCH == 1) s.execute("BEGIN");
                    AuditEntry e = entry(new SplittableRandom(seq), seq - 1);
                    prev = chain.next(prev, seq, e);
                    SqliteAuditSchema.bind(ps, seq, e, prev);
                    ps.executeUpdate();
                    if (seq % BATCH == 0 || seq == rows) s.execute("COMMIT");
                    if (seq % 1_000_000 == 0) System.err.printf("  %,d rows in %.0f s%n", seq, (System.nanoTime() - t0) / 1e9);
                }
            }
            System.err.printf("  rows loaded in %.0f s; building indexes...%n", (System.nanoTime() - t0) / 1e9);
            SqliteAuditSchema.createIndexes(c);
            SqliteAuditSchema.createGuards(c);
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            System.err.printf("  indexes built; load total %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
