package io.warden.gateway.people;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded directory store: one SQLite file ({@value #FILE_NAME} in the data directory, beside the
 * audit trail) in WAL mode; {@link SqliteDirectorySchema} has the layout. The file and its directory are
 * created owner-only (the directory holds students' names and PIN hashes).
 *
 * <p>Threads. One thread ({@code warden-directory}) owns the one connection and runs every load and
 * apply in turn; futures complete on the Vert.x context that called. Nothing runs on an event loop.
 *
 * <p>Several writers. The version row is read and bumped inside {@code BEGIN IMMEDIATE}, so a second
 * process on the same file (a CLI, another store) that read an older version gets CONFLICT instead of
 * overwriting: no lock file is needed, unlike the audit trail's hash chain.
 */
public final class SqliteDirectoryStore implements DirectoryStore {
    public static final String FILE_NAME = "directory.db";
    static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(SqliteDirectoryStore.class);

    private final Vertx vertx;
    private final Path file;
    private final ExecutorService thread;
    private Connection conn; // used on the store's thread only

    private SqliteDirectoryStore(Vertx vertx, Path file) {
        this.vertx = vertx;
        this.file = file;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warden-directory");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Open (or create) the directory in {@code file}, creating missing parent directories (0700), the
     * file (0600) and the schema. Fails with {@link ErrorCode#INTERNAL} naming the file when it cannot
     * be opened or is not an SQLite database. Completes on the caller's context.
     */
    public static Future<SqliteDirectoryStore> open(Vertx vertx, Path file) {
        SqliteDirectoryStore store = new SqliteDirectoryStore(vertx, file);
        return store.onThread(() -> {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) PrivateFiles.createDirectories(parent);
                // SQLite gives -wal and -shm the database's mode: create it 0600 first (empty is a new database).
                if (!Files.exists(file)) PrivateFiles.createFile(file);
                store.conn = SqliteDirectorySchema.connect(file, BUSY_TIMEOUT);
                SqliteDirectorySchema.create(store.conn);
                log.info("directory.open file={} version={}", file, SqliteDirectorySchema.version(store.conn));
                return store;
            } catch (Exception e) {
                closeQuietly(store.conn);
                store.thread.shutdown();
                throw new WardenException(ErrorCode.INTERNAL, "cannot open directory file " + file + ": " + e.getMessage(), e);
            }
        }, "open");
    }

    /** Fails with {@link ErrorCode#INTERNAL} naming the file (and the row) when it cannot be read. */
    @Override
    public Future<Directory> load() {
        return onThread(() -> SqliteDirectorySchema.load(conn), "load");
    }

    @Override
    public Future<Void> apply(DirectoryChanges changes, long expectedVersion) {
        return onThread(() -> {
            long found = SqliteDirectorySchema.apply(conn, changes, expectedVersion);
            if (found != expectedVersion) {
                throw new PolicyException(PolicyCode.CONFLICT, "the directory changed meanwhile (version " + found
                        + ", expected " + expectedVersion + "): nothing was written, read it again");
            }
            return null;
        }, "write");
    }

    /** Closes the connection after the work already queued; calls after this fail. */
    @Override
    public Future<Void> close() {
        Future<Void> done = onThread(() -> {
            closeQuietly(conn);
            conn = null;
            return null;
        }, "close");
        thread.shutdown();
        return done.recover(e -> Future.succeededFuture());
    }

    /** Runs {@code task} on the store's thread; the future completes on the caller's context. */
    private <T> Future<T> onThread(Callable<T> task, String what) {
        Context ctx = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            thread.execute(() -> {
                try {
                    T value = task.call();
                    ctx.runOnContext(v -> promise.complete(value));
                } catch (Exception e) {
                    Throwable failure = e instanceof WardenException || e instanceof PolicyException ? e
                            : new WardenException(ErrorCode.INTERNAL, "directory " + what + " of " + file + " failed: " + e.getMessage(), e);
                    ctx.runOnContext(v -> promise.fail(failure));
                }
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(new WardenException(ErrorCode.INTERNAL, "directory store " + file + " is closed"));
        }
        return promise.future();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("directory.close.failed error={}", e.toString());
        }
    }
}
