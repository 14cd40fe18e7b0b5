package io.warden.gateway.door;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.warden.gateway.EventBusAddresses;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lockdowns in the cluster's PostgreSQL, a row per lockdown, so a lockdown started on any node covers
 * every node. Each save writes one lockdown, merged in the database (see {@link #UPSERT}) so that saves
 * from several nodes in any order never make a released lockdown active again; afterwards it publishes
 * {@code {"id": ...}} on {@link EventBusAddresses#lockdownsChanged()} so every node rereads the row.
 * Thread-safe; every call is asynchronous on the pool.
 */
public final class PgLockdownStore implements LockdownStore {
    private static final Logger log = LoggerFactory.getLogger(PgLockdownStore.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Migration 3 of {@code PgSchema}: lockdowns and timed relocks. */
    public static final List<String> DDL = List.of(
            """
            CREATE TABLE warden_lockdowns (
                id          text        PRIMARY KEY,
                report      jsonb       NOT NULL,
                active      boolean     NOT NULL,
                started_at  timestamptz NOT NULL,
                released_at timestamptz,
                updated_at  timestamptz NOT NULL DEFAULT now())""",
            "CREATE INDEX warden_lockdowns_active ON warden_lockdowns (id) WHERE active",
            "CREATE INDEX warden_lockdowns_released ON warden_lockdowns (released_at) WHERE NOT active",
            """
            CREATE TABLE warden_relocks (
                door       text        PRIMARY KEY,
                relock     jsonb       NOT NULL,
                due_at     timestamptz NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now())""");

    /**
     * The merge rule, in one statement: a released row never becomes active again; a release replaces an
     * active row; between two of the same state, the one with more answered doors (then more release
     * lines) wins, and on a tie the later write.
     */
    static final String UPSERT = """
            INSERT INTO warden_lockdowns (id, report, active, started_at, released_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, now())
            ON CONFLICT (id) DO UPDATE SET report = EXCLUDED.report, active = EXCLUDED.active,
                released_at = EXCLUDED.released_at, updated_at = now()
            WHERE (warden_lockdowns.active AND NOT EXCLUDED.active)
               OR (warden_lockdowns.active = EXCLUDED.active
                   AND ((SELECT count(*) FROM jsonb_array_elements(EXCLUDED.report->'doors') d WHERE d->>'status' <> 'pending'),
                        jsonb_array_length(coalesce(EXCLUDED.report->'releases', '[]'::jsonb)))
                    >= ((SELECT count(*) FROM jsonb_array_elements(warden_lockdowns.report->'doors') d WHERE d->>'status' <> 'pending'),
                        jsonb_array_length(coalesce(warden_lockdowns.report->'releases', '[]'::jsonb))))""";

    /** Keeps the {@link Lockdowns#KEEP_RELEASED} most recently released; older ones live on in the audit trail. */
    private static final String TRIM = """
            DELETE FROM warden_lockdowns WHERE id IN
                (SELECT id FROM warden_lockdowns WHERE NOT active ORDER BY released_at DESC, id DESC OFFSET $1)""";

    private final Vertx vertx;
    private final Pool pool;

    public PgLockdownStore(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    @Override
    public Future<List<LockdownReport>> load() {
        return pool.query("SELECT report::text AS report FROM warden_lockdowns ORDER BY started_at, id").execute()
                .map(PgLockdownStore::reports);
    }

    @Override
    public Future<Void> save(LockdownReport changed, Supplier<List<LockdownReport>> all) {
        Tuple row;
        try {
            row = Tuple.of(changed.id(), new JsonObject(JSON.writeValueAsString(changed)), changed.active(), time(changed.startedAt()),
                    changed.releasedAt() == null ? null : time(changed.releasedAt()));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(e);
        }
        Future<Void> saved = pool.preparedQuery(UPSERT).execute(row).mapEmpty();
        if (!changed.active()) {
            saved = saved.compose(v -> pool.preparedQuery(TRIM).execute(Tuple.of(Lockdowns.KEEP_RELEASED))
                    .<Void>mapEmpty()
                    .recover(e -> { // the release is saved; an extra old row is harmless
                        log.warn("event=lockdowns_trim_failed error=\"{}\"", e.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        return saved.onSuccess(v -> vertx.eventBus().publish(EventBusAddresses.lockdownsChanged(), new JsonObject().put("id", changed.id())));
    }

    @Override
    public Future<List<LockdownReport>> reread(Collection<String> ids) {
        return pool.preparedQuery("SELECT report::text AS report FROM warden_lockdowns WHERE active OR id = ANY($1) ORDER BY started_at, id")
                .execute(Tuple.of(ids.toArray(String[]::new))).map(PgLockdownStore::reports);
    }

    private static List<LockdownReport> reports(RowSet<Row> rows) {
        List<LockdownReport> out = new ArrayList<>();
        for (Row r : rows) {
            try {
                out.add(JSON.readValue(r.getString("report"), LockdownReport.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("warden_lockdowns holds a report that is not a lockdown: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }

    static OffsetDateTime time(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
