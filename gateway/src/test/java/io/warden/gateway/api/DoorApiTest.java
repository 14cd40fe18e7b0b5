package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoorApiTest extends ApiTestBase {

    @Test
    void listsDoorsWithState() {
        var res = get("/api/v1/doors", "viewer-token");
        assertThat(res.statusCode()).isEqualTo(200);
        JsonArray items = res.bodyAsJsonObject().getJsonArray("items");
        assertThat(items).hasSize(3);
        JsonObject d1 = items.getJsonObject(0);
        assertThat(d1.fieldNames()).containsExactlyInAnyOrder("id", "name", "site", "siteName", "zone", "zoneName", "exterior",
                "controller", "state");
        assertThat(d1.getString("id")).isEqualTo("d1");
        assertThat(d1.getString("siteName")).as("the names people know the site and zone by").isEqualTo("North High School");
        assertThat(d1.getString("zoneName")).isEqualTo("Building A");
        assertThat(items.getJsonObject(1).getString("zoneName")).as("no name configured: the id").isEqualTo("bldg-b");
        assertThat(d1.getBoolean("exterior")).isTrue();
        assertThat(d1.getJsonObject("controller")).isEqualTo(new JsonObject().put("id", "osdp-1").put("type", "osdp"));
        assertThat(d1.getJsonObject("state")).isEqualTo(new JsonObject().put("lock", "locked").put("contact", "closed")
                .put("online", true).putNull("lockdown"));
        assertThat(items.getJsonObject(2).getJsonObject("state").getString("lock")).isEqualTo("unknown");
        // Routine reads are not audited.
        assertThat(audit.all()).isEmpty();
    }

    @Test
    void filtersBySiteAndZone() {
        var res = get("/api/v1/doors?site=north-hs&zone=bldg-b", "viewer-token");
        JsonArray items = res.bodyAsJsonObject().getJsonArray("items");
        assertThat(items).hasSize(1);
        assertThat(items.getJsonObject(0).getString("id")).isEqualTo("d2");
    }

    @Test
    void getsOneDoorWithCameras() {
        JsonObject d = get("/api/v1/doors/d1", "viewer-token").bodyAsJsonObject();
        assertThat(d.getJsonArray("cameras")).containsExactly("cam-1", "cam-2");
        assertThat(d.getString("updatedAt")).isEqualTo("2025-03-04T10:00:00Z");
        assertThat(d.getJsonObject("state").getString("contact")).isEqualTo("closed");
        problem(get("/api/v1/doors/nope", "viewer-token"), 404, "NOT_FOUND");
    }

    @Test
    void pulseIsConfirmed() {
        var res = post("/api/v1/doors/d1/pulse", "operator-token", new JsonObject().put("seconds", 7));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject()).isEqualTo(new JsonObject().put("door", "d1").put("command", "pulse")
                .put("result", "confirmed").put("detail", "ack").put("latencyMs", 42));
        FakeDoorService.Call call = doors.calls.get(0);
        assertThat(call.command()).isEqualTo(new DoorCommand.Pulse(Duration.ofSeconds(7)));
        assertThat(call.who().name()).isEqualTo("front-office");
        assertThat(call.source()).isEqualTo("127.0.0.1");
    }

    @Test
    void pulseWithoutBodyUsesTheDoorDefault() {
        assertThat(post("/api/v1/doors/d1/pulse", "operator-token", null).statusCode()).isEqualTo(200);
        assertThat(doors.calls.get(0).command()).isEqualTo(new DoorCommand.Pulse(null));
    }

    @Test
    void lockAndTimedUnlock() {
        assertThat(post("/api/v1/doors/d2/lock", "operator-token", new JsonObject()).statusCode()).isEqualTo(200);
        Instant until = Instant.now().plusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var res = post("/api/v1/doors/d2/unlock", "operator-token", new JsonObject().put("until", until.toString()));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(doors.calls).extracting(FakeDoorService.Call::command)
                .containsExactly(new DoorCommand.Lock(), new DoorCommand.Unlock(until));
        JsonObject p = problem(post("/api/v1/doors/d2/unlock", "operator-token", new JsonObject().put("until", "2001-01-01T00:00:00Z")),
                400, "BAD_REQUEST");
        assertThat(p.getString("detail")).contains("until");
    }

    @Test
    void lockedDownDoorRefusesWith409() {
        await(doors.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(null, null, List.of("d1")),
                false, "drill"), new Principal("sro-smith", Role.LOCKDOWN), "10.0.0.9"));
        // The service's own refusal text is asserted over the real service (DoorServiceApiTest); here, the mapping.
        JsonObject p = problem(post("/api/v1/doors/d1/unlock", "operator-token", null), 409, "LOCKDOWN_ACTIVE");
        assertThat(p.getString("type")).isEqualTo("https://warden.dev/problems/lockdown-active");
        JsonObject state = get("/api/v1/doors/d1", "viewer-token").bodyAsJsonObject().getJsonObject("state");
        assertThat(state.getString("lockdown")).isEqualTo("ld-1");
    }

    @Test
    void offlineDoorRefusesWith503() {
        problem(post("/api/v1/doors/d3/pulse", "operator-token", null), 503, "DEVICE_OFFLINE");
        problem(post("/api/v1/doors/zzz/lock", "operator-token", null), 404, "NOT_FOUND");
    }
}
