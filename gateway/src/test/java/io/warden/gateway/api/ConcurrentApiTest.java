package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.audit.AuditCheckpoint;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.audit.AuditVerification;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.door.FileLockdownStore;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.testing.FakeDoorController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Four event loops at once against one gateway (real door service, real SQLite trail, the API on four
 * instances): lockdowns started, raced by releases from other loops and released, while unlocks hit
 * the same doors. The trail must show each lockdown's start before its release, never an unlock let
 * through while its door is locked down, and each event-stream client every record in seq order.
 */
class ConcurrentApiTest {
    private static final int LOOPS = 4;
    private static final int ROUNDS = 4;
    private static final Principal SRO = new Principal("sro-smith", Role.LOCKDOWN);
    private static final Principal OFFICE = new Principal("front-office", Role.OPERATOR);

    private final Vertx vertx = Vertx.vertx();
    private final EventHub hub = new EventHub();
    /** The trail as committed, in seq order (the store publishes on its writer thread, in order). */
    private final List<AuditRecord> trail = new CopyOnWriteArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<DoorInfo> doors = new ArrayList<>();
    private Path dir;
    private SqliteAuditStore audit;
    /** The threads that appended door commands and lockdowns to the trail. */
    private final Set<String> appendingThreads = ConcurrentHashMap.newKeySet();
    private GatewayDoorService service;
    private ApiServer api;
    private int port;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("warden-concurrent");
        Map<String, DoorController> local = new LinkedHashMap<>();
        for (int i = 0; i < LOOPS; i++) {
            doors.add(new DoorInfo("d" + i, "d" + i, "lincoln", "main", true, "line-a", "osdp", Duration.ofSeconds(5),
                    Duration.ofSeconds(30), List.of()));
            local.put("d" + i, new FakeDoorController("d" + i));
        }
        audit = await(SqliteAuditStore.open(vertx, dir.resolve("audit.db"), r -> {
            trail.add(r);
            hub.publish(r);
        }));
        service = await(GatewayDoorService.start(vertx, doors, local, new ThreadRecordingStore(audit), dir, Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofMillis(200), Duration.ofHours(1)), registry));
        api = new ApiServer(vertx, service, audit, hub, t -> Optional.ofNullable(ApiTestBase.TOKENS.get(t)),
                new DeviceDirectory(Instant.now()), registry, ApiOptions.plain("127.0.0.1", 0).withInstances(LOOPS));
        port = await(api.start());
    }

    @AfterEach
    void stop() {
        await(api.stop());
        await(service.stop());
        await(audit.close());
        await(vertx.close());
    }

    @Test
    void lockdownsAndCommandsFromFourEventLoopsStayOrdered() {
        List<SseTestClient> streams = List.of(SseTestClient.open(vertx, port, "/api/v1/events", "admin-token", null),
                SseTestClient.open(vertx, port, "/api/v1/events", "admin-token", null),
                SseTestClient.open(vertx, port, "/api/v1/events", "admin-token", null));
        Map<String, String> doorOf = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        String id = await(vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                int me = next.getAndIncrement();
                threads.add(Thread.currentThread().getName());
                return rounds(me, 0, doorOf);
            }
        }, new DeploymentOptions().setInstances(LOOPS)));
        await(vertx.undeploy(id));

        assertThat(threads).hasSizeGreaterThan(1);
        // Commands and lockdowns from every loop ran on the gateway context: their records were appended from one thread.
        assertThat(appendingThreads).hasSize(1);
        assertThat(doorOf).hasSize(LOOPS * ROUNDS);
        assertThat(service.activeLockdowns()).isEmpty();
        assertOrdered(doorOf);
        assertThat(await(new FileLockdownStore(vertx, dir.resolve(GatewayDoorService.LOCKDOWNS_FILE)).load()))
                .allMatch(l -> !l.active());
        assertThat(registry.find("warden.door.commands").tags("origin", "lockdown").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(LOOPS * ROUNDS);

        long last = trail.get(trail.size() - 1).seq();
        for (SseTestClient s : streams) {
            until(() -> !s.ids().isEmpty() && s.ids().get(s.ids().size() - 1) == last, "the stream to reach seq " + last);
            List<Long> ids = s.ids();
            for (int i = 1; i < ids.size(); i++) assertThat(ids.get(i)).as("seq after " + ids.get(i - 1)).isEqualTo(ids.get(i - 1) + 1);
            s.close();
        }
    }

    /**
     * One loop's rounds: lock down its own door, meanwhile try to release whatever lockdown another loop
     * has in flight and unlock the next door; then release its own (perhaps already released by another).
     */
    private Future<Void> rounds(int me, int round, Map<String, String> doorOf) {
        if (round == ROUNDS) return Future.succeededFuture();
        String door = "d" + me;
        Future<LockdownReport> started = service.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, null, List.of(door)), false, "round " + round), SRO, null);
        List<Future<?>> meanwhile = new ArrayList<>();
        for (LockdownReport other : service.activeLockdowns()) {
            meanwhile.add(service.release(other.id(), SRO, null).otherwiseEmpty());
        }
        for (int i = 0; i < 3; i++) {
            meanwhile.add(service.execute("d" + ((me + 1) % LOOPS), new DoorCommand.Unlock(), OFFICE, null).otherwiseEmpty());
        }
        return started.compose(r -> {
                    doorOf.put(r.id(), door);
                    return service.release(r.id(), SRO, null).otherwiseEmpty();
                })
                .compose(v -> Future.join(meanwhile))
                .compose(v -> rounds(me, round + 1, doorOf));
    }

    /** The trail, noting which threads append door commands and lockdowns. */
    private final class ThreadRecordingStore implements AuditStore {
        private final AuditStore store;

        ThreadRecordingStore(AuditStore store) {
            this.store = store;
        }

        @Override
        public Future<AuditRecord> append(AuditEntry entry) {
            if (entry.type().startsWith("door.") || entry.type().startsWith("lockdown.")) appendingThreads.add(Thread.currentThread().getName());
            return store.append(entry);
        }

        @Override
        public Future<AuditPage> query(AuditQuery query) {
            return store.query(query);
        }

        @Override
        public Future<AuditVerification> verify(List<AuditCheckpoint> checkpoints) {
            return store.verify(checkpoints);
        }

        @Override
        public Future<Long> lastSeq() {
            return store.lastSeq();
        }

        @Override
        public Future<AuditHealth> check(Duration timeout) {
            return store.check(timeout);
        }

        @Override
        public Future<Void> close() {
            return store.close();
        }
    }

    /** Each lockdown: started (requested) before released, released once (a second release is refused, after it); no unlock requested on a door while it is locked down. */
    private void assertOrdered(Map<String, String> doorOf) {
        Map<String, Integer> coveredBy = new HashMap<>(); // door -> active lockdowns covering it
        Set<String> started = new HashSet<>();
        Set<String> released = new HashSet<>();
        for (AuditRecord r : trail) {
            var e = r.entry();
            if (e.type().equals("lockdown.started") && e.result().equals("requested")) {
                String ld = e.action().substring(e.action().lastIndexOf(' ') + 1);
                assertThat(started.add(ld)).isTrue();
                coveredBy.merge(doorOf.get(ld), 1, Integer::sum);
            } else if (e.type().equals("lockdown.released") && e.result().equals("refused")) {
                String ld = e.action().substring("release ".length());
                assertThat(released).as("a refused release of " + ld + " comes after its release (seq " + r.seq() + ")").contains(ld);
            } else if (e.type().equals("lockdown.released")) {
                String ld = e.action().substring("release ".length());
                assertThat(started).as("start of " + ld + " before its release (seq " + r.seq() + ")").contains(ld);
                assertThat(released.add(ld)).as(ld + " released once").isTrue();
                coveredBy.merge(doorOf.get(ld), -1, Integer::sum);
            } else if (e.type().equals("door.command") && e.action().equals("unlock") && e.result().equals("requested")) {
                assertThat(coveredBy.getOrDefault(e.door(), 0)).as("unlock of " + e.door() + " requested in a lockdown (seq " + r.seq() + ")")
                        .isZero();
            }
        }
        assertThat(started).isEqualTo(doorOf.keySet());
        assertThat(released).isEqualTo(doorOf.keySet());
    }
}
