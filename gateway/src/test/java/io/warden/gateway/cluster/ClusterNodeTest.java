package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster node whose start fails leaves no lease keeper behind: no lease taken, no adapter started. */
class ClusterNodeTest {
    private static final String YAML = """
            cluster: {node: n1, members: ['127.0.0.1:5702'], leaseSeconds: 3, database: {host: 127.0.0.1, name: warden, user: warden}}
            sites: [{id: s1, zones: [{id: z1}]}]
            controllers: [{id: c1, type: fake-controller}]
            doors: [{id: d1, site: s1, zone: z1, controller: c1, point: {address: 1, strike: 0}}]
            tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
            """;

    private final Vertx vertx = Vertx.vertx();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private PgTestDatabase db;
    private Pool pool;

    @TempDir
    Path dir;

    @BeforeEach
    void database() throws Exception {
        db = PgTestDatabase.create(vertx);
        pool = db.pool(4);
        await(PgSchema.migrate(pool));
    }

    @AfterEach
    void close() throws Exception {
        await(pool.close());
        db.close();
        await(vertx.close());
    }

    @Test
    void aStartThatFailsTakesNoLeaseAndStartsNoAdapter() throws Exception {
        GatewayConfig config = ConfigLoader.parse(YAML, "c.yaml", Gateway.factories().keySet(), Map.of(), dir);
        GatewayDoorService doors = await(GatewayDoorService.start(vertx, List.of(), Map.<String, DoorController>of(), audit, dir,
                Clock.systemUTC(), new GatewayDoorService.Options(Duration.ofSeconds(1), Duration.ofHours(1))));
        DeviceEventRecorder recorder = new DeviceEventRecorder(vertx, Clock.systemUTC(), audit, Map.of(), id -> Optional.empty(),
                new DeviceDirectory(Instant.now()));
        List<DeviceAdapter> started = new CopyOnWriteArrayList<>();

        // A plain (not clustered) Vert.x: the node cannot list its cluster's members, so it does not start.
        Throwable e = awaitFailure(ClusterNode.start(vertx, config, pool, recorder, audit, doors, Clock.systemUTC(), (v, adapter, path) -> {
            started.add(adapter);
            return adapter.start();
        }));
        assertThat(e).hasMessageContaining("not a Hazelcast-clustered Vert.x");

        // A keeper left running would have sent its first acquire at once and retry every 600 ms: watch for two rounds.
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) {
            long rows = await(pool.query("SELECT count(*) FROM warden_controller_leases").execute()).iterator().next().getLong(0);
            assertThat(rows).as("no lease taken by a node that did not start").isZero();
            assertThat(started).as("no adapter started by a node that did not start").isEmpty();
            Thread.sleep(100);
        }
    }
}
