package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.e2e.OnvifControllerSite.CTL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.api.SseTestClient;
import io.warden.gateway.e2e.OnvifControllerSite.Response;
import io.warden.sim.onvif.OnvifSimProxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A controller restarts and its event service then refuses every new subscription (a proxy in front
 * answers it with a fault): the gateway does not go silent about it. /health and the event stream say
 * the controller is OFFLINE with reason EVENTS_LOST, while its doors still take commands (the device
 * answers, and a lockdown must not wait for events); once subscribing works again it is back ONLINE
 * and its events reach the trail.
 */
@Timeout(240)
class OnvifControllerEventsLostE2ETest {
    /** Re-subscribing fails for 20 s before the events count as lost; back-off then grows to 30 s. */
    private static final Duration LOST_WITHIN = Duration.ofSeconds(60);

    private OnvifControllerSite site;

    @AfterEach
    void close() {
        if (site != null) site.close();
    }

    @Test
    void aSubscriptionThatCannotBeReEstablishedIsOfflineWithEventsLostUntilItIs() throws Exception {
        site = OnvifControllerSite.start(OnvifControllerSite.Options.plain());
        SseTestClient stream = site.follow();
        until(() -> site.sim.subscriptions() > 0, "the gateway subscribed", OnvifControllerSite.DEADLINE);

        long before = site.newestSeq(); // a cold start may have had its own offline and online
        site.gate.refuseEvents(true);
        site.sim.restart(); // the subscription vanishes; every new one is refused

        until(() -> notOnline().isPresent(), "the controller offline in /health", LOST_WITHIN);
        JsonObject down = notOnline().orElseThrow();
        assertThat(down.getString("status")).isEqualTo("OFFLINE");
        assertThat(down.getString("reason")).isEqualTo("EVENTS_LOST");
        assertThat(down.getString("detail")).contains("event subscription").contains(OnvifSimProxy.FAULT_TEXT);
        assertThat(site.controllerDevice().getString("reason")).isEqualTo("EVENTS_LOST");
        until(() -> site.auditAfter(before, "type=device.offline").size() == 1, "device.offline on the trail", OnvifControllerSite.DEADLINE);
        JsonObject offline = site.auditAfter(before, "type=device.offline").get(0);
        assertThat(offline.getString("actor")).isEqualTo(CTL);
        assertThat(offline.getString("detail")).startsWith("EVENTS_LOST: ").contains(OnvifSimProxy.FAULT_TEXT);
        until(() -> stream.ids().contains(offline.getLong("seq")), "device.offline on the event stream", OnvifControllerSite.DEADLINE);
        assertThat(stream.events()).filteredOn(e -> e.id() == offline.getLong("seq")).singleElement()
                .satisfies(e -> assertThat(e.data()).isEqualTo(offline));

        // The device answers: its doors are online and take commands.
        assertThat(site.doorState("east-entrance").getBoolean("online")).isTrue();
        int accesses = site.sim.received("AccessDoor");
        Response pulse = site.post("/api/v1/doors/east-entrance/pulse", "operator", null);
        assertThat(pulse.status()).as(pulse.body()).isEqualTo(200);
        assertThat(pulse.json().getString("result")).isEqualTo("confirmed");
        assertThat(site.sim.received("AccessDoor")).isEqualTo(accesses + 1);

        site.gate.refuseEvents(false);
        until(() -> notOnline().isEmpty() && "ONLINE".equals(site.controllerDevice().getString("status")),
                "the controller back online once subscribed", LOST_WITHIN);
        until(() -> site.auditAfter(before, "type=device.online").size() == 1, "device.online on the trail", OnvifControllerSite.DEADLINE);
        JsonObject online = site.auditAfter(before, "type=device.online").get(0);
        assertThat(online.getString("actor")).isEqualTo(CTL);
        assertThat(online.getLong("seq")).isGreaterThan(offline.getLong("seq"));
        until(() -> stream.ids().contains(online.getLong("seq")), "device.online on the event stream", OnvifControllerSite.DEADLINE);
        assertThat(site.auditAfter(before, "type=device.offline")).hasSize(1);

        // and its events reach the trail again
        site.sim.presentCard("Door_2", "after-the-outage", "Sam Lee", false, "CredentialNotFound");
        until(() -> site.audit("type=access.denied&door=art-room").size() == 1, "the controller's denial on the trail", OnvifControllerSite.DEADLINE);
        assertThat(site.audit("type=access.denied&door=art-room").get(0).getString("credential")).isEqualTo("token:after-the-outage");
    }

    /** The controller's entry among /health's controllers not online, if it is there. */
    private Optional<JsonObject> notOnline() {
        List<JsonObject> down = site.health().getJsonObject("controllers").getJsonArray("notOnline").stream().map(JsonObject.class::cast)
                .filter(d -> CTL.equals(d.getString("id"))).toList();
        return down.stream().findFirst();
    }
}
