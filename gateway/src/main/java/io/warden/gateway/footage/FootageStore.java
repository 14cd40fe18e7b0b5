package io.warden.gateway.footage;

import io.warden.gateway.PrivateFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.door.DurableJsonFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs on disk: {@code <evidence>/<id>.job.json} ({@link DurableJsonFile}: atomic, fsynced), so the
 * list and finished packages survive a restart. All file work runs on worker threads.
 *
 * <p>The job file sits beside the package directory {@code <evidence>/<id>/}, not in it: the package
 * holds exactly what {@link EvidencePackage} lists, sums and zips, and the job file keeps changing
 * after the package is sealed.
 */
final class FootageStore {
    private static final Logger log = LoggerFactory.getLogger(FootageStore.class);
    static final String JOB_SUFFIX = ".job.json";

    private final Vertx vertx;
    private final Path root;
    private final Map<String, DurableJsonFile<Map>> files = new ConcurrentHashMap<>();

    FootageStore(Vertx vertx, Path root) {
        this.vertx = vertx;
        this.root = root;
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    Path root() {
        return root;
    }

    /** Creates the job's directory. */
    Future<Path> create(String id) {
        return vertx.executeBlocking(() -> PrivateFiles.createDirectories(dir(id)));
    }

    /** Writes the job's current state (taken when the write runs). */
    Future<Void> save(FootageJob job) {
        return file(job.id()).save(() -> List.of(Json.decodeValue(job.toJson(true).encode(), Map.class)));
    }

    /** Every job found on disk; an unreadable one is logged and skipped. */
    @SuppressWarnings("unchecked")
    Future<List<FootageJob>> loadAll() {
        return vertx.executeBlocking(() -> {
            List<String> ids = new ArrayList<>();
            if (!Files.isDirectory(root)) return ids;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "*" + JOB_SUFFIX)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (Files.isRegularFile(p)) ids.add(name.substring(0, name.length() - JOB_SUFFIX.length()));
                }
            }
            return ids;
        }).compose(ids -> {
            List<Future<FootageJob>> loads = new ArrayList<>();
            for (String id : ids) {
                loads.add(file(id).load().map(list -> list.isEmpty() ? null : FootageJob.fromJson(new JsonObject((Map<String, Object>) list.get(0))))
                        .otherwise(t -> {
                            log.error("event=footage_job_unreadable job={} error=\"{}\"", id, t.getMessage());
                            return null;
                        }));
            }
            return Future.all(loads).map(all -> {
                List<FootageJob> jobs = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) if (all.resultAt(i) != null) jobs.add(all.resultAt(i));
                return jobs;
            });
        });
    }

    /** Removes the job's package directory and everything in it (clips, manifest, sums, signature, partial files). */
    Future<Void> removeFiles(String id) {
        Path dir = dir(id);
        return vertx.executeBlocking(() -> {
            if (!Files.isDirectory(dir)) return null;
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        log.warn("event=footage_remove_failed job={} file={} error=\"{}\"", id, p.getFileName(), e.getMessage());
                    }
                }
            }
            return null;
        }, false);
    }

    /** Bytes usable under the evidence directory. */
    Future<Long> usableSpace() {
        return vertx.executeBlocking(() -> {
            PrivateFiles.createDirectories(root);
            return Files.getFileStore(root).getUsableSpace();
        }, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private DurableJsonFile<Map> file(String id) {
        return files.computeIfAbsent(id, k -> new DurableJsonFile<>(vertx, root.resolve(k + JOB_SUFFIX), (Class) Map[].class));
    }
}
