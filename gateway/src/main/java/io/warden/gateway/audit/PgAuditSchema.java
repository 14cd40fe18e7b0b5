package io.warden.gateway.audit;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail in PostgreSQL, migration 1 of {@code PgSchema}: table {@code audit} with the columns of
 * {@link AuditColumns} (the same rows as the SQLite trail, so the same auditor's script re-verifies it),
 * plus {@code batch}, the id of the transaction that wrote the row (not hashed: it lets a writer whose
 * connection died during COMMIT find out whether its batch landed). {@code audit_head} is one row holding
 * the last seq and hash: a writer takes it {@code FOR UPDATE} in the transaction that inserts, so seqs are
 * handed out in commit order and a reader never sees a gap. Triggers refuse UPDATE and DELETE on the
 * trail; the hash chain is what catches someone who drops them.
 *
 * <p>Indexes follow {@link AuditQuery}'s filters: few-valued columns with {@code seq} (a page walks them
 * in seq order and stops), many-valued ones with {@code time_us} (a window reads only its matches).
 */
public final class PgAuditSchema {
    private PgAuditSchema() {}

    public static final List<String> DDL = ddl();

    static final String INSERT = "INSERT INTO audit (" + AuditColumns.SELECT_COLUMNS + ", batch) VALUES ("
            + "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";

    private static List<String> ddl() {
        List<String> ddl = new ArrayList<>();
        StringBuilder table = new StringBuilder("CREATE TABLE audit (seq BIGINT PRIMARY KEY, time_us BIGINT NOT NULL");
        for (String col : AuditColumns.TEXT_COLUMNS) table.append(", ").append(col).append(col.equals("type") ? " TEXT NOT NULL" : " TEXT");
        table.append(", hash TEXT NOT NULL, batch UUID NOT NULL)");
        ddl.add(table.toString());
        ddl.add("CREATE TABLE audit_head (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), seq BIGINT NOT NULL, hash TEXT NOT NULL)");
        ddl.add("INSERT INTO audit_head (one, seq, hash) VALUES (true, 0, '" + AuditChain.GENESIS + "')");
        String[][] indexes = {
                {"time", "time_us"}, {"site", "site, seq"}, {"zone", "zone, seq"}, {"type", "type, seq"}, {"result", "result, seq"},
                {"door_time", "door, time_us"}, {"actor_time", "actor, time_us"}, {"credential_time", "credential, time_us"},
                {"batch", "batch"}};
        for (String[] ix : indexes) ddl.add("CREATE INDEX audit_" + ix[0] + " ON audit (" + ix[1] + ")");
        ddl.add("CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'audit trail is append-only'; END $$");
        ddl.add("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()");
        ddl.add("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()");
        return List.copyOf(ddl);
    }

    /** The parameters of {@link #INSERT} for one record. */
    static Tuple row(AuditRecord r, UUID batch) {
        Tuple t = Tuple.tuple().addLong(r.seq()).addLong(AuditChain.micros(r.entry().time()));
        for (String v : AuditColumns.texts(r.entry())) t.addString(v);
        return t.addString(r.hash()).addUUID(batch);
    }

    /**
     * The record of a row selected with {@link AuditColumns#SELECT_COLUMNS}.
     *
     * @throws IllegalArgumentException when its fields cannot form an entry
     */
    static AuditRecord read(Row row) {
        String[] t = new String[AuditColumns.TEXT_COLUMNS.length];
        for (int i = 0; i < t.length; i++) t[i] = row.getString(2 + i);
        return new AuditRecord(row.getLong(0), AuditColumns.entry(row.getLong(1), t), row.getString(13));
    }
}
