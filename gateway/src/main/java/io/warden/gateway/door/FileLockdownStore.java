package io.warden.gateway.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lockdowns on disk, so a restart or a power cut keeps them: one JSON file, replaced atomically and
 * durably on every change (see {@link DurableJsonFile}). File I/O runs on a worker thread. Thread-safe:
 * saves run one after another, each writing the lockdowns current when it runs, so the file never goes
 * back to an older state whatever thread asked.
 */
public final class FileLockdownStore implements LockdownStore {
    private final DurableJsonFile<LockdownReport> file;

    public FileLockdownStore(Vertx vertx, Path file) {
        this.file = new DurableJsonFile<>(vertx, file, LockdownReport[].class);
    }

    /** Every lockdown saved, active and released; empty when there is no file yet. */
    @Override
    public Future<List<LockdownReport>> load() {
        return file.load();
    }

    /** Replaces the file with the lockdowns {@code all} gives when the write runs (whichever changed); completes once it is on disk. */
    @Override
    public Future<Void> save(LockdownReport changed, Supplier<List<LockdownReport>> all) {
        return file.save(all);
    }

    /** Only this node writes the file: nothing changes behind its back. */
    @Override
    public Future<List<LockdownReport>> reread(Collection<String> ids) {
        return Future.succeededFuture(List.of());
    }
}
