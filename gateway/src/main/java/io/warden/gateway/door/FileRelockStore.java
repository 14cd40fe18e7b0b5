package io.warden.gateway.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** Timed relocks of a single node in one JSON file (see {@link DurableJsonFile}): the whole list on every save. */
public final class FileRelockStore implements RelockStore {
    private final DurableJsonFile<TimedRelock> file;

    public FileRelockStore(Vertx vertx, Path file) {
        this.file = new DurableJsonFile<>(vertx, file, TimedRelock[].class);
    }

    @Override
    public Future<List<TimedRelock>> load() {
        return file.load();
    }

    @Override
    public Future<Void> save(Collection<String> doors, Supplier<List<TimedRelock>> all) {
        return file.save(all);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public String toString() {
        return file.path().toString();
    }
}
