package io.warden.gateway.people;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite layout of the directory: {@code person}, {@code card} and {@code calendar_day}, one row per
 * record, plus the one-row {@code directory_version}. Rows are read back in rowid order, which an upsert
 * keeps, so people come back in the order they were first added. Instants are ISO-8601 text
 * ({@link Instant#toString()}, exact to the nanosecond), schools a JSON array (ids may hold commas),
 * enums their lower-case ids. A card's person must exist (a foreign key). Blocking: the store runs all
 * of this on its own thread.
 */
final class SqliteDirectorySchema {
    private static final String[] DDL = {
            "CREATE TABLE IF NOT EXISTS directory_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO directory_version (id, version) VALUES (1, 0)",
            "CREATE TABLE IF NOT EXISTS person (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, sis_id TEXT,"
                    + " schools TEXT NOT NULL, status TEXT NOT NULL, valid_from TEXT, valid_until TEXT,"
                    + " lockdown_entry INTEGER NOT NULL, pin_hash TEXT, source TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS card (id TEXT PRIMARY KEY, person_id TEXT NOT NULL REFERENCES person (id), status TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS card_person ON card (person_id)",
            "CREATE TABLE IF NOT EXISTS calendar_day (date TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL)"};

    private static final String UPSERT_PERSON = "INSERT INTO person (id, name, kind, sis_id, schools, status, valid_from, valid_until,"
            + " lockdown_entry, pin_hash, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            + " name = excluded.name, kind = excluded.kind, sis_id = excluded.sis_id, schools = excluded.schools,"
            + " status = excluded.status, valid_from = excluded.valid_from, valid_until = excluded.valid_until,"
            + " lockdown_entry = excluded.lockdown_entry, pin_hash = excluded.pin_hash, source = excluded.source";
    private static final String UPSERT_CARD = "INSERT INTO card (id, person_id, status) VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET person_id = excluded.person_id, status = excluded.status";

    private SqliteDirectorySchema() {}

    /**
     * A connection in WAL mode with {@code synchronous=FULL} (a change answered survives a power cut) and
     * foreign keys on. Auto-commit: {@link #apply} runs {@code BEGIN IMMEDIATE} itself, so the version is
     * read and bumped under the write lock.
     */
    static Connection connect(Path file, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) s.execute(ddl);
        }
    }

    static long version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM directory_version WHERE id = 1")) {
            if (!rs.next()) throw new SQLException("the directory_version row is missing");
            return rs.getLong(1);
        }
    }

    /**
     * Writes {@code changes} if the stored version is {@code expectedVersion}, in one transaction.
     *
     * @return the version found: {@code expectedVersion} when written, anything else when nothing was
     */
    static long apply(Connection c, DirectoryChanges changes, long expectedVersion) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                long found = version(c);
                if (found != expectedVersion) {
                    s.execute("ROLLBACK");
                    return found;
                }
                write(c, changes);
                s.executeUpdate("UPDATE directory_version SET version = version + 1 WHERE id = 1");
                s.execute("COMMIT");
                return found;
            } catch (SQLException | RuntimeException e) {
                rollback(s);
                throw e;
            }
        }
    }

    private static void write(Connection c, DirectoryChanges changes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_PERSON)) {
            for (Person p : changes.people()) {
                ps.setString(1, p.id());
                ps.setString(2, p.name());
                ps.setString(3, p.kind().id());
                text(ps, 4, p.sisId());
                ps.setString(5, new JsonArray(p.schools()).encode());
                ps.setString(6, p.status().id());
                text(ps, 7, p.validFrom() == null ? null : p.validFrom().toString());
                text(ps, 8, p.validUntil() == null ? null : p.validUntil().toString());
                ps.setInt(9, p.lockdownEntry() ? 1 : 0);
                text(ps, 10, p.pinHash());
                ps.setString(11, p.source());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_CARD)) {
            for (Card card : changes.cards()) {
                ps.setString(1, card.id());
                ps.setString(2, card.personId());
                ps.setString(3, card.status().id());
                ps.executeUpdate();
            }
        }
        if (changes.calendar() == null) return;
        try (Statement s = c.createStatement(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO calendar_day (date, kind, name) VALUES (?, ?, ?)")) {
            s.executeUpdate("DELETE FROM calendar_day");
            for (CalendarDay d : changes.calendar()) {
                ps.setString(1, d.date().toString());
                ps.setString(2, d.kind().id());
                ps.setString(3, d.name());
                ps.executeUpdate();
            }
        }
    }

    /**
     * Everything stored, read in one transaction so the version matches the rows.
     *
     * @throws SQLException also for a row that does not fit the model, naming the table and the row
     */
    static Directory load(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN");
            try {
                long version = version(c);
                List<Person> people = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT id, name, kind, sis_id, schools, status, valid_from, valid_until,"
                        + " lockdown_entry, pin_hash, source FROM person ORDER BY rowid")) {
                    while (rs.next()) people.add(row("person", rs.getString(1), () -> person(rs)));
                }
                List<Card> cards = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT id, person_id, status FROM card ORDER BY rowid")) {
                    while (rs.next()) {
                        cards.add(row("card", rs.getString(1), () -> new Card(rs.getString(1), rs.getString(2), CardStatus.parse(rs.getString(3)))));
                    }
                }
                List<CalendarDay> days = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT date, kind, name FROM calendar_day ORDER BY date")) {
                    while (rs.next()) {
                        days.add(row("calendar_day", rs.getString(1), () -> new CalendarDay(LocalDate.parse(rs.getString(1)),
                                CalendarDay.Kind.parse(rs.getString(2)), rs.getString(3))));
                    }
                }
                s.execute("COMMIT"); // read-only: ends the read transaction
                return new Directory(people, cards, days, version);
            } catch (SQLException | RuntimeException e) {
                rollback(s);
                throw e;
            }
        }
    }

    private static Person person(ResultSet rs) throws SQLException {
        List<String> schools = new ArrayList<>();
        for (Object o : new JsonArray(rs.getString(5))) schools.add((String) o);
        return new Person(rs.getString(1), rs.getString(2), PersonKind.parse(rs.getString(3)), rs.getString(4), schools,
                PersonStatus.valueOf(rs.getString(6).toUpperCase(Locale.ROOT)), instant(rs.getString(7)), instant(rs.getString(8)),
                rs.getInt(9) != 0, rs.getString(10), rs.getString(11));
    }

    private interface RowReader<T> {
        T read() throws SQLException;
    }

    /** Reads one row; a value the model refuses becomes an SQLException naming the table and the row. */
    private static <T> T row(String table, String id, RowReader<T> reader) throws SQLException {
        try {
            return reader.read();
        } catch (RuntimeException e) {
            throw new SQLException("row " + table + " '" + id + "' does not fit the directory: " + e.getMessage(), e);
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static void text(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, v);
    }

    private static void rollback(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite rolls back by itself on some errors (a full disk): then there is nothing to undo.
        }
    }
}
