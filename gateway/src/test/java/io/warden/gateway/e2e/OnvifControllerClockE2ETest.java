package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.e2e.OnvifControllerSite.CTL;
import static io.warden.gateway.e2e.OnvifControllerSite.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorState.Mode;
import io.warden.gateway.api.SseTestClient;
import io.warden.gateway.e2e.OnvifControllerSite.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A controller whose clock runs 10 minutes ahead: a warning in /health and /api/v1/devices with the
 * offset, one {@code device.clock_skew} record on the audit trail and the event stream however often
 * the clock is measured, and a device that stays online and takes commands; its events keep their
 * own (skewed) time beside the gateway's.
 */
@Timeout(180)
class OnvifControllerClockE2ETest {
    /** GetSystemDateAndTime has whole seconds and the exchange takes a round trip. */
    private static final long SLACK_MS = 2_500;
    private static final Pattern WARNING =
            Pattern.compile("clock ([0-9.]+) s ahead of the gateway \\(limit 10 s\\): evidence and event times from it are suspect");
    private static final Pattern RECORD = Pattern.compile("clock ([0-9.]+) s ahead of the gateway \\(limit 10 s\\)");
    private static final Pattern DEVICE_TIME = Pattern.compile("device time (\\S+)$");

    private OnvifControllerSite site;

    @AfterEach
    void close() {
        if (site != null) site.close();
    }

    @Test
    void aControllerTenMinutesAheadIsAWarningOnceAndStillTakesCommands() throws Exception {
        site = OnvifControllerSite.start(OnvifControllerSite.Options.plain().withClockOffset(Duration.ofMinutes(10)));

        // /health: the controller is online, and listed among the warnings with its offset
        until(() -> hasWarning(site.health().getJsonObject("controllers")), "the controller's warning in /health", DEADLINE);
        JsonObject health = site.health();
        for (String kind : List.of("controllers", "devices")) {
            JsonObject summary = health.getJsonObject(kind);
            assertThat(summary.getJsonArray("notOnline")).as(kind + " not online").isEmpty();
            JsonObject w = summary.getJsonArray("warnings").stream().map(JsonObject.class::cast)
                    .filter(d -> CTL.equals(d.getString("id"))).findFirst().orElseThrow(() -> new AssertionError(kind + ": " + summary.encode()));
            assertClock(w);
            assertThat(w.getString("status")).isEqualTo("ONLINE");
        }
        JsonObject device = site.controllerDevice();
        assertClock(device);
        assertThat(device.getString("status")).isEqualTo("ONLINE");
        assertThat(device.getJsonArray("doors")).containsExactlyInAnyOrder("east-entrance", "art-room");

        // measured again at every health check (5 s): still one record of the crossing
        int measured = site.sim.received("GetSystemDateAndTime");
        until(() -> site.sim.received("GetSystemDateAndTime") >= measured + 2, "two more clock measurements", DEADLINE);
        List<JsonObject> skews = site.audit("type=device.clock_skew");
        assertThat(skews).singleElement().satisfies(r -> {
            assertThat(r.getString("actor")).isEqualTo(CTL);
            assertSeconds(RECORD, r.getString("detail"));
        });
        assertThat(site.audit("type=device.clock_ok")).isEmpty();
        // the event stream, replayed from the start of the trail, has the same one record
        SseTestClient stream = site.follow();
        long skewSeq = skews.get(0).getLong("seq");
        until(() -> stream.ids().contains(skewSeq), "the stream to replay the clock skew", DEADLINE);
        assertThat(stream.events()).filteredOn(e -> "device.clock_skew".equals(e.type())).singleElement()
                .satisfies(e -> assertThat(e.data()).isEqualTo(skews.get(0)));

        // the doors take commands: the device confirms them
        Response unlock = site.post("/api/v1/doors/east-entrance/unlock", "operator", null);
        assertThat(unlock.status()).as(unlock.body()).isEqualTo(200);
        assertThat(unlock.json().getString("result")).isEqualTo("confirmed");
        assertThat(site.sim.mode("Door_1")).isEqualTo(Mode.UNLOCKED);
        Response lock = site.post("/api/v1/doors/east-entrance/lock", "operator", null);
        assertThat(lock.status()).as(lock.body()).isEqualTo(200);
        assertThat(site.sim.mode("Door_1")).isEqualTo(Mode.LOCKED);

        // an event from it keeps the device's time, ten minutes ahead of the gateway's
        site.sim.presentCard("Door_2", "skewed-card", "Ana Ruiz", true, null);
        until(() -> site.audit("type=access.granted&door=art-room").size() == 1, "the controller's grant on the trail", DEADLINE);
        JsonObject grant = site.audit("type=access.granted&door=art-room").get(0);
        Matcher m = DEVICE_TIME.matcher(grant.getString("detail"));
        assertThat(m.find()).as(grant.getString("detail")).isTrue();
        Duration ahead = Duration.between(Instant.parse(grant.getString("time")), Instant.parse(m.group(1)));
        assertThat(ahead.toMillis()).isBetween(600_000 - 5_000L, 600_000 + 5_000L);

        long grantSeq = grant.getLong("seq");
        until(() -> stream.ids().contains(grantSeq), "the grant on the stream", DEADLINE);
        assertThat(stream.events()).filteredOn(e -> e.type().startsWith("device.clock_")).hasSize(1);
        assertThat(site.audit("type=device.clock_skew")).hasSize(1);
        assertThat(site.auditAfter(skewSeq, "type=device.offline")).as("offline since the skew was reported").isEmpty();
        assertThat(site.doorState("east-entrance").getBoolean("online")).isTrue();
    }

    private static boolean hasWarning(JsonObject summary) {
        JsonArray w = summary.getJsonArray("warnings");
        return w.stream().map(JsonObject.class::cast).anyMatch(d -> CTL.equals(d.getString("id")));
    }

    private static void assertClock(JsonObject d) {
        assertThat(d.getLong("clockOffsetMs")).as(d.encode()).isBetween(600_000 - SLACK_MS, 600_000 + SLACK_MS);
        assertSeconds(WARNING, d.getString("warning"));
    }

    /** {@code text} matches {@code p} in full, its seconds (group 1) about 600. */
    private static void assertSeconds(Pattern p, String text) {
        Matcher m = p.matcher(String.valueOf(text));
        assertThat(m.matches()).as(text).isTrue();
        assertThat(Double.parseDouble(m.group(1)) * 1000).as(text).isBetween(600_000.0 - SLACK_MS, 600_000.0 + SLACK_MS);
    }
}
