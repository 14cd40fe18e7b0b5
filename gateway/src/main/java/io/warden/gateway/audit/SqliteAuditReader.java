package io.warden.gateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Queries and the chain walk over a read connection. Blocking; callers run it off the event loop. */
final class SqliteAuditReader {
    static final int VERIFY_CHUNK = 10_000;
    /** Below this many rows in the time window, the window is scanned by time instead of by seq. */
    static final long NARROW_WINDOW_ROWS = 50_000;

    private SqliteAuditReader() {}

    static AuditPage query(Connection c, AuditQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(SqliteAuditSchema.SELECT_COLUMNS).append(" FROM audit WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterSeq());
        if (q.from() != null) {
            sql.append(" AND time_us >= ?");
            args.add(AuditQuery.ceilMicros(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND time_us < ?");
            args.add(AuditQuery.ceilMicros(q.to()));
        }
        // Few-valued columns are walked in seq order through their (column, rowid) index, which reads
        // every match before a narrow window far back in the trail. A "+" keeps SQLite off that index, so
        // it scans the window on the time index and sorts the few matches instead.
        String few = narrowWindow(c, q) ? "+" : "";
        eq(sql, args, few + "site", q.site());
        eq(sql, args, few + "zone", q.zone());
        eq(sql, args, "door", q.door());
        eq(sql, args, "actor", q.actor());
        eq(sql, args, "credential", q.credential());
        eq(sql, args, few + "type", q.type());
        eq(sql, args, few + "result", q.result());
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(q.limit() + 1);
        List<AuditRecord> items = new ArrayList<>(Math.min(q.limit() + 1, 128));
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) items.add(SqliteAuditSchema.read(rs));
            }
        }
        if (items.size() <= q.limit()) return new AuditPage(List.copyOf(items), null);
        items.remove(items.size() - 1);
        return new AuditPage(List.copyOf(items), items.get(items.size() - 1).seq());
    }

    /**
     * True when the query has a time window, filters a few-valued column and no many-valued one, and the
     * window holds fewer than {@link #NARROW_WINDOW_ROWS} rows, estimated from the seqs at its two ends
     * (two index lookups; records are appended in roughly time order, so this is an estimate, which is
     * all a plan choice needs).
     */
    private static boolean narrowWindow(Connection c, AuditQuery q) throws SQLException {
        if (q.from() == null && q.to() == null) return false;
        if (q.door() != null || q.actor() != null || q.credential() != null) return false;
        if (q.site() == null && q.zone() == null && q.type() == null && q.result() == null) return false;
        long lo = q.from() == null ? 0 : seqAtTime(c, AuditQuery.ceilMicros(q.from()));
        long hi = q.to() == null ? seqAtTime(c, Long.MAX_VALUE) : seqAtTime(c, AuditQuery.ceilMicros(q.to()));
        return hi - lo < NARROW_WINDOW_ROWS;
    }

    /** The seq of the first record at or after {@code micros} in time order, else one past the last seq. */
    private static long seqAtTime(Connection c, long micros) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce((SELECT seq FROM audit WHERE time_us >= ? ORDER BY time_us"
                + " LIMIT 1), (SELECT coalesce(max(seq), 0) + 1 FROM audit))")) {
            ps.setLong(1, micros);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void eq(StringBuilder sql, List<Object> args, String column, String value) {
        if (value == null) return;
        sql.append(" AND ").append(column).append(" = ?");
        args.add(value);
    }

    /**
     * Feed seq 1..{@code bound} to {@code walk} in chunks of {@link #VERIFY_CHUNK} rows: it recomputes the
     * chain and checks it against its checkpoints. A row whose hash does not fit, whose
     * fields cannot form an entry, a seq that is missing up to {@code bound} (the last seq the writer
     * committed), a checkpointed hash that differs and a trail shorter than a checkpoint are breaks;
     * every one is listed. {@code bound < 0} walks to the highest seq in the file (offline checks).
     */
    static AuditVerification verify(Connection c, long bound, AuditChainWalk walk) throws SQLException {
        if (bound < 0) bound = maxSeq(c);
        long from = 1;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SqliteAuditSchema.SELECT_COLUMNS
                + " FROM audit WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT " + VERIFY_CHUNK)) {
            while (from <= bound) {
                ps.setLong(1, from);
                ps.setLong(2, bound);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        long seq = rs.getLong(1);
                        AuditEntry entry;
                        try {
                            entry = SqliteAuditSchema.read(rs).entry();
                        } catch (IllegalArgumentException unreadable) {
                            entry = null;
                        }
                        walk.row(seq, rs.getString(14), entry);
                        from = seq + 1;
                    }
                }
                if (rows == 0) break;
            }
        }
        // Rows past the bound were committed after the walk started; they are checked next time.
        return walk.finish(bound);
    }

    static long maxSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM audit");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
