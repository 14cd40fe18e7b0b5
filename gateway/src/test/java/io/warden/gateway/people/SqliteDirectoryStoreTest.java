package io.warden.gateway.people;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDirectoryStoreTest extends DirectoryStoreContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data").resolve(SqliteDirectoryStore.FILE_NAME);
    }

    @Override
    protected Future<SqliteDirectoryStore> openStore(Vertx vertx) {
        return SqliteDirectoryStore.open(vertx, file());
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    @Override
    protected void refuseWritesOf(String personId) throws Exception {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER refuse_" + personId + " BEFORE INSERT ON person WHEN NEW.id = '" + personId + "'"
                    + " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theFileIsOwnerOnlyInWalModeSideFilesIncluded() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "no POSIX permissions here");
        DirectoryStore store = open();
        await(store.apply(people(bare("a")), 0));
        assertThat(mode(file().getParent())).isEqualTo("rwx------");
        assertThat(mode(file())).isEqualTo("rw-------");
        Path wal = Path.of(file() + "-wal");
        assertThat(wal).exists();
        assertThat(mode(wal)).isEqualTo("rw-------");
        try (Connection c = jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void aFileThatIsNotADatabaseFailsNamingIt() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), "this is not an SQLite database, it is a shopping list: milk, eggs, bread".repeat(100)
                .getBytes(StandardCharsets.UTF_8));
        Throwable e = awaitFailure(openStore(vertx));
        assertThat(e).isInstanceOf(WardenException.class).hasMessageContaining(file().toString()).hasMessageContaining("not a database");
        assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void aRowTheModelRefusesFailsTheLoadNamingTheFileAndTheRow() throws Exception {
        DirectoryStore store = open();
        await(store.apply(new DirectoryChanges(List.of(bare("a")), List.of(new Card("H10301:1:1", "a", CardStatus.ACTIVE)), null), 0));
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE card SET status = 'misplaced' WHERE id = 'H10301:1:1'");
        }
        Throwable e = awaitFailure(store.load());
        assertThat(e).isInstanceOf(WardenException.class).hasMessageContaining(file().toString())
                .hasMessageContaining("card 'H10301:1:1'").hasMessageContaining("misplaced");
    }

    @Test
    void aSecondStoreOnTheSameFileThatReadAnOlderVersionGetsAConflict() {
        DirectoryStore one = open();
        DirectoryStore other = open(); // another process, say the CLI
        assertThat(await(other.load()).version()).isZero();
        await(one.apply(people(bare("a")), 0));

        Throwable e = awaitFailure(other.apply(people(bare("b")), 0));
        assertThat(e).isInstanceOf(PolicyException.class);
        assertThat(((PolicyException) e).code()).isEqualTo(PolicyCode.CONFLICT);
        Directory seen = await(other.load());
        assertThat(seen.people()).containsExactly(bare("a"));
        await(other.apply(people(bare("b")), seen.version()));
        assertThat(await(one.load()).people()).containsExactly(bare("a"), bare("b"));
    }

    @Test
    void callsAfterCloseFailClearly() {
        DirectoryStore store = open();
        await(store.close());
        assertThat(awaitFailure(store.load())).isInstanceOf(WardenException.class).hasMessageContaining("is closed");
    }
}
