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

    /** The channel every store LISTENs on; the payload is the new head seq. */
    static final String CHANNEL = "warden_audit";

    /**
     * One batch in one statement (one round trip): the rows as arrays ($1 seqs, $2 times, $3..$13 the text
     * columns, $14 hashes), the batch id ($15), the new head ($16 seq, $17 hash), and the notice to other
     * nodes ({@code NOTIFY} is sent at commit).
     */
    static final String APPEND = "WITH rows AS (INSERT INTO audit (" + AuditColumns.SELECT_COLUMNS + ", batch) SELECT *, $15::uuid FROM unnest("
            + "$1::bigint[], $2::bigint[], " + textArrays() + ", $14::text[])), "
            + "head AS (UPDATE audit_head SET seq = $16, hash = $17) SELECT pg_notify('" + CHANNEL + "', $16::text)";

    private static String textArrays() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < AuditColumns.TEXT_COLUMNS.length; i++) out.add("$" + (3 + i) + "::text[]");
        return String.join(", ", out);
    }

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

    /** The parameters of {@link #APPEND} for a batch of consecutive records. */
    static Tuple append(List<AuditRecord> records, UUID batch) {
        int n = records.size();
        Long[] seqs = new Long[n];
        Long[] times = new Long[n];
        String[][] texts = new String[AuditColumns.TEXT_COLUMNS.length][n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            AuditRecord r = records.get(i);
            seqs[i] = r.seq();
            times[i] = AuditChain.micros(r.entry().time());
            String[] t = AuditColumns.texts(r.entry());
            for (int c = 0; c < t.length; c++) texts[c][i] = t[c];
            hashes[i] = r.hash();
        }
        Tuple t = Tuple.tuple().addArrayOfLong(seqs).addArrayOfLong(times);
        for (String[] column : texts) t.addArrayOfString(column);
        AuditRecord last = records.get(n - 1);
        return t.addArrayOfString(hashes).addUUID(batch).addLong(last.seq()).addString(last.hash());
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
