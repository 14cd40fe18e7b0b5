package io.warden.gateway.door;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Lockdowns on disk, so a restart keeps them: one JSON file, replaced atomically on every change
 * (write a temporary file, then rename over the old one). File I/O runs on a worker thread.
 */
public final class LockdownStore {
    private final Vertx vertx;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public LockdownStore(Vertx vertx, Path file) {
        this.vertx = vertx;
        this.file = file;
    }

    /** Every lockdown saved, active and released; empty when there is no file yet. */
    public Future<List<LockdownReport>> load() {
        return vertx.executeBlocking(() -> Files.exists(file)
                ? Arrays.asList(json.readValue(file.toFile(), LockdownReport[].class)) : List.of());
    }

    /** Replace the file with {@code all}; completes once the rename is done. */
    public Future<Void> save(List<LockdownReport> all) {
        LockdownReport[] copy = all.toArray(LockdownReport[]::new);
        return vertx.executeBlocking(() -> {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), copy);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        }); // ordered: saves land in the order they were made
    }
}
