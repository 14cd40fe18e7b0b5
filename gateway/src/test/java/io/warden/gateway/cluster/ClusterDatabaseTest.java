package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.config.ClusterConfig;
import io.warden.gateway.config.Secrets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterDatabaseTest {
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static ClusterConfig.Database db(String name, String secret) {
        return new ClusterConfig.Database(PgTestDatabase.HOST, PgTestDatabase.PORT, name, PgTestDatabase.USER, secret, false);
    }

    @Test
    void aMissingPasswordSecretIsABadConfigNamingItsPath() {
        assertThatThrownBy(() -> ClusterDatabase.pool(vertx, db("warden", "WARDEN_DB_PASSWORD"), Secrets.of(Map.of())))
                .isInstanceOf(WardenException.class).hasMessageContaining("cluster.database.passwordSecret")
                .hasMessageContaining("WARDEN_DB_PASSWORD")
                .satisfies(e -> assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.BAD_CONFIG));
        assertThatThrownBy(() -> ClusterDatabase.pool(vertx, db("warden", null), Secrets.of(Map.of())))
                .isInstanceOf(WardenException.class).hasMessageContaining("cluster.database.passwordSecret");
    }

    @Test
    void thePoolConnectsWithThePasswordOfTheSecret() throws Exception {
        try (PgTestDatabase test = PgTestDatabase.create(vertx)) {
            Pool pool = ClusterDatabase.pool(vertx, db(test.name(), "WARDEN_DB_PASSWORD"),
                    Secrets.of(Map.of("WARDEN_DB_PASSWORD", PgTestDatabase.PASSWORD.isEmpty() ? "unused-with-trust" : PgTestDatabase.PASSWORD)));
            assertThat(await(pool.query("SELECT current_database()").execute()).iterator().next().getString(0)).isEqualTo(test.name());
            await(pool.close());
        }
    }
}
