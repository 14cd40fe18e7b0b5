package io.warden.gateway.door;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where timed relocks survive a restart: a file on a single node ({@link FileRelockStore}), a PostgreSQL
 * table (a row per door) shared by every node of a cluster ({@link PgRelockStore}). Thread-safe; never
 * blocks the calling thread; saves apply in the order they were asked for.
 */
public interface RelockStore {

    /** Every relock saved. */
    Future<List<TimedRelock>> load();

    /**
     * Saves the relocks of {@code doors} as {@code all} gives them when the write runs (a door {@code all}
     * leaves out has none any more); a store with one document writes {@code all}. Completes once durable.
     */
    Future<Void> save(Collection<String> doors, Supplier<List<TimedRelock>> all);

    /**
     * True when other nodes write the same relocks: then only the node that drives a door runs its relock,
     * and every node rereads the store on each re-assert tick.
     */
    boolean shared();
}
