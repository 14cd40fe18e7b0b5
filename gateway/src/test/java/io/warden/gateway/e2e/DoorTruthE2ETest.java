package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the API, the door state and the audit trail say when the door does not simply do as told. */
class DoorTruthE2ETest extends GatewayE2eTest {

    @Test
    void anUnlockThePdAckedButDidNotCarryOutFailsEverywhere() throws Exception {
        String door = "gym-west";
        gw.pd(door).faults().ignoreOutNext(1);

        Response r = gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null);

        String why = "door gym-west: unlock was ACKed but the PD reports the strike LOCKED";
        if (r.status() == 200) assertThat(r.json().getString("result")).as(r.body()).isEqualTo("failed");
        else assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(r.body()).contains(why);
        assertThat(gw.strikeOn(door)).isFalse();
        assertThat(lock(door)).isEqualTo("locked");
        List<JsonObject> trail = gw.audit("type=door.command&door=" + door);
        assertThat(trail).extracting(e -> e.getString("result")).containsExactly("requested", "failed");
        assertThat(trail.get(1).getString("detail")).isEqualTo(why);
        assertThat(gw.audit("type=door.lock&door=" + door)).as("no unlock the PD never reported").isEmpty();
    }

    @Test
    void theFrontDeskBuzzingSomeoneInDoesNotEndAThirtyMinuteUnlock() throws Exception {
        String door = "main-entrance";
        String until = Instant.now().plusSeconds(30 * 60).toString();
        assertThat(gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), new JsonObject().put("until", until)).status()).isEqualTo(200);

        Response pulse = gw.post("/api/v1/doors/" + door + "/pulse", gw.token("operator"), new JsonObject().put("seconds", 1));
        assertThat(pulse.status()).as(pulse.body()).isEqualTo(200);
        assertThat(pulse.json().getString("result")).isEqualTo("confirmed");

        Instant pulseOver = Instant.now().plusMillis(1500);
        until(() -> {
            assertThat(gw.strikeOn(door)).as("strike at the PD").isTrue();
            assertThat(lock(door)).as("API").isEqualTo("unlocked");
            return Instant.now().isAfter(pulseOver);
        }, "the pulse's second to pass, the door still unlocked");
        assertThat(gw.audit("type=door.lock&door=" + door)).extracting(e -> e.getString("detail")).containsExactly("unlocked");
    }

    @Test
    void afterAPulseThePdEndedSilentlyTheDoorIsLockedAndAnOpeningIsForced() throws Exception {
        String door = "library";
        assertThat(gw.post("/api/v1/doors/" + door + "/pulse", gw.token("operator"), new JsonObject().put("seconds", 1)).status()).isEqualTo(200);
        until(() -> !gw.strikeOn(door), "the PD's timer to relock the strike");
        until(() -> lock(door).equals("locked"), "the API to show the door locked, read back from the PD");

        await(gw.pd(door).setInput(0, true));
        until(() -> {
            try {
                return !gw.audit("type=door.forced&door=" + door).isEmpty();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "door.forced in the trail");
    }

    @Test
    void fiftyConcurrentPulsesThroughTheApiAreAllConfirmedAndTheDoorRelocksOnce() throws Exception {
        String door = "library"; // the serial line: the slower one
        var clients = java.util.concurrent.Executors.newFixedThreadPool(50);
        try {
            List<java.util.concurrent.Future<Response>> pulses = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pulses.add(clients.submit(() -> gw.post("/api/v1/doors/" + door + "/pulse", gw.token("operator"), new JsonObject().put("seconds", 1))));
            }
            for (var p : pulses) {
                Response r = p.get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().getString("result")).as(r.body()).isEqualTo("confirmed");
            }
        } finally {
            clients.shutdownNow();
        }
        until(() -> !gw.strikeOn(door), "the PD relocks after the last pulse");
        until(() -> lock(door).equals("locked"), "the API shows it locked");
        assertThat(gw.audit("type=door.lock&door=" + door)).extracting(e -> e.getString("detail")).containsExactly("unlocked", "locked");
        assertThat(gw.audit("type=door.command&door=" + door + "&result=confirmed")).hasSize(50);
    }

    private String lock(String door) {
        try {
            return gw.doorState(door).getString("lock");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
