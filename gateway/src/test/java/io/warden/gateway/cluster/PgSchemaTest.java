package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PgSchemaTest {
    private Vertx vertx;
    private PgTestDatabase db;
    private Pool pool;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        db = PgTestDatabase.create(vertx);
        pool = db.pool(2);
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private List<Integer> versions() {
        List<Integer> out = new ArrayList<>();
        for (Row r : await(pool.query("SELECT version FROM warden_schema_version ORDER BY version").execute())) out.add(r.getInteger(0));
        return out;
    }

    @Test
    void nodesMigratingTogetherApplyEachMigrationOnceAndAgainIsANoOp() throws Exception {
        int n = PgSchema.migrations().size();
        Pool other = db.pool(2);
        await(Future.all(PgSchema.migrate(pool), PgSchema.migrate(other), PgSchema.migrate(pool)));
        assertThat(versions()).isEqualTo(java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
        await(pool.query("INSERT INTO audit_head (one, seq, hash) VALUES (false, 0, 'x')").execute().otherwiseEmpty());
        await(PgSchema.migrate(pool));
        assertThat(versions()).hasSize(n);
        assertThat(await(pool.query("SELECT count(*) FROM audit_head").execute()).iterator().next().getLong(0)).isEqualTo(1);
        await(other.close());
    }

    @Test
    void aMigrationAddedLaterIsAppliedAloneAndAFailingOneLeavesNothingBehind() throws Exception {
        await(PgSchema.migrate(pool, List.of(List.of("CREATE TABLE t1 (x INT)"))));
        await(PgSchema.migrate(pool, List.of(List.of("CREATE TABLE t1 (x INT)"), List.of("CREATE TABLE t2 (x INT)"))));
        assertThat(versions()).containsExactly(1, 2);
        Throwable bad = awaitFailure(PgSchema.migrate(pool, List.of(List.of("CREATE TABLE t1 (x INT)"), List.of("CREATE TABLE t2 (x INT)"),
                List.of("CREATE TABLE t3 (x INT)", "CREATE TABLE nonsense ("))));
        assertThat(bad).isInstanceOf(WardenException.class).hasMessageContaining("schema migration failed");
        assertThat(versions()).containsExactly(1, 2);
        assertThat(await(pool.query("SELECT to_regclass('t3') IS NULL").execute()).iterator().next().getBoolean(0)).isTrue();
    }

    @Test
    void aDatabaseNewerThanThisGatewayIsRefused() throws Exception {
        await(PgSchema.migrate(pool));
        int newer = PgSchema.migrations().size() + 1;
        await(pool.query("INSERT INTO warden_schema_version (version) VALUES (" + newer + ")").execute());
        Throwable err = awaitFailure(PgSchema.migrate(pool));
        assertThat(err).isInstanceOf(WardenException.class)
                .satisfies(e -> assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageContaining("version " + newer).hasMessageContaining("newer than this gateway");
    }
}
