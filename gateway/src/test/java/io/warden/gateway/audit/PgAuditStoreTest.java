package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.cluster.PgTestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit contract on PostgreSQL, plus what only this store has: SQL guards and the health check. */
class PgAuditStoreTest extends AuditStoreContract {
    private static Vertx admin;
    private static final List<PgTestDatabase> databases = new ArrayList<>();
    private PgTestDatabase db;
    private Pool sql;

    @BeforeAll
    static void startAdmin() {
        admin = Vertx.vertx();
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        for (PgTestDatabase d : databases) d.close();
        admin.close().await(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void freshDatabase() throws Exception {
        db = PgTestDatabase.create(admin);
        databases.add(db);
        sql = db.pool(2);
    }

    @Override
    protected Future<PgAuditStore> openStore(Vertx vertx) {
        Pool pool = db.pool(4);
        return PgAuditStore.open(vertx, pool, r -> { });
    }

    private void exec(String statement) {
        await(sql.query(statement).execute());
    }

    @Override
    protected void tamper(long seq) {
        exec("ALTER TABLE audit DISABLE TRIGGER audit_no_update");
        exec("UPDATE audit SET detail = 'nothing happened' WHERE seq = " + seq);
    }

    @Override
    protected void delete(long seq) {
        exec("ALTER TABLE audit DISABLE TRIGGER audit_no_delete");
        exec("DELETE FROM audit WHERE seq = " + seq);
    }

    @Test
    void refusesEditsThroughSqlAndGroupsConcurrentAppends() throws Exception {
        PgAuditStore store = (PgAuditStore) open();
        List<Future<AuditRecord>> fs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) fs.add(store.append(entry(i)));
        await(Future.all(fs));
        assertThat(store.commits()).isLessThan(2000);
        assertThat(awaitFailure(sql.query("UPDATE audit SET detail = 'x'").execute())).hasMessageContaining("append-only");
        assertThat(awaitFailure(sql.query("DELETE FROM audit").execute())).hasMessageContaining("append-only");
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, 2000, null));
    }

    @Test
    void checkTakesTheWriteLockAndNamesAHeldOne() throws Exception {
        AuditStore store = open();
        await(store.append(entry(1)));
        assertThat(await(store.check(Duration.ofSeconds(5)))).isEqualTo(AuditHealth.ok(1));
        Pool locker = db.pool(1);
        AuditHealth[] seen = new AuditHealth[1];
        await(locker.withTransaction(c -> c.query("SELECT seq FROM audit_head FOR UPDATE").execute()
                .compose(x -> store.check(Duration.ofMillis(600)).map(h -> seen[0] = h))));
        assertThat(seen[0].reason()).isEqualTo(AuditHealth.Reason.LOCKED);
        assertThat(seen[0].detail()).contains("locked");
        await(locker.close());
    }

    @Test
    void aFailedCommitFailsItsBatchAndTheChainContinuesFromWhatIsStored() throws Exception {
        AuditStore store = open();
        await(store.append(entry(0)));
        exec("CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.detail = 'boom' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$");
        exec("CREATE TRIGGER boom BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION boom()");
        AuditEntry boom = new AuditEntry(T0, "door.command", null, null, null, null, null, null, null, null, null, "boom");
        assertThat(awaitFailure(store.append(boom))).isInstanceOf(WardenException.class)
                .satisfies(e -> assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("audit record not stored").hasMessageContaining("disk on fire");
        AuditHealth failed = await(store.check(Duration.ofSeconds(5)));
        assertThat(failed.reason()).isEqualTo(AuditHealth.Reason.WRITER_FAILED);
        assertThat(await(store.lastSeq())).isEqualTo(1);
        assertThat(await(store.append(entry(2))).seq()).isEqualTo(2);
        assertThat(await(store.check(Duration.ofSeconds(5)))).isEqualTo(AuditHealth.ok(2));
        assertThat(await(store.verify())).isEqualTo(new AuditVerification(true, 2, null));
    }
}
