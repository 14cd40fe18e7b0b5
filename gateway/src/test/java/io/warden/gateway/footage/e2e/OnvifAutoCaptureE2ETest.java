package io.warden.gateway.footage.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.footage.e2e.OnvifFootageSite.camera;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A door forced at the OSDP PD becomes, with no one asking, an evidence package of its ONVIF cameras. */
class OnvifAutoCaptureE2ETest {
    private OnvifFootageSite site;

    @AfterEach
    void close() throws Exception {
        if (site != null) site.close();
    }

    @Test
    void aForcedDoorIsCapturedAutomaticallyFromItsCameras() throws Exception {
        site = OnvifFootageSite.start(OnvifFootageSite.Options.plain().withAutoCaptureAfter(2));
        Instant before = Instant.now();
        // the door is locked (fail-secure, strike off): its contact opening is a forced door
        await(site.line.pd(1).setInput(0, true), OnvifFootageSite.DEADLINE);
        JsonObject[] auto = new JsonObject[1];
        until(() -> {
            JsonArray items = site.get("/api/v1/footage", "investigator").json().getJsonArray("items");
            for (Object o : items) {
                if (((JsonObject) o).getBoolean("automatic")) auto[0] = (JsonObject) o;
            }
            return auto[0] != null;
        }, "an automatic job", OnvifFootageSite.DEADLINE);
        JsonObject job = site.finished(auto[0].getString("id"));
        assertThat(job.getString("status")).as(job.encodePrettily()).isEqualTo("done");
        assertThat(job.getString("reason")).contains("door.forced").contains(OnvifFootageSite.DOOR);
        Instant from = Instant.parse(job.getString("from"));
        Instant to = Instant.parse(job.getString("to"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofSeconds(22));
        assertThat(from.plusSeconds(20)).as("the event's time").isBetween(before.minusSeconds(1), Instant.now());
        for (String cam : List.of("cam-edge", "cam-nvr")) {
            JsonObject c = camera(job, cam);
            assertThat(c.getString("status")).as(c.encodePrettily()).isEqualTo("done");
            assertThat(c.getJsonArray("gaps")).as(c.encodePrettily()).isEmpty();
            assertThat(c.getJsonArray("clips")).hasSize(1);
            long frames = c.getJsonArray("clips").getJsonObject(0).getLong("frames");
            // 22 s at 10 frames/s, the first frame the keyframe at or before the window's start
            assertThat(frames).isBetween(220L, 230L);
            OnvifFootageE2ETest.assertPlayableFrames(site.evidence(job.getString("id"))
                    .resolve(c.getJsonArray("clips").getJsonObject(0).getString("file")), frames);
        }
    }
}
