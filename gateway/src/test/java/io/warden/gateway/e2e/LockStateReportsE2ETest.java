package io.warden.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PD that reports output changes queues an OSTATR snapshot for every one, OUT commands included,
 * and the control panel confirms each command with its own OSTAT read before those snapshots arrive
 * by POLL. A snapshot older than the read must not override it: after "unlock, then lock" the door stays
 * locked in the API and the trail has no door.lock event that contradicts the command before it.
 */
class LockStateReportsE2ETest extends GatewayE2eTest {

    @Test
    void aConfirmedLockIsNotFollowedByAnUnlockedReport() throws Exception {
        gw.reportOutputChanges(true);
        for (int i = 0; i < 5; i++) {
            assertThat(gw.post("/api/v1/doors/gym-east/unlock", gw.token("operator"), null).status()).isEqualTo(200);
            assertThat(gw.post("/api/v1/doors/gym-east/lock", gw.token("operator"), null).status()).isEqualTo(200);
        }
        gw.reportsDelivered("gym-east");
        assertThat(gw.strikeOn("gym-east")).isFalse();

        // Every door.lock event must follow the command that caused it: unlocked after an unlock, locked after a lock.
        List<JsonObject> trail = gw.audit("door=gym-east");
        String lastCommand = null;
        for (JsonObject e : trail) {
            if (e.getString("type").equals("door.command") && "requested".equals(e.getString("result"))) {
                lastCommand = e.getString("action");
            } else if (e.getString("type").equals("door.lock")) {
                String expected = "unlock".equals(lastCommand) ? "unlocked" : "locked";
                assertThat(e.getString("detail")).as("door.lock event seq %d after a %s command", e.getLong("seq"), lastCommand)
                        .isEqualTo(expected);
            }
        }
    }
}
