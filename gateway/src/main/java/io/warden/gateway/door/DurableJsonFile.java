package io.warden.gateway.door;

import io.warden.gateway.PrivateFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A list of records in one JSON file that survives a crash and a power cut: each save writes a
 * temporary file, fsyncs it, renames it over the old one and fsyncs the directory, so the file is
 * always either the old list or the new one, and the new one is on disk once the save completes.
 * Saves run one after another on worker threads (never on an event loop), each writing the state
 * current when it runs, so an older snapshot never overwrites a newer one.
 */
public final class DurableJsonFile<T> {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Vertx vertx;
    private final Path file;
    private final Class<T[]> arrayType;
    private Future<Void> lastSave = Future.succeededFuture();

    public DurableJsonFile(Vertx vertx, Path file, Class<T[]> arrayType) {
        this.vertx = vertx;
        this.file = file;
        this.arrayType = arrayType;
    }

    public Path path() {
        return file;
    }

    /**
     * What the file holds; empty when there is no file yet. Fails naming the file when it cannot be
     * read (empty or not the JSON expected): saves are atomic, so that is damage from outside.
     */
    public Future<List<T>> load() {
        return vertx.executeBlocking(() -> {
            if (!Files.exists(file)) return List.of();
            try {
                return Arrays.asList(JSON.readValue(file.toFile(), arrayType));
            } catch (JsonProcessingException e) {
                long size = Files.size(file);
                throw new IOException("%s is unreadable (%s): it was damaged outside the gateway (disk, power cut, an edit);"
                        .formatted(file.toAbsolutePath(), size == 0 ? "empty, 0 bytes" : e.getOriginalMessage())
                        + " restore it, or move it aside to start without what it held", e);
            }
        });
    }

    /** Writes {@code snapshot()}, taken when the write runs; completes once it is on disk. */
    public synchronized Future<Void> save(Supplier<List<T>> snapshot) {
        Future<Void> next = lastSave.transform(x -> vertx.executeBlocking(() -> {
            write(JSON.writeValueAsBytes(snapshot.get()));
            return null;
        }, false));
        lastSave = next;
        return next;
    }

    private void write(byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true); // the new content is on disk before the name points at it
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // and the rename itself survives a power cut
        }
    }
}
