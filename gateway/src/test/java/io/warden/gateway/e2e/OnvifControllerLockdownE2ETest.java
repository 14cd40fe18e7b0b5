package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.e2e.OnvifControllerSite.OSDP_DOOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorState.Mode;
import io.warden.gateway.e2e.OnvifControllerSite.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One lockdown through the API over an OSDP door and the doors of an ONVIF Profile C controller: every
 * door confirmed with its latency, the controller itself holding its doors LockedDown (and put back
 * when someone at the controller releases one), the gateway's policy refusing an unlock before anything
 * reaches the device, and a release that each door answers.
 */
@Timeout(180)
class OnvifControllerLockdownE2ETest {
    private OnvifControllerSite site;

    @AfterEach
    void close() {
        if (site != null) site.close();
    }

    @Test
    void aSiteLockdownSpansOsdpAndOnvifDoorsAndItsReleaseLeavesThemLocked() throws Exception {
        site = OnvifControllerSite.start(OnvifControllerSite.Options.plain().withOsdp());
        // one door of each kind stands unlocked, so the lockdown has something to do at both
        for (String door : List.of("art-room", OSDP_DOOR)) {
            Response r = site.post("/api/v1/doors/" + door + "/unlock", "operator", null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        assertThat(site.sim.mode("Door_2")).isEqualTo(Mode.UNLOCKED);
        assertThat(site.pd().output(0)).as("gym-east's strike energised (unlocked)").isTrue();

        Response started = site.post("/api/v1/lockdowns", "lockdown", new JsonObject().put("level", "lockdown")
                .put("scope", new JsonObject().put("site", OnvifControllerSite.SITE)).put("reason", "e2e: one lockdown over both kinds of door"));

        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonObject report = started.json();
        String id = report.getString("id");
        Map<String, JsonObject> doors = byId(report.getJsonArray("doors"));
        assertThat(doors.keySet()).containsExactlyInAnyOrder("east-entrance", "art-room", OSDP_DOOR);
        assertThat(doors.values()).allSatisfy(d -> {
            assertThat(d.getString("status")).as(d.encode()).isEqualTo("confirmed");
            assertThat(d.getValue("latencyMs")).as(d.encode()).isInstanceOf(Number.class);
            assertThat(d.getLong("latencyMs")).as(d.encode()).isNotNegative().isLessThan(15_000);
        });
        // the devices' own view
        assertThat(site.sim.mode("Door_1")).isEqualTo(Mode.LOCKED_DOWN);
        assertThat(site.sim.mode("Door_2")).isEqualTo(Mode.LOCKED_DOWN);
        assertThat(site.pd().output(0)).as("gym-east's strike dropped").isFalse();
        until(() -> "locked_down".equals(site.doorState("art-room").getString("mode")), "the API to show art-room LockedDown");
        assertThat(site.doorState("art-room").getString("lockdown")).isEqualTo(id);

        // The gateway refuses an unlock of an ONVIF door: nothing reaches the controller.
        int unlocksSent = site.sim.received("UnlockDoor");
        Response refused = site.post("/api/v1/doors/art-room/unlock", "operator", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().getString("code")).isEqualTo("LOCKDOWN_ACTIVE");
        assertThat(refused.json().getString("detail")).contains(id);
        assertThat(site.sim.received("UnlockDoor")).isEqualTo(unlocksSent);
        assertThat(site.sim.mode("Door_2")).isEqualTo(Mode.LOCKED_DOWN);

        // Someone at the controller releases east-entrance's lockdown: the gateway hears the mode and puts it back.
        int lockDowns = site.sim.received("LockDownDoor");
        await(site.direct().lockDownRelease("Door_1", Instant.now().plusSeconds(10)), OnvifControllerSite.DEADLINE);
        assertThat(site.sim.mode("Door_1")).isEqualTo(Mode.LOCKED);
        until(() -> site.sim.mode("Door_1") == Mode.LOCKED_DOWN, "the gateway to lock east-entrance down again", OnvifControllerSite.DEADLINE);
        assertThat(site.sim.received("LockDownDoor")).isGreaterThan(lockDowns);
        until(() -> "locked_down".equals(site.doorState("east-entrance").getString("mode")), "the API to show east-entrance LockedDown again");

        Response released = site.post("/api/v1/lockdowns/" + id + "/release", "lockdown", null);
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().getBoolean("active")).isFalse();
        Map<String, JsonObject> releases = byId(released.json().getJsonArray("releases"));
        assertThat(releases.keySet()).containsExactlyInAnyOrder("east-entrance", "art-room", OSDP_DOOR);
        assertThat(releases.values()).allSatisfy(d -> {
            assertThat(d.getString("status")).as(d.encode()).isEqualTo("confirmed");
            assertThat(d.getLong("latencyMs")).as(d.encode()).isNotNull().isNotNegative();
        });
        // released, not opened: the controller holds both doors Locked, the OSDP strike stays dropped
        assertThat(site.sim.mode("Door_1")).isEqualTo(Mode.LOCKED);
        assertThat(site.sim.mode("Door_2")).isEqualTo(Mode.LOCKED);
        assertThat(site.pd().output(0)).isFalse();
        assertThat(site.audit("type=lockdown.released")).singleElement();

        Response unlock = site.post("/api/v1/doors/art-room/unlock", "operator", null);
        assertThat(unlock.status()).as(unlock.body()).isEqualTo(200);
        assertThat(unlock.json().getString("result")).isEqualTo("confirmed");
        assertThat(site.sim.mode("Door_2")).isEqualTo(Mode.UNLOCKED);
    }

    private static Map<String, JsonObject> byId(JsonArray results) {
        Map<String, JsonObject> m = new LinkedHashMap<>();
        results.stream().map(JsonObject.class::cast).forEach(d -> m.put(d.getString("id"), d));
        return m;
    }
}
