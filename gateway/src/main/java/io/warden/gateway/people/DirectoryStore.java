package io.warden.gateway.people;

import io.vertx.core.Future;

/**
 * Where the directory is kept durably, beside the audit trail: SQLite ({@code directory.db} in the
 * data directory) on one node, PostgreSQL later; both pass {@code DirectoryStoreContract}. Never
 * blocks the caller's event loop; futures complete on a Vert.x context.
 */
public interface DirectoryStore {

    /** Everything stored, as one snapshot (its version is the store's). */
    Future<Directory> load();

    /**
     * Writes {@code changes} in one transaction: all of it or, on failure, nothing. Succeeds once
     * durable; the store's version is then {@code expectedVersion + 1}. Fails with a
     * {@link io.warden.gateway.PolicyException} CONFLICT, writing nothing, when the store's version is
     * no longer {@code expectedVersion} (another node or process changed it since it was read).
     */
    Future<Void> apply(DirectoryChanges changes, long expectedVersion);

    Future<Void> close();
}
