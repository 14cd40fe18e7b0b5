package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.e2e.E2eSite.actor;
import static io.warden.gateway.e2e.GatewayFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lockdowns through the API against the simulated PDs: the report, refusals during it, and who may release it. */
class LockdownE2ETest extends GatewayE2eTest {

    @Test
    void zoneLockdownWithOneControllerOfflineLocksTheRestAndOnlyTheLockdownRoleReleasesIt() throws Exception {
        // Two doors of zone north stand unlocked, one on each line; the third door's PD (line-b, TCP) goes silent.
        for (String door : List.of("gym-east", "north-lobby")) {
            Response r = gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(gw.strikeOn(door)).as(door + " unlocked at the PD").isTrue();
        }
        gw.pd("gym-west").faults().silent(true);
        until(() -> !online("gym-west"), "gym-west offline in the API");
        int westOuts = gw.outsRun("gym-west");
        int mainOuts = gw.outsRun("main-entrance"); // line-a PD 1 drives only zone main (PD 2 also drives north-lobby)

        Response started = gw.post("/api/v1/lockdowns", gw.token("lockdown"), new JsonObject().put("level", "lockdown")
                .put("scope", new JsonObject().put("zone", "north")).put("reason", "e2e: intruder reported near the gym"));

        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonObject report = started.json();
        String id = report.getString("id");
        assertThat(id).startsWith("ld-");
        assertThat(started.header("Location")).isEqualTo("/api/v1/lockdowns/" + id);
        assertThat(report.getString("level")).isEqualTo("lockdown");
        assertThat(report.getJsonObject("scope")).isEqualTo(new JsonObject().put("zone", "north"));
        assertThat(report.getString("startedBy")).isEqualTo(actor("lockdown"));
        assertThat(report.getBoolean("active")).isTrue();
        assertThat(report.getBoolean("drill")).isFalse();
        Map<String, JsonObject> doors = byId(report);
        assertThat(doors.keySet()).as("every door of zone north, none of main").containsExactlyInAnyOrder("north-lobby", "gym-east", "gym-west");
        for (String door : List.of("gym-east", "north-lobby")) {
            assertThat(doors.get(door).getString("status")).as(door).isEqualTo("confirmed");
            assertThat(doors.get(door).getValue("latencyMs")).as(door + " latency").isInstanceOf(Number.class);
            assertThat(doors.get(door).getLong("latencyMs")).isNotNegative().isLessThan(15_000);
        }
        assertThat(doors.get("gym-west").getString("status")).isEqualTo("offline");
        assertThat(doors.get("gym-west").getString("detail")).contains("offline");

        // At the devices: both reachable strikes dropped; nothing reached the silent PD or zone main's PD.
        assertThat(gw.strikeOn("gym-east")).isFalse();
        assertThat(gw.strikeOn("north-lobby")).isFalse();
        assertThat(gw.outsRun("gym-west")).isEqualTo(westOuts);
        assertThat(gw.outsRun("main-entrance")).isEqualTo(mainOuts);
        assertThat(gw.doorState("gym-east").getString("lockdown")).isEqualTo(id);
        gw.reportsDelivered("gym-east");
        until(() -> lockOf("gym-east").equals("locked"), "the API to show gym-east locked");
        assertThat(gw.doorState("library").getValue("lockdown")).isNull();

        // Unlock and pulse are refused with the lockdown's id and who started it; nothing is sent to the PD.
        JsonObject refused = problem(gw.post("/api/v1/doors/gym-east/unlock", gw.token("operator"), null), 409, "LOCKDOWN_ACTIVE");
        assertThat(refused.getString("detail")).contains(id).contains(actor("lockdown")).contains("unlock");
        JsonObject pulseRefused = problem(gw.post("/api/v1/doors/north-lobby/pulse", gw.token("admin"), null), 409, "LOCKDOWN_ACTIVE");
        assertThat(pulseRefused.getString("detail")).contains(id).contains(actor("lockdown"));
        assertThat(gw.audit("type=door.command&door=gym-east&actor=" + actor("operator")))
                .extracting(e -> e.getString("action") + " " + e.getString("result"))
                .containsExactly("unlock requested", "unlock confirmed", "unlock refused");
        assertThat(gw.strikeOn("gym-east")).isFalse();
        assertThat(gw.strikeOn("north-lobby")).isFalse();
        assertThat(gw.audit("type=door.command&door=gym-east&result=refused"))
                .singleElement().satisfies(e -> assertThat(e.getString("detail")).contains(id));

        // The operator may not release it: 403, audited, still active.
        String release = "/api/v1/lockdowns/" + id + "/release";
        JsonObject forbidden = problem(gw.post(release, gw.token("operator"), null), 403, "FORBIDDEN");
        assertThat(forbidden.getString("detail")).contains("operator");
        assertThat(gw.audit("type=auth.refused&actor=" + actor("operator"))).singleElement().satisfies(e -> {
            assertThat(e.getString("action")).isEqualTo("POST " + release);
            assertThat(e.getString("result")).isEqualTo("refused");
        });
        assertThat(activeIds()).containsExactly(id);

        // The lockdown role releases it; the doors stay locked, and only then does unlock work again.
        Response released = gw.post(release, gw.token("lockdown"), null);
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().getBoolean("active")).isFalse();
        assertThat(released.json().getString("releasedBy")).isEqualTo(actor("lockdown"));
        assertThat(activeIds()).isEmpty();
        assertThat(gw.strikeOn("gym-east")).as("release does not unlock").isFalse();
        assertThat(gw.doorState("gym-east").getValue("lockdown")).isNull();
        assertThat(gw.audit("type=lockdown.started")).extracting(e -> e.getString("result")).containsExactly("requested", "confirmed");
        assertThat(gw.audit("type=lockdown.released")).singleElement()
                .satisfies(e -> assertThat(e.getString("actor")).isEqualTo(actor("lockdown")));

        Response unlock = gw.post("/api/v1/doors/gym-east/unlock", gw.token("operator"), null);
        assertThat(unlock.status()).as(unlock.body()).isEqualTo(200);
        assertThat(gw.strikeOn("gym-east")).isTrue();

        gw.pd("gym-west").faults().silent(false);
        until(() -> online("gym-west"), "gym-west back online");
    }

    @Test
    void secureLevelLocksOnlyTheExteriorDoorsOfTheZone() throws Exception {
        for (String door : List.of("main-entrance", "library")) {
            assertThat(gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null).status()).isEqualTo(200);
        }
        Response started = gw.post("/api/v1/lockdowns", gw.token("admin"), new JsonObject().put("level", "secure")
                .put("scope", new JsonObject().put("zone", "main")).put("drill", true).put("reason", "e2e: police activity nearby"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonObject report = started.json();
        assertThat(report.getBoolean("drill")).isTrue();
        assertThat(byId(report).keySet()).containsExactly("main-entrance");
        assertThat(byId(report).get("main-entrance").getString("status")).isEqualTo("confirmed");
        assertThat(gw.strikeOn("main-entrance")).isFalse();
        assertThat(gw.strikeOn("library")).as("an interior door stays as it was").isTrue();
        JsonObject refused = problem(gw.post("/api/v1/doors/main-entrance/pulse", gw.token("operator"), null), 409, "LOCKDOWN_ACTIVE");
        assertThat(refused.getString("detail")).contains(report.getString("id")).contains("drill");
        assertThat(gw.post("/api/v1/doors/library/lock", gw.token("operator"), null).status()).isEqualTo(200);
        assertThat(gw.strikeOn("library")).isFalse();
    }

    private boolean online(String door) {
        try {
            return gw.doorState(door).getBoolean("online");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String lockOf(String door) {
        try {
            return gw.doorState(door).getString("lock");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<String> activeIds() throws Exception {
        Response r = gw.get("/api/v1/lockdowns", gw.token("viewer"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    static Map<String, JsonObject> byId(JsonObject report) {
        Map<String, JsonObject> m = new LinkedHashMap<>();
        report.getJsonArray("doors").forEach(o -> m.put(((JsonObject) o).getString("id"), (JsonObject) o));
        return m;
    }
}
