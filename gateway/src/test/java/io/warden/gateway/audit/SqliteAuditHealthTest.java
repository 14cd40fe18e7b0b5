package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditHealth.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditStore#check} against the real SQLite store: each way the file can fail shows, with why. */
class SqliteAuditHealthTest {
    private static final Duration CHECK = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    private Vertx vertx;
    private SqliteAuditStore store;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        // A short busy timeout: an append behind a foreign lock fails fast instead of after 5 s.
        store = await(SqliteAuditStore.open(vertx, file(), Duration.ofMillis(200), r -> { }));
        await(store.append(entry("first")));
    }

    @AfterEach
    void close() throws Exception {
        dir.toFile().setWritable(true);
        await(store.close());
        await(vertx.close());
    }

    private Path file() {
        return dir.resolve("audit.db");
    }

    @Test
    void aWorkingStoreIsOkWithItsLastSeq() throws Exception {
        AuditHealth h = await(store.check(CHECK));
        assertThat(h.reason()).isEqualTo(Reason.OK);
        assertThat(h.lastSeq()).isEqualTo(1);
    }

    @Test
    void aDeletedFileShows() throws Exception {
        Files.delete(file());

        AuditHealth h = await(store.check(CHECK));

        assertThat(h.reason()).isEqualTo(Reason.FILE_MISSING);
        assertThat(h.detail()).contains(file().toString()).contains("no longer exists");
        assertThat(file()).doesNotExist(); // the check did not create an empty one
    }

    @Test
    void afterTheFileIsDeletedEveryAppendIsRefusedEvenOnceACopyIsPutBack() throws Exception {
        Path before = dir.resolve("before.db");
        Files.copy(file(), before);
        Files.delete(file());

        // SQLite in WAL mode would commit these into the unlinked file, to be lost at exit.
        assertRefused(store.append(entry("into the void")), "no longer exists (deleted or moved while the gateway ran)");
        assertRefused(store.append(entry("and again")), "no longer exists");
        AuditHealth h = await(store.check(CHECK));
        assertThat(h.reason()).isEqualTo(Reason.FILE_MISSING);
        assertThat(h.lastSeq()).as("nothing counted as committed").isEqualTo(1);
        assertThat(file()).as("no new empty trail was started").doesNotExist();

        Files.copy(before, file()); // restored without a restart: still not the file the writer holds
        assertRefused(store.append(entry("after the copy")), "no longer exists"); // the first cause, until a restart
        assertThat(await(store.check(CHECK)).reason()).isEqualTo(Reason.FILE_REPLACED);
    }

    @Test
    void theRefusalLastsEvenWhenTheSameFileIsMovedBack() throws Exception {
        Path away = dir.resolve("away.db");
        Files.move(file(), away);
        assertRefused(store.append(entry("while away")), "no longer exists");

        Files.move(away, file()); // the very file the writer opened, minus what it refused
        assertRefused(store.append(entry("after moving back")), "no longer exists");
        assertThat(AuditTrailFiles.maxSeq(file())).isEqualTo(1);
    }

    @Test
    void afterTheFileIsReplacedEveryAppendIsRefused() throws Exception {
        Path copy = dir.resolve("copy.db");
        Files.copy(file(), copy);
        Files.move(copy, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertRefused(store.append(entry("into the old file")), "is not the file opened at start (replaced while the gateway ran)");
        assertRefused(store.append(entry("and again")), "replaced");
        assertThat(await(store.check(CHECK)).reason()).isEqualTo(Reason.FILE_REPLACED);
        assertThat(AuditTrailFiles.maxSeq(file())).as("the file now at the path got nothing").isLessThanOrEqualTo(1);
    }

    @Test
    void aFileReplacedUnderneathShows() throws Exception {
        Path copy = dir.resolve("copy.db");
        Files.copy(file(), copy);
        Files.move(copy, file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        AuditHealth h = await(store.check(CHECK));

        assertThat(h.reason()).isEqualTo(Reason.FILE_REPLACED);
        assertThat(h.detail()).contains("not the file opened");
    }

    @Test
    void aLockHeldByAnotherConnectionShowsAndTheFailedCommitShowsUntilOneSucceeds() throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = other.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            AuditHealth locked = await(store.check(CHECK));
            assertThat(locked.reason()).isEqualTo(Reason.LOCKED);
            assertThat(locked.detail()).contains("locked by another connection");

            Throwable failed = store.append(entry("behind the lock")).toCompletionStage().toCompletableFuture()
                    .handle((r, e) -> e).get(10, TimeUnit.SECONDS);
            assertThat(failed).as("the append behind the lock fails").isNotNull();
            s.execute("ROLLBACK");
        }
        AuditHealth writerFailed = await(store.check(CHECK));
        assertThat(writerFailed.reason()).isEqualTo(Reason.WRITER_FAILED);
        assertThat(writerFailed.detail()).contains("commit").contains("audit.db");

        await(store.append(entry("after the lock")));
        assertThat(await(store.check(CHECK)).reason()).isEqualTo(Reason.OK);
    }

    @Test
    void aReadOnlyDirectoryShows() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root may write anywhere").isNotEqualTo("root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));

        AuditHealth h = await(store.check(CHECK));

        assertThat(h.reason()).isEqualTo(Reason.NOT_WRITABLE);
    }

    @Test
    void aClosedStoreSaysSo() throws Exception {
        await(store.close());
        assertThat(await(store.check(CHECK)).reason()).isEqualTo(Reason.CLOSED);
    }

    @Test
    void aWriterThatStoppedShows() throws Exception {
        SqliteAuditWriter writer = new SqliteAuditWriter(file(), 1, r -> { });
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            thread.execute(writer);
            await(writer.closeAfterPending());
            SqliteAuditProbe probe = new SqliteAuditProbe(vertx, AuditFileIdentity.of(file()), writer, thread);

            AuditHealth h = await(probe.check(CHECK));

            assertThat(h.reason()).isEqualTo(Reason.WRITER_STOPPED);
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aHungCheckAnswersTimeoutInTime() throws Exception {
        ExecutorService stuck = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        stuck.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            SqliteAuditWriter writer = new SqliteAuditWriter(file(), 1, r -> { });
            SqliteAuditProbe probe = new SqliteAuditProbe(vertx, AuditFileIdentity.of(file()), writer, stuck);
            long start = System.nanoTime();
            AuditHealth h = await(probe.check(Duration.ofMillis(200)));
            assertThat(h.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(h.detail()).contains("did not finish within 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
            stuck.shutdownNow();
        }
    }

    /** The append fails as INTERNAL with a message naming the file, what happened and what to do. */
    private void assertRefused(Future<AuditRecord> append, String what) throws Exception {
        Throwable cause = append.toCompletionStage().toCompletableFuture().handle((r, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(cause).as("the append is refused").isInstanceOf(WardenException.class);
        assertThat(((WardenException) cause).code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(cause.getMessage()).contains(file().toString()).contains(what)
                .contains("records are refused until it is restored and the gateway restarted");
    }

    private static AuditEntry entry(String detail) {
        return new AuditEntry(Instant.parse("2026-01-05T08:00:00Z"), "system.test", "test", null, null, null, null, null, null,
                null, "ok", detail);
    }
}
