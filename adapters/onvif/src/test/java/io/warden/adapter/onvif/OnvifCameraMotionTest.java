package io.warden.adapter.onvif;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.onvif.events.OnvifNotification;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnvifCameraMotionTest {
    private static final Instant T = Instant.parse("2015-05-14T13:57:50.230Z");

    /** Events with the device time they were emitted with. */
    private record Emitted(DeviceEvent.Motion event, Instant deviceTime) {
    }

    private final List<Emitted> emitted = new ArrayList<>();
    private final AdapterContext ctx = new AdapterContext() {
        @Override
        public Vertx vertx() {
            return null;
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public void emit(DeviceEvent event) {
            throw new AssertionError("a motion event carries the device's time: " + event);
        }

        @Override
        public void emit(DeviceEvent event, Instant deviceTime) {
            emitted.add(new Emitted((DeviceEvent.Motion) event, deviceTime));
        }

        @Override
        public void health(String deviceId, DeviceHealth health) {
        }

        @Override
        public Optional<String> secret(String reference) {
            return Optional.empty();
        }
    };
    private final OnvifCameraMotion motion = new OnvifCameraMotion(ctx, "cam-1");

    /** As in the agsh capture (PullMessages.xml): Source VideoSourceConfigurationToken, VideoAnalyticsConfigurationToken, Rule. */
    private static OnvifNotification cell(String op, String source, String isMotion, Instant at) {
        return new OnvifNotification("RuleEngine/CellMotionDetector/Motion", at, op,
                Map.of("VideoSourceConfigurationToken", source, "VideoAnalyticsConfigurationToken", "000", "Rule", "000"), Map.of("IsMotion", isMotion));
    }

    private static OnvifNotification alarm(String op, String source, String state, Instant at) {
        return new OnvifNotification("VideoSource/MotionAlarm", at, op, Map.of("Source", source), Map.of("State", state));
    }

    private List<Boolean> actives() {
        return emitted.stream().map(e -> e.event().active()).toList();
    }

    @Test
    void theCapturedPairOfIdenticalMotionMessagesIsOneMotionEventWithTheDeviceTime() {
        motion.messages(List.of(cell("Changed", "000", "true", T), cell("Changed", "000", "true", T)));
        assertThat(emitted).hasSize(1);
        DeviceEvent.Motion m = emitted.get(0).event();
        assertThat(m.deviceId()).isEqualTo("cam-1");
        assertThat(m.doorId()).isNull();
        assertThat(m.source()).isEqualTo("000");
        assertThat(m.active()).isTrue();
        assertThat(m.type()).isEqualTo("camera.motion");
        assertThat(m.time()).as("the gateway's time").isAfter(T.plusSeconds(3600));
        assertThat(emitted.get(0).deviceTime()).isEqualTo(T);
    }

    @Test
    void initializedBurstsAndReSubscribesNeverDuplicate() {
        motion.messages(List.of(alarm("Initialized", "VideoSource_1", "false", T)));
        assertThat(emitted).as("still at start is no news").isEmpty();
        motion.messages(List.of(alarm("Changed", "VideoSource_1", "true", T.plusSeconds(1))));
        motion.messages(List.of(alarm("Initialized", "VideoSource_1", "true", T.plusSeconds(2)))); // re-subscribed meanwhile
        motion.messages(List.of(alarm("Changed", "VideoSource_1", "false", T.plusSeconds(3))));
        motion.messages(List.of(alarm("Initialized", "VideoSource_1", "false", T.plusSeconds(4))));
        assertThat(actives()).containsExactly(true, false);
        assertThat(emitted.get(1).event().type()).isEqualTo("camera.motion_ended");
        assertThat(emitted.get(1).deviceTime()).isEqualTo(T.plusSeconds(3));
    }

    @Test
    void motionThatEndedWhileUnsubscribedEndsWithTheNextInitializedState() {
        motion.messages(List.of(alarm("Changed", "VideoSource_1", "true", T)));
        motion.messages(List.of(alarm("Initialized", "VideoSource_1", "false", T.plusSeconds(60))));
        assertThat(actives()).containsExactly(true, false);
    }

    @Test
    void eachSourceHasItsOwnState() {
        motion.messages(List.of(alarm("Changed", "VideoSource_1", "true", T), alarm("Changed", "VideoSource_2", "1", T),
                alarm("Changed", "VideoSource_1", "0", T)));
        assertThat(emitted).extracting(e -> e.event().source() + "=" + e.event().active())
                .containsExactly("VideoSource_1=true", "VideoSource_2=true", "VideoSource_1=false");
    }

    @Test
    void malformedMessagesAndOtherTopicsAreDroppedNotThrown() {
        motion.messages(List.of(
                alarm("Changed", "VideoSource_1", "maybe", T),
                new OnvifNotification("VideoSource/MotionAlarm", T, "Changed", Map.of(), Map.of("State", "true")),
                new OnvifNotification("VideoSource/MotionAlarm", T, "Changed", Map.of("Source", "VideoSource_1"), Map.of()),
                new OnvifNotification("VideoSource/SignalLoss", T, "Changed", Map.of("Source", "VideoSource_1"), Map.of("State", "true")),
                alarm("Deleted", "VideoSource_1", "true", T)));
        assertThat(emitted).isEmpty();
        motion.messages(List.of(alarm("Changed", "VideoSource_1", "true", T)));
        assertThat(actives()).as("still working after them").containsExactly(true);
    }

    @Test
    void aCameraInventingDetectorsCannotGrowTheStateWithoutEnd() {
        for (int i = 0; i < 10 * OnvifCameraMotion.MAX_DETECTORS; i++) {
            motion.messages(List.of(cell("Changed", "cfg-" + i, "true", T)));
        }
        assertThat(emitted).as("the first detectors only").hasSize(OnvifCameraMotion.MAX_DETECTORS);
        motion.messages(List.of(cell("Changed", "cfg-0", "false", T.plusSeconds(1))));
        assertThat(emitted.get(emitted.size() - 1).event().active()).as("a known detector still works").isFalse();
    }
}
