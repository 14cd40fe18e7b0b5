package io.warden.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * The append-only, hash-chained audit trail. SQLite is the embedded default; PostgreSQL follows for
 * clusters. Both pass {@code AuditStoreContract}. Implementations never block the caller's event
 * loop: I/O runs on their own worker thread(s); futures complete on a Vert.x context. Thread-safe:
 * every event loop appends and queries; appends are ordered as called, across threads too.
 */
public interface AuditStore {

    /**
     * Append one entry. The future completes only when the record is durable (committed), so a
     * command is never answered before its audit record is safe. Appends are ordered as called.
     */
    Future<AuditRecord> append(AuditEntry entry);

    /** One page of records matching the query, ascending by seq. */
    Future<AuditPage> query(AuditQuery query);

    /** Walk the whole chain and list every break (no checkpoints). */
    default Future<AuditVerification> verify() {
        return verify(List.of());
    }

    /**
     * Walk the whole chain, list every break and check it against {@code checkpoints} (signatures already
     * verified; see {@link AuditChainWalk}): a checkpointed hash that no longer matches its row, or a trail
     * that ends before a checkpoint's seq, is a break too.
     */
    Future<AuditVerification> verify(List<AuditCheckpoint> checkpoints);

    /** The highest seq written so far (0 when empty). */
    Future<Long> lastSeq();

    /**
     * Check now that the trail can be read and written: the store touches its storage (for SQLite:
     * the file is still the one opened and writable, its last row reads, the write lock can be taken,
     * the writer is alive and its last commit did not fail). Never fails: a problem is a value. Completes
     * within about {@code timeout} (then {@link AuditHealth.Reason#TIMEOUT}), on the caller's context.
     */
    Future<AuditHealth> check(Duration timeout);

    /** Flush pending appends and release the database. */
    Future<Void> close();

    /**
     * How the chain is anchored outside the store (signed checkpoints: state, last checkpoint), for
     * {@code /health}; null when this store is not anchored. Cheap, no I/O.
     */
    default JsonObject chainState() {
        return null;
    }
}
