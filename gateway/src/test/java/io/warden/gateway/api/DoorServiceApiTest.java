package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.testing.FakeDoorController;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The door and lockdown API over the real door service and in-memory door controllers: what is
 * asserted here (answers, refusals, what reaches the doors, what is audited) is the gateway's own
 * behaviour, not a fake service's.
 */
class DoorServiceApiTest extends ApiTestBase {
    private final Map<String, FakeDoorController> controllers = new LinkedHashMap<>();

    @Override
    DoorService doorService() {
        List<DoorInfo> doors = List.of(
                new DoorInfo("d1", "Front entrance", "north-hs", "bldg-a", true, "osdp-1", "osdp", Duration.ofSeconds(5), null, List.of()),
                new DoorInfo("d2", "Gym", "north-hs", "bldg-b", false, "osdp-1", "osdp", Duration.ofSeconds(5), null, List.of()),
                new DoorInfo("d3", "Portable 7", "south-ms", "portables", true, "osdp-2", "osdp", Duration.ofSeconds(5), null, List.of()));
        doors.forEach(d -> controllers.put(d.id(), new FakeDoorController(d.id())));
        controllers.get("d3").online(false);
        try {
            return await(GatewayDoorService.start(vertx, doors, Map.<String, DoorController>copyOf(controllers), audit,
                    Files.createTempDirectory("warden-api"), Clock.systemUTC(),
                    new GatewayDoorService.Options(Duration.ofMillis(100), Duration.ofHours(1)), registry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aPulseReachesTheDoorAndIsAuditedAsRequestedThenConfirmed() {
        var res = post("/api/v1/doors/d1/pulse", "operator-token", new JsonObject().put("seconds", 7));

        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        JsonObject body = res.bodyAsJsonObject();
        assertThat(body.getString("door")).isEqualTo("d1");
        assertThat(body.getString("result")).isEqualTo("confirmed");
        assertThat(controllers.get("d1").received).containsExactly(new DoorCommand.Pulse(Duration.ofSeconds(7)));
        assertThat(doorCommands("d1")).extracting(AuditEntry::result).containsExactly("requested", "confirmed");
        assertThat(doorCommands("d1")).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("front-office");
            assertThat(e.source()).isEqualTo("127.0.0.1");
        });
        assertThat(get("/api/v1/doors/d1", "viewer-token").bodyAsJsonObject().getJsonObject("state").getString("lock"))
                .isEqualTo("unlocked");
    }

    @Test
    void anUnlockUntilBeyondThePolicyLimitIsRefusedBeforeTheDoor() {
        Instant until = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

        JsonObject p = problem(post("/api/v1/doors/d2/unlock", "operator-token", new JsonObject().put("until", until.toString())),
                400, "BAD_REQUEST");

        assertThat(p.getString("detail")).contains("more than").contains("the limit");
        assertThat(controllers.get("d2").received).isEmpty();
    }

    @Test
    void anOfflineDoorIsRefusedWith503AndNothingIsSent() {
        JsonObject p = problem(post("/api/v1/doors/d3/pulse", "operator-token", null), 503, "DEVICE_OFFLINE");

        assertThat(p.getString("detail")).isEqualTo("door d3: controller osdp-2 is offline");
        assertThat(controllers.get("d3").received).isEmpty();
        assertThat(doorCommands("d3")).extracting(AuditEntry::result).containsExactly("failed");
        assertThat(registry.scrape()).contains("warden_door_commands_total{command=\"pulse\",origin=\"operator\",result=\"device_offline\"} 1.0");
    }

    @Test
    void aLockdownLocksItsDoorsRefusesUnlocksAndAReleaseLeavesThemLocked() {
        JsonObject start = new JsonObject().put("level", "lockdown").put("drill", false).put("reason", "police activity")
                .put("scope", new JsonObject().put("doors", new JsonArray().add("d1").add("d3")));
        var started = post("/api/v1/lockdowns", "lockdown-token", start);
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(201);
        JsonObject report = started.bodyAsJsonObject();
        String id = report.getString("id");
        assertThat(started.getHeader("Location")).isEqualTo("/api/v1/lockdowns/" + id);
        assertThat(report.getString("startedBy")).isEqualTo("sro-smith");
        assertThat(report.getJsonArray("doors").stream().map(d -> ((JsonObject) d).getString("id") + "=" + ((JsonObject) d).getString("status")))
                .containsExactly("d1=confirmed", "d3=offline");
        assertThat(controllers.get("d1").received).containsExactly(new DoorCommand.Lockdown());

        JsonObject refused = problem(post("/api/v1/doors/d1/unlock", "operator-token", null), 409, "LOCKDOWN_ACTIVE");
        assertThat(refused.getString("detail")).startsWith("door d1 is in lockdown " + id + ", started by sro-smith")
                .endsWith("unlock refused");
        assertThat(controllers.get("d1").received).as("the refused unlock never reaches the door").containsExactly(new DoorCommand.Lockdown());
        assertThat(doorCommands("d1")).extracting(AuditEntry::result).contains("refused");
        assertThat(get("/api/v1/doors/d1", "viewer-token").bodyAsJsonObject().getJsonObject("state").getString("lockdown")).isEqualTo(id);

        var released = post("/api/v1/lockdowns/" + id + "/release", "lockdown-token", null);
        assertThat(released.statusCode()).as(released.bodyAsString()).isEqualTo(200);
        assertThat(OpenApiAnswerCheck.gatewayContract().violation("POST", "/api/v1/lockdowns/" + id + "/release", 200, "application/json",
                released.body().getBytes())).isNull();
        assertThat(released.bodyAsJsonObject().getBoolean("active")).isFalse();
        assertThat(released.bodyAsJsonObject().getJsonArray("releases").stream()
                .map(d -> ((JsonObject) d).getString("id") + "=" + ((JsonObject) d).getString("status")))
                .as("each door's answer to its release").containsExactly("d1=confirmed", "d3=offline");
        assertThat(get("/api/v1/lockdowns", "viewer-token").bodyAsJsonObject().getJsonArray("items")).isEmpty();
        JsonObject state = get("/api/v1/doors/d1", "viewer-token").bodyAsJsonObject().getJsonObject("state");
        assertThat(state.getString("lock")).as("a release does not unlock").isEqualTo("locked");
        assertThat(state.getValue("lockdown")).isNull();
        assertThat(controllers.get("d1").received).containsExactly(new DoorCommand.Lockdown(), new DoorCommand.Release());
    }

    @Test
    void aDoorShowsTheModeAlarmTamperAndFaultItsControllerReportsAndAnOsdpDoorNone() {
        controllers.get("d2").report(new DoorState(DoorState.LockState.LOCKED, DoorState.ContactState.CLOSED, true, Instant.now(),
                DoorState.Mode.LOCKED_DOWN, DoorState.Alarm.FORCED_OPEN, DoorState.Flag.ACTIVE, DoorState.Flag.CLEAR));

        var one = get("/api/v1/doors/d2", "viewer-token");
        var all = get("/api/v1/doors", "viewer-token");

        assertThat(one.bodyAsJsonObject().getJsonObject("state")).isEqualTo(new JsonObject().put("lock", "locked").put("contact", "closed")
                .put("online", true).putNull("lockdown").put("mode", "locked_down").put("alarm", "forced_open").put("tamper", "active")
                .put("fault", "clear"));
        assertThat(all.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getJsonObject("state"))
                .as("an OSDP door's state as before: no mode, alarm, tamper or fault")
                .isEqualTo(new JsonObject().put("lock", "locked").put("contact", "closed").put("online", true).putNull("lockdown"));
        OpenApiAnswerCheck contract = OpenApiAnswerCheck.gatewayContract();
        assertThat(contract.violation("GET", "/api/v1/doors/d2", 200, "application/json", one.body().getBytes())).isNull();
        assertThat(contract.violation("GET", "/api/v1/doors", 200, "application/json", all.body().getBytes())).isNull();
    }

    private List<AuditEntry> doorCommands(String door) {
        return audited("door.command").stream().map(r -> r.entry()).filter(e -> door.equals(e.door())).toList();
    }
}
