package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Pulse, unlock and lock through the API, confirmed by the simulated PDs on both lines, and audited twice each. */
class DoorCommandsE2ETest extends GatewayE2eTest {

    @Test
    void pulseUnlocksAtThePdOverSerialAndTheStrikeDropsByItself() throws Exception {
        String door = "main-entrance";
        List<Boolean> strikeAfterOut = new CopyOnWriteArrayList<>();
        gw.pd(door).onCommand(c -> {
            if (c.code() == GatewayFixture.OUT) strikeAfterOut.add(gw.strikeOn(door));
        });
        int outsBefore = gw.outsRun(door);
        long t0 = System.nanoTime();

        Response r = gw.post("/api/v1/doors/" + door + "/pulse", gw.token("operator"), new JsonObject().put("seconds", 1));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonObject outcome = r.json();
        assertThat(outcome.getString("door")).isEqualTo(door);
        assertThat(outcome.getString("command")).isEqualTo("pulse");
        assertThat(outcome.getString("result")).isEqualTo("confirmed");
        assertThat(outcome.getString("detail")).contains("output 0").contains("1.0 s").contains("confirmed");
        assertThat(outcome.getLong("latencyMs")).isNotNegative();
        assertThat(strikeAfterOut).as("strike state at the PD right after each OUT it ran").containsExactly(true);

        until(() -> !gw.strikeOn(door), "the strike to drop at the PD");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(elapsedMs).as("the PD's own 1 s timer relocked it").isGreaterThanOrEqualTo(950);
        assertThat(gw.outsRun(door)).as("no second OUT: the PD relocked by itself").isEqualTo(outsBefore + 1);
        until(() -> lock(door).equals("locked"), "the API to show the door locked again");
        assertThat(gw.strikeOn("front-office")).as("the other strike of the same PD").isFalse();

        assertThat(commands(door)).containsExactly("pulse 1.0 s requested", "pulse 1.0 s confirmed");
    }

    @Test
    void unlockAndLockAreConfirmedByTheSecurePdOverTcp() throws Exception {
        String door = "gym-east";
        Response unlock = gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null);
        assertThat(unlock.status()).as(unlock.body()).isEqualTo(200);
        assertThat(unlock.json().getString("result")).isEqualTo("confirmed");
        assertThat(unlock.json().getString("command")).isEqualTo("unlock");
        assertThat(gw.strikeOn(door)).as("strike at the PD after unlock").isTrue();
        assertThat(gw.pd(door).secureSessionActive()).as("commands went through the secure channel").isTrue();
        gw.reportsDelivered(door);
        until(() -> lock(door).equals("unlocked"), "the API to show " + door + " unlocked");

        Response lock = gw.post("/api/v1/doors/" + door + "/lock", gw.token("operator"), new JsonObject());
        assertThat(lock.status()).as(lock.body()).isEqualTo(200);
        assertThat(lock.json().getString("result")).isEqualTo("confirmed");
        assertThat(lock.json().getString("command")).isEqualTo("lock");
        assertThat(gw.strikeOn(door)).as("strike at the PD after lock").isFalse();
        gw.reportsDelivered(door);
        until(() -> lock(door).equals("locked"), "the API to show " + door + " locked");

        assertThat(commands(door)).containsExactly("unlock requested", "unlock confirmed", "lock requested", "lock confirmed");
        List<JsonObject> confirmed = gw.audit("type=door.command&door=" + door + "&result=confirmed");
        assertThat(confirmed).allSatisfy(e -> {
            assertThat(e.getString("actor")).isEqualTo(E2eSite.actor("operator"));
            assertThat(e.getString("source")).isEqualTo("127.0.0.1");
            assertThat(e.getString("zone")).isEqualTo("north");
            assertThat(e.getString("detail")).contains("confirmed");
        });
    }

    @Test
    void unlockAndLockTheSecondDoorOfASerialPdMoveOnlyItsStrike() throws Exception {
        String door = "front-office"; // PD 1 of line-a, strike 1; main-entrance is strike 0 of the same PD
        Response unlock = gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null);
        assertThat(unlock.status()).as(unlock.body()).isEqualTo(200);
        assertThat(unlock.json().getString("result")).isEqualTo("confirmed");
        assertThat(gw.strikeOn(door)).isTrue();
        assertThat(gw.strikeOn("main-entrance")).isFalse();

        Response lock = gw.post("/api/v1/doors/" + door + "/lock", gw.token("operator"), null);
        assertThat(lock.status()).as(lock.body()).isEqualTo(200);
        assertThat(gw.strikeOn(door)).isFalse();
        assertThat(commands(door)).containsExactly("unlock requested", "unlock confirmed", "lock requested", "lock confirmed");
    }

    private String lock(String door) {
        try {
            return gw.doorState(door).getString("lock");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The door's command trail as "action result" lines, oldest first. */
    private List<String> commands(String door) throws Exception {
        return gw.audit("type=door.command&door=" + door).stream()
                .map(e -> e.getString("action") + " " + e.getString("result")).toList();
    }
}
