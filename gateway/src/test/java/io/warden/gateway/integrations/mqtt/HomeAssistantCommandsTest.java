package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands from Home Assistant against a real door service over fake doors: what is carried out, as whom, and that
 * every refusal is in the audit trail with the reason.
 */
class HomeAssistantCommandsTest {
    static final Duration PULSE = Duration.ofSeconds(7);
    static final List<DoorInfo> DOORS = List.of(door("front", "lincoln"), door("library", "lincoln"), door("annex", "jefferson"));

    final Vertx vertx = Vertx.vertx();
    final InMemoryAuditStore audit = new InMemoryAuditStore();
    final Map<String, FakeDoorController> devices = new LinkedHashMap<>();
    final Topics topics = new Topics("district/warden");
    GatewayDoorService doors;

    static DoorInfo door(String id, String site) {
        return new DoorInfo(id, id, site, "main", true, "line-a", "osdp", PULSE, Duration.ofSeconds(30), List.of());
    }

    @BeforeEach
    void start() throws Exception {
        DOORS.forEach(d -> devices.put(d.id(), new FakeDoorController(d.id())));
        doors = await(GatewayDoorService.start(vertx, DOORS, Map.<String, DoorController>copyOf(devices), audit,
                Files.createTempDirectory("warden-ha"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofMillis(100), Duration.ofHours(1)), new SimpleMeterRegistry()));
    }

    @AfterEach
    void stop() {
        await(vertx.close());
    }

    IntegrationContext context(IntegrationsConfig.Commands commands) {
        var haConfig = new IntegrationsConfig.HomeAssistant(null, commands);
        var mqtt = new IntegrationsConfig.Mqtt("127.0.0.1", null, null, null, "ha", "mqtt-password", null, topics.base(), null, haConfig, null);
        var config = new IntegrationsConfig(null, mqtt, null, null);
        return new IntegrationContext(vertx, config, doors, null, audit, new SimpleMeterRegistry(), null, Clock.systemUTC(), null);
    }

    HomeAssistant ha(IntegrationsConfig.Commands commands) {
        IntegrationContext ctx = context(commands);
        return new HomeAssistant(ctx, ctx.config().mqtt().homeAssistant(), topics);
    }

    HomeAssistant ha() {
        return ha(new IntegrationsConfig.Commands("home-assistant", "operator", List.of("front", "annex")));
    }

    /** As the bridge does: on a context of its own. */
    void send(HomeAssistant ha, String topic, String payload, boolean retained) {
        var context = vertx.getOrCreateContext();
        await(Future.<Void>future(p -> context.runOnContext(v -> ha.command(topic, payload, retained).onComplete(p))));
    }

    void send(HomeAssistant ha, String site, String door, String payload) {
        send(ha, topics.doorCommand(site, door), payload, false);
    }

    List<AuditEntry> refusals() {
        return audit.entries(HomeAssistantCommands.REFUSED);
    }

    @Test
    void lockLocksAndUnlockIsTheDoorsPulseAuditedAsThePrincipal() {
        HomeAssistant ha = ha();
        send(ha, "lincoln", "front", "LOCK");
        send(ha, "lincoln", "front", "UNLOCK");
        send(ha, "jefferson", "annex", "UNLOCK");

        assertThat(devices.get("front").received).containsExactly(new DoorCommand.Lock(), new DoorCommand.Pulse(PULSE));
        assertThat(devices.get("annex").received).containsExactly(new DoorCommand.Pulse(PULSE));
        List<AuditEntry> commands = audit.entries("door.command").stream().filter(e -> "front".equals(e.door())).toList();
        assertThat(commands).extracting(AuditEntry::actor).containsOnly("home-assistant");
        assertThat(commands).extracting(AuditEntry::source).containsOnly("mqtt");
        assertThat(commands).extracting(AuditEntry::result).containsExactly("requested", "confirmed", "requested", "confirmed");
        assertThat(commands.get(2).action()).startsWith("pulse 7");
        assertThat(refusals()).isEmpty();
    }

    @Test
    void aDoorNotEnabledIsRefusedAndAudited() {
        send(ha(), "lincoln", "library", "UNLOCK");

        assertThat(devices.get("library").received).isEmpty();
        assertThat(audit.entries("door.command")).isEmpty();
        AuditEntry r = refusals().get(0);
        assertThat(r.actor()).isEqualTo("home-assistant");
        assertThat(r.source()).isEqualTo("mqtt");
        assertThat(r.site()).isEqualTo("lincoln");
        assertThat(r.door()).isEqualTo("library");
        assertThat(r.action()).isEqualTo("pulse");
        assertThat(r.result()).isEqualTo("refused");
        assertThat(r.detail()).contains("door library is not enabled", "commands.doors");
    }

    @Test
    void topicsThatNameNoDoorAreRefused() {
        HomeAssistant ha = ha();
        send(ha, "lincoln", "nowhere", "LOCK");
        send(ha, "lincoln", "annex", "LOCK"); // annex is enabled, but in another site
        send(ha, "district/warden/lincoln/front/extra/set", "LOCK", false);
        send(ha, "elsewhere/lincoln/front/set", "LOCK", false);
        send(ha, "district/warden/front/set", "LOCK", false);

        devices.values().forEach(d -> assertThat(d.received).isEmpty());
        assertThat(refusals()).hasSize(5).allSatisfy(r -> {
            assertThat(r.door()).isNull();
            assertThat(r.detail()).contains("names no door");
        });
        assertThat(refusals().get(0).detail()).contains("'district/warden/lincoln/nowhere/set'");
    }

    @Test
    void onlyLockAndUnlockAreCommandsSoNoPayloadStartsOrReleasesALockdown() {
        HomeAssistant ha = ha();
        for (String payload : List.of("OPEN", "unlock", "LOCKDOWN", "RELEASE", " LOCK", "", "{\"state\":\"UNLOCK\"}")) {
            send(ha, "lincoln", "front", payload);
        }
        assertThat(devices.get("front").received).isEmpty();
        assertThat(doors.activeLockdowns()).isEmpty();
        assertThat(refusals()).hasSize(7).allSatisfy(r -> {
            assertThat(r.door()).isEqualTo("front");
            assertThat(r.action()).isEqualTo("command");
            assertThat(r.detail()).contains("is neither LOCK nor UNLOCK");
        });
    }

    @Test
    void whatTheSenderWroteIsQuotedShortAndWithoutControlCharacters() {
        send(ha(), "lincoln", "front", "UNLOCK\n2026-01-01 event=forged " + "x".repeat(500));
        String detail = refusals().get(0).detail();
        assertThat(detail).doesNotContain("\n").contains("'UNLOCK?2026-01-01 event=forged").contains("...'");
        assertThat(detail.length()).isLessThan(200);
    }

    @Test
    void aRetainedCommandIsNeverCarriedOut() {
        send(ha(), topics.doorCommand("lincoln", "front"), "UNLOCK", true);
        assertThat(devices.get("front").received).isEmpty();
        assertThat(refusals()).singleElement().satisfies(r -> {
            assertThat(r.door()).isEqualTo("front");
            assertThat(r.detail()).contains("retained");
        });
    }

    @Test
    void aRoleWithoutDoorControlOrNoCommandsAtAllRefusesEverything() {
        send(ha(new IntegrationsConfig.Commands("ha-viewer", "viewer", List.of("front"))), "lincoln", "front", "LOCK");
        send(ha(new IntegrationsConfig.Commands("ha-typo", "operatr", List.of("front"))), "lincoln", "front", "LOCK");
        send(ha(null), "lincoln", "front", "LOCK");

        assertThat(devices.get("front").received).isEmpty();
        assertThat(refusals()).extracting(AuditEntry::actor).containsExactly("ha-viewer", "ha-typo", HomeAssistantCommands.DEFAULT_PRINCIPAL);
        assertThat(refusals().get(0).detail()).contains("role 'viewer' may not lock or unlock doors");
        assertThat(refusals().get(1).detail()).contains("unknown role 'operatr'");
        assertThat(refusals().get(2).detail()).contains("commands are off");
    }

    @Test
    void aLockdownRefusesTheBuzzInAndTheRefusalIsAuditedAsThePrincipalButALockStillGoesThrough() {
        await(doors.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope("lincoln", null, null), false,
                "test"), new Principal("principal", Role.LOCKDOWN), "127.0.0.1"));
        devices.get("front").received.clear();
        HomeAssistant ha = ha();

        send(ha, "lincoln", "front", "UNLOCK");
        send(ha, "lincoln", "front", "LOCK");

        assertThat(devices.get("front").received).containsExactly(new DoorCommand.Lock());
        List<AuditEntry> mine = audit.entries("door.command").stream().filter(e -> "home-assistant".equals(e.actor())).toList();
        assertThat(mine.get(0).result()).isEqualTo("refused");
        assertThat(mine.get(0).detail()).contains("lockdown", "pulse refused");
        assertThat(mine).extracting(AuditEntry::result).containsExactly("refused", "requested", "confirmed");
    }

    @Test
    void anOfflineDoorFailsTheCommandAuditedAndTheCallStillSucceeds() {
        devices.get("front").online(false);
        send(ha(), "lincoln", "front", "LOCK");
        assertThat(audit.entries("door.command")).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo("failed");
            assertThat(e.actor()).isEqualTo("home-assistant");
        });
    }

    @Test
    void aFloodOfRefusedCommandsWritesTheFirstOnesInFullAndTheRestAsOneCount() {
        var commands = new IntegrationsConfig.Commands("home-assistant", "operator", List.of("front"));
        var c = new HomeAssistantCommands(context(commands), commands, topics,
                new CommandRefusalBudget(Duration.ofMillis(500), 20, System::nanoTime));
        var context = vertx.getOrCreateContext();
        await(Future.<Void>future(p -> context.runOnContext(v -> {
            List<Future<Void>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) all.add(c.handle(topics.doorCommand("lincoln", "library"), "UNLOCK", false));
            Future.all(all).<Void>mapEmpty().onComplete(p);
        })));

        assertThat(refusals()).hasSize(20);
        io.warden.adapter.api.testing.Waits.until(() -> !audit.entries(HomeAssistantCommands.SUMMARY).isEmpty(), "the summary of the rest");
        assertThat(audit.entries(HomeAssistantCommands.SUMMARY)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("home-assistant");
            assertThat(e.result()).isEqualTo("refused");
            assertThat(e.detail()).startsWith("count=980 ").contains("door library is not enabled");
        });
        assertThat(devices.get("library").received).isEmpty();
    }

    @Test
    void commandsBeyondTheInFlightLimitAreRefusedNotQueued() {
        devices.get("front").silent(true); // each command waits for its reply until the 1 s deadline
        HomeAssistant ha = ha();
        var context = vertx.getOrCreateContext();
        int sent = HomeAssistantCommands.MAX_IN_FLIGHT + 4;
        await(Future.<Void>future(p -> context.runOnContext(v -> {
            List<Future<Void>> all = new java.util.ArrayList<>();
            for (int i = 0; i < sent; i++) all.add(ha.command(topics.doorCommand("lincoln", "front"), "LOCK", false));
            Future.all(all).<Void>mapEmpty().onComplete(p);
        })));

        assertThat(devices.get("front").received).hasSize(HomeAssistantCommands.MAX_IN_FLIGHT);
        assertThat(refusals()).hasSize(4).allSatisfy(r -> assertThat(r.detail()).contains("being carried out already"));
        send(ha, "lincoln", "front", "LOCK"); // the earlier ones are done: room again
        assertThat(devices.get("front").received).hasSize(HomeAssistantCommands.MAX_IN_FLIGHT + 1);
    }

    @Test
    void aRefusalTheTrailCannotTakeIsLoggedAndTheCallStillSucceeds() {
        audit.failAppends("disk full");
        send(ha(), "lincoln", "library", "LOCK"); // completes: never fails the bridge
        assertThat(devices.get("library").received).isEmpty();
    }
}
