package io.warden.gateway.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite layout of the audit trail: one table {@code audit}, one row per record, {@code seq} as the
 * rowid, every {@link AuditEntry} field in its own column, {@code time_us} in microseconds since the
 * epoch (UTC), and the chain hash. Public for tools (the benchmark's bulk loader, offline checks); the
 * stable API is {@link AuditStore}.
 *
 * <p>Indexes. A single-column index is, in SQLite, an index on {@code (column, rowid)}: an equality filter
 * walks it in seq order and a page stops after {@code limit + 1} matches. That suits the few-valued
 * columns (site, zone, type, result), where sorting every match per page would not scale. The
 * many-valued ones (door, actor, credential) are indexed with {@code time_us}, so "this door from 10:02
 * to 10:10" reads only the matches in the window and sorts them by seq (a door has thousands of rows,
 * not millions). Triggers refuse
 * UPDATE and DELETE so the application cannot rewrite history by mistake; someone with the file can
 * drop them, which is what the hash chain is for.
 */
public final class SqliteAuditSchema {
    /** The entry columns in canonical order, after {@code seq} and {@code time_us}. */
    public static final String[] TEXT_COLUMNS = AuditColumns.TEXT_COLUMNS;

    public static final String SELECT_COLUMNS = AuditColumns.SELECT_COLUMNS;

    public static final String INSERT = "INSERT INTO audit (" + SELECT_COLUMNS + ") VALUES (" + "?, ".repeat(13) + "?)";

    /** Index name suffix and columns. */
    private static final String[][] INDEXES = {
            {"time", "time_us"}, {"site", "site"}, {"zone", "zone"}, {"type", "type"}, {"result", "result"},
            {"door_time", "door, time_us"}, {"actor_time", "actor, time_us"}, {"credential_time", "credential, time_us"}};

    private SqliteAuditSchema() {}

    /**
     * A connection to {@code file} in WAL mode with {@code synchronous=FULL}: every commit is fsynced to
     * the WAL before it returns, so a committed record survives a power cut, not only a crash of the
     * process (NORMAL would only sync at checkpoints). The connection is in auto-commit mode: the writer
     * runs {@code BEGIN IMMEDIATE} / {@code COMMIT} itself, because the driver's non-auto-commit mode
     * opens the next transaction right after each commit and would hold the write lock between batches.
     */
    public static Connection connect(Path file, boolean writer, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        if (!writer) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = 1");
            }
        }
        return c;
    }

    /** Create the table, indexes and guards when missing. Commits when the connection is not auto-commit. */
    public static void create(Connection c) throws SQLException {
        createTable(c);
        createIndexes(c);
        createGuards(c);
        if (!c.getAutoCommit()) c.commit();
    }

    public static void createTable(Connection c) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, time_us INTEGER NOT NULL");
        for (String col : TEXT_COLUMNS) ddl.append(", ").append(col).append(col.equals("type") ? " TEXT NOT NULL" : " TEXT");
        ddl.append(", hash TEXT NOT NULL)");
        try (Statement s = c.createStatement()) {
            s.execute(ddl.toString());
        }
    }

    public static void createIndexes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String[] ix : INDEXES) s.execute("CREATE INDEX IF NOT EXISTS audit_" + ix[0] + " ON audit (" + ix[1] + ")");
        }
    }

    public static void createGuards(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
                    + "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END");
            s.execute("CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
                    + "BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END");
        }
    }

    /** Bind one record to {@link #INSERT}. */
    public static void bind(PreparedStatement ps, long seq, AuditEntry e, String hash) throws SQLException {
        ps.setLong(1, seq);
        ps.setLong(2, AuditChain.micros(e.time()));
        String[] v = AuditColumns.texts(e);
        for (int i = 0; i < v.length; i++) {
            if (v[i] == null) ps.setNull(3 + i, Types.VARCHAR);
            else ps.setString(3 + i, v[i]);
        }
        ps.setString(14, hash);
    }

    /** The record at the cursor of a result set selected with {@link #SELECT_COLUMNS}. */
    public static AuditRecord read(ResultSet rs) throws SQLException {
        String[] t = new String[TEXT_COLUMNS.length];
        for (int i = 0; i < t.length; i++) t[i] = rs.getString(3 + i);
        AuditEntry e = AuditColumns.entry(rs.getLong(2), t);
        return new AuditRecord(rs.getLong(1), e, rs.getString(14));
    }
}
