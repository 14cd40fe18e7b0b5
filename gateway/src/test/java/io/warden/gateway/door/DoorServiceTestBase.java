package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A door service over fake doors that answer at once, an audit trail in memory and a temporary data directory. */
abstract class DoorServiceTestBase {
    static final Principal OPERATOR = new Principal("front-office", Role.OPERATOR);
    static final Principal PRINCIPAL = new Principal("principal", Role.LOCKDOWN);
    static final List<DoorInfo> DOORS = List.of(
            door("main-entrance", "main", true), door("library", "main", false), door("gym-east", "gym", true));
    static final Duration REASSERT_EVERY = Duration.ofMillis(100);
    static final Duration MAX_UNLOCK = Duration.ofHours(1);

    Vertx vertx = Vertx.vertx();
    final InMemoryAuditStore audit = new InMemoryAuditStore();
    final Map<String, FakeDoorController> devices = new LinkedHashMap<>();
    /** Where the service counts its door commands. */
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Path dataDir;
    GatewayDoorService service;

    static DoorInfo door(String id, String zone, boolean exterior) {
        return new DoorInfo(id, id, "lincoln", zone, exterior, "line-a", "osdp", Duration.ofSeconds(5), Duration.ofSeconds(30), List.of());
    }

    @BeforeEach
    void startService() throws Exception {
        DOORS.forEach(d -> devices.put(d.id(), new FakeDoorController(d.id())));
        dataDir = Files.createTempDirectory("warden");
        service = start(DOORS);
    }

    @AfterEach
    void closeVertx() throws Exception {
        await(vertx.close());
    }

    GatewayDoorService start(List<DoorInfo> doors) throws Exception {
        return await(GatewayDoorService.start(vertx, doors, Map.<String, DoorController>copyOf(devices), audit, dataDir,
                Clock.systemUTC(), new GatewayDoorService.Options(REASSERT_EVERY, MAX_UNLOCK), registry));
    }

    /** Ends the service as a crash would (its Vert.x and timers go, nothing more is written) and starts a new one on the same data. */
    GatewayDoorService restart(List<DoorInfo> doors) throws Exception {
        await(vertx.close());
        vertx = Vertx.vertx();
        service = start(doors);
        return service;
    }

    /** Audit entries of the door commands {@code action} on {@code door}, in order. */
    List<AuditEntry> commands(String door, String action) {
        return audit.entries("door.command").stream().filter(e -> door.equals(e.door()) && action.equals(e.action())).toList();
    }
}
