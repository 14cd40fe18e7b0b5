package io.warden.gateway.door;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where lockdowns survive a restart: a file on a single node ({@link FileLockdownStore}), a PostgreSQL
 * table shared by every node of a cluster ({@link PgLockdownStore}). Implementations are thread-safe
 * and never block the calling thread.
 */
public interface LockdownStore {

    /** Every lockdown saved, active and released (the most recent released ones only). */
    Future<List<LockdownReport>> load();

    /**
     * Saves {@code changed}; completes once it is durable. A store that keeps one document may write
     * {@code all} instead (taken when the write runs). A released lockdown is never made active again by
     * a later save of an older state of it.
     */
    Future<Void> save(LockdownReport changed, Supplier<List<LockdownReport>> all);

    /**
     * What other nodes may have changed since this node read it: every active lockdown plus those in
     * {@code ids} (active or released). Empty for a store only this node writes.
     */
    Future<List<LockdownReport>> reread(Collection<String> ids);
}
