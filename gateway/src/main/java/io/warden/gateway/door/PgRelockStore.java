package io.warden.gateway.door;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Timed relocks in the cluster's PostgreSQL ({@code warden_relocks}, see {@link PgLockdownStore#DDL}), a
 * row per door, written by whichever node accepted the {@code unlock until}; the node that drives the
 * door runs it. This node's saves run one after another, each writing the relocks current when it runs,
 * so a row never goes back to an older state this node held.
 *
 * <p>A removal deletes a door's row only when the row's unlock is one this node has seen (its audit seq at
 * most the highest this node loaded or wrote for the door): a node that ran or cancelled an older relock
 * must not delete the relock of a newer {@code unlock until} another node has just written, or that door
 * would stay unlocked. The row it keeps is read back at the next poll and run by the door's owner.
 */
public final class PgRelockStore implements RelockStore {
    private static final String UPSERT = """
            INSERT INTO warden_relocks (door, relock, due_at, updated_at) VALUES ($1, $2, $3, now())
            ON CONFLICT (door) DO UPDATE SET relock = EXCLUDED.relock, due_at = EXCLUDED.due_at, updated_at = now()""";

    private static final String DELETE = """
            DELETE FROM warden_relocks WHERE door = $1 AND (relock->>'unlockSeq')::bigint <= $2""";

    private final Pool pool;
    private Future<Void> lastSave = Future.succeededFuture();
    /** Per door, the highest unlock audit seq this node loaded or wrote: what its removals may delete. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    public PgRelockStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<List<TimedRelock>> load() {
        return pool.query("SELECT relock::text AS relock FROM warden_relocks ORDER BY due_at, door").execute().map(rows -> {
            List<TimedRelock> out = new ArrayList<>();
            for (Row r : rows) {
                try {
                    TimedRelock relock = PgLockdownStore.JSON.readValue(r.getString("relock"), TimedRelock.class);
                    seen.merge(relock.door(), relock.unlockSeq(), Math::max);
                    out.add(relock);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("warden_relocks holds a row that is not a relock: " + e.getOriginalMessage(), e);
                }
            }
            return out;
        });
    }

    @Override
    public synchronized Future<Void> save(Collection<String> doors, Supplier<List<TimedRelock>> all) {
        Future<Void> next = lastSave.transform(x -> write(doors, all.get()));
        lastSave = next;
        return next;
    }

    private Future<Void> write(Collection<String> doors, List<TimedRelock> all) {
        Map<String, TimedRelock> byDoor = new HashMap<>();
        all.forEach(r -> byDoor.put(r.door(), r));
        List<Tuple> upserts = new ArrayList<>();
        List<Tuple> deletes = new ArrayList<>();
        try {
            for (String door : doors) {
                TimedRelock r = byDoor.get(door);
                if (r == null) {
                    Long known = seen.get(door);
                    if (known != null) deletes.add(Tuple.of(door, known));
                } else {
                    seen.merge(door, r.unlockSeq(), Math::max);
                    upserts.add(Tuple.of(door, new JsonObject(PgLockdownStore.JSON.writeValueAsString(r)), PgLockdownStore.time(r.at())));
                }
            }
        } catch (JsonProcessingException e) {
            return Future.failedFuture(e);
        }
        return pool.withTransaction(c -> {
            Future<?> up = upserts.isEmpty() ? Future.succeededFuture() : c.preparedQuery(UPSERT).executeBatch(upserts);
            return up.compose(v -> deletes.isEmpty() ? Future.succeededFuture()
                    : c.preparedQuery(DELETE).executeBatch(deletes));
        }).mapEmpty();
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public String toString() {
        return "postgresql warden_relocks";
    }
}
