package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditStoreTest extends AuditStoreContract {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data").resolve("audit.db");
    }

    @Override
    protected Future<SqliteAuditStore> openStore(Vertx vertx) {
        return SqliteAuditStore.open(vertx, file());
    }

    private Connection jdbc() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    @Override
    protected void tamper(long seq) throws Exception {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_no_update");
            assertThat(s.executeUpdate("UPDATE audit SET detail = 'nothing happened' WHERE seq = " + seq)).isEqualTo(1);
        }
    }

    @Override
    protected void delete(long seq) throws Exception {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_no_delete");
            assertThat(s.executeUpdate("DELETE FROM audit WHERE seq = " + seq)).isEqualTo(1);
        }
    }

    @Test
    void createsTheFileInWalModeAndRefusesEditsThroughSql() throws Exception {
        AuditStore store = open();
        await(store.append(entry(1)));
        assertThat(file()).exists();
        assertThat(Path.of(file() + "-wal")).exists();
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit SET detail = 'x'")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit")).hasMessageContaining("append-only");
        }
    }

    @Test
    void aSecondStoreOnTheSameFileIsRefused() throws Exception {
        open();
        assertThatThrownBy(() -> SqliteAuditStore.open(vertx, file()).await(10, TimeUnit.SECONDS))
                .isInstanceOf(WardenException.class).hasMessageContaining("already open");
    }

    @Test
    void concurrentAppendsShareCommits() throws Exception {
        SqliteAuditStore store = (SqliteAuditStore) open();
        List<Future<AuditRecord>> fs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) fs.add(store.append(entry(i)));
        await(Future.all(fs));
        assertThat(store.commits()).isLessThan(2000);
    }

    @Test
    void aFailedCommitFailsItsBatchAndTheChainContinuesFromWhatIsStored() throws Exception {
        SqliteAuditStore store = (SqliteAuditStore) open();
        await(store.append(entry(0)));
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER boom BEFORE INSERT ON audit WHEN NEW.detail = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        }
        AuditEntry boom = new AuditEntry(T0, "door.command", null, null, null, null, null, null, null, null, null, "boom");
        assertThat(awaitFailure(store.append(boom))).isInstanceOf(WardenException.class)
                .satisfies(e -> assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("audit record not stored").hasMessageContaining("disk on fire");
        assertThat(await(store.lastSeq())).isEqualTo(1);

        // A burst with one bad entry: whatever shares its batch fails with it; the rest lands without gaps.
        List<Future<AuditRecord>> fs = new ArrayList<>();
        for (int i = 1; i <= 1200; i++) fs.add(store.append(i == 700 ? boom : entry(i)));
        await(Future.join(fs).otherwiseEmpty());
        long ok = fs.stream().filter(Future::succeeded).count();
        assertThat(fs.get(699).failed()).isTrue();
        assertThat(ok).as("batches before the bad one (at most " + SqliteAuditStore.MAX_BATCH + " each) commit").isPositive();
        assertThat(fs.stream().filter(Future::succeeded).map(f -> f.result().seq()).toList()).isSorted();
        assertThat(await(store.lastSeq())).isEqualTo(1 + ok);
        assertThat(await(store.append(entry(999))).seq()).isEqualTo(2 + ok);
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, 2 + ok, null));
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2 + ok);
        }
    }
}
