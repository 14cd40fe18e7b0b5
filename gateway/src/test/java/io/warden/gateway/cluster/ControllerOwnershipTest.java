package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One controller's acquire / lose / stop steps: one adapter at a time, a fresh one per holding, nothing left running at stop. */
class ControllerOwnershipTest {
    private static final DoorInfo DOOR = new DoorInfo("d1", "d1", "s1", "z1", true, "c1", "fake", Duration.ofSeconds(5),
            Duration.ofSeconds(30), List.of());

    private final Vertx vertx = Vertx.vertx();
    private final InMemoryAuditStore audit = new InMemoryAuditStore();
    private final List<FakeAdapter> created = new CopyOnWriteArrayList<>();
    private GatewayDoorService doors;
    private ControllerOwnership ownership;

    @BeforeEach
    void start() throws Exception {
        doors = await(GatewayDoorService.start(vertx, List.of(DOOR), Map.<String, DoorController>of(), audit,
                Files.createTempDirectory("warden-ownership"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofSeconds(1), Duration.ofHours(1))));
        DeviceAdapterFactory factory = new DeviceAdapterFactory() {
            @Override
            public String type() {
                return "fake";
            }

            @Override
            public DeviceAdapter create(AdapterSpec spec, io.warden.adapter.api.AdapterContext context) {
                FakeAdapter a = new FakeAdapter();
                created.add(a);
                return a;
            }
        };
        AdapterSpec spec = new AdapterSpec("c1", "fake", new JsonObject(), List.of(), "controllers[0]");
        DeviceEventRecorder context = new DeviceEventRecorder(vertx, Clock.systemUTC(), audit, Map.of("d1", DOOR),
                id -> java.util.Optional.empty(), new DeviceDirectory(Instant.now()));
        ownership = new ControllerOwnership(vertx, "n1", Map.of("c1", spec), type -> factory, context, (adapter, path) -> adapter.start(),
                doors, audit, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void aStopWhileTheAdapterStartsStopsItAndNeverServesItsDoors() {
        ownership.acquired("c1", 1);
        until(() -> created.size() == 1, "the adapter is created and starting");
        FakeAdapter starting = created.get(0);

        ownership.lost("c1", "released: node n1 is stopping"); // what ControllerLeases.stop tells first
        Future<Void> stopped = ownership.stop();
        assertThat(stopped.isComplete()).as("the node's stop waits for the adapter still starting").isFalse();

        starting.started.complete();
        starting.stopped.complete();
        await(stopped);
        assertThat(starting.stopCalled).as("stopped before the node's stop completed").isTrue();
        assertThat(doors.drives("c1")).as("its doors are not served by a stopping node").isFalse();
        assertThat(ownership.driven()).isEmpty();
    }

    @Test
    void aStopWithoutALossStillStopsTheAdapterThatWasStarting() {
        ownership.acquired("c1", 1);
        until(() -> created.size() == 1, "the adapter is created and starting");
        FakeAdapter starting = created.get(0);

        Future<Void> stopped = ownership.stop();
        starting.started.complete();
        starting.stopped.complete();
        await(stopped);
        assertThat(starting.stopCalled).isTrue();
        assertThat(doors.drives("c1")).isFalse();
    }

    @Test
    void aLeaseRetakenWhileTheOldAdapterStopsGetsAFreshAdapterOnlyAfterTheOldOneStopped() {
        ownership.acquired("c1", 1);
        until(() -> created.size() == 1, "the first adapter is created");
        FakeAdapter first = created.get(0);
        first.started.complete();
        until(() -> doors.drives("c1"), "the first adapter's doors are served");

        ownership.lost("c1", "lapsed");
        until(() -> first.stopCalled, "the first adapter is being stopped");
        ownership.acquired("c1", 2); // the lease was taken again while the old adapter's stop is in flight
        assertThat(created).as("no second adapter while the first one may still write to the line").hasSize(1);

        first.stopped.complete();
        until(() -> created.size() == 2, "a fresh adapter for the new holding");
        FakeAdapter second = created.get(1);
        assertThat(second).isNotSameAs(first);
        second.started.complete();
        until(() -> ownership.driven().contains("c1") && doors.drives("c1"), "the fresh adapter drives the controller");
        second.stopped.complete();
    }

    /** An adapter whose start and stop complete when the test says so. */
    private static final class FakeAdapter implements DeviceAdapter {
        final Promise<Void> started = Promise.promise();
        final Promise<Void> stopped = Promise.promise();
        final FakeDoorController door = new FakeDoorController("d1");
        volatile boolean stopCalled;

        @Override
        public String id() {
            return "c1";
        }

        @Override
        public Future<Void> start() {
            return started.future();
        }

        @Override
        public Future<Void> stop() {
            stopCalled = true;
            return stopped.future();
        }

        @Override
        public Collection<DoorController> doors() {
            return List.of(door);
        }

        @Override
        public DeviceHealth health(String deviceId) {
            return null;
        }
    }
}
