package io.warden.adapter.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.testing.RecordingAdapterContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnvifClockWatchTest {

    private final RecordingAdapterContext ctx = new RecordingAdapterContext(null, Map.of());
    private final OnvifClockWatch watch = new OnvifClockWatch(ctx, "cam-1", Duration.ofSeconds(10));
    private final DeviceHealth online = new DeviceHealth(DeviceHealth.Status.ONLINE, DeviceHealth.Reason.OK, "answering", Instant.EPOCH);

    private List<DeviceEvent.ClockSkew> skews() {
        return ctx.events(DeviceEvent.ClockSkew.class);
    }

    @Test
    void notMeasuredYetLeavesHealthWithoutClock() {
        DeviceHealth h = watch.decorate(online);
        assertThat(h.clockOffset()).isNull();
        assertThat(h.warning()).isNull();
        assertThat(h.status()).isEqualTo(DeviceHealth.Status.ONLINE);
        assertThat(h.detail()).isEqualTo("answering");
    }

    @Test
    void withinTheLimitFromTheStartIsNoEventAndNoWarning() {
        watch.measured(Duration.ofMillis(-400));
        watch.measured(Duration.ofSeconds(10)); // at the limit is within
        assertThat(skews()).isEmpty();
        DeviceHealth h = watch.decorate(online);
        assertThat(h.clockOffset()).isEqualTo(Duration.ofSeconds(10));
        assertThat(h.warning()).isNull();
    }

    @Test
    void firstMeasurementOverTheLimitIsACrossingWithAWarningForPeople() {
        watch.measured(Duration.ofSeconds(600));
        assertThat(skews()).hasSize(1);
        DeviceEvent.ClockSkew e = skews().get(0);
        assertThat(e.deviceId()).isEqualTo("cam-1");
        assertThat(e.doorId()).isNull();
        assertThat(e.exceeded()).isTrue();
        assertThat(e.type()).isEqualTo("device.clock_skew");
        assertThat(e.offset()).isEqualTo(Duration.ofSeconds(600));
        assertThat(e.threshold()).isEqualTo(Duration.ofSeconds(10));
        assertThat(e.time()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
        DeviceHealth h = watch.decorate(online);
        assertThat(h.clockOffset()).isEqualTo(Duration.ofSeconds(600));
        assertThat(h.warning()).isEqualTo("clock 600 s ahead of the gateway (limit 10 s): evidence and event times from it are suspect");
        assertThat(h.status()).as("a skewed clock is a warning, not offline").isEqualTo(DeviceHealth.Status.ONLINE);
    }

    @Test
    void aClockBehindIsASkewToo() {
        watch.measured(Duration.ofMillis(-42_400));
        assertThat(skews()).singleElement().satisfies(e -> assertThat(e.exceeded()).isTrue());
        assertThat(watch.decorate(online).warning()).startsWith("clock 42 s behind the gateway (limit 10 s)");
    }

    @Test
    void oneEventPerCrossingEachWay() {
        watch.measured(Duration.ofSeconds(600));
        watch.measured(Duration.ofSeconds(601));
        watch.measured(Duration.ofSeconds(-600));
        assertThat(skews()).hasSize(1);

        watch.measured(Duration.ofSeconds(1));
        watch.measured(Duration.ZERO);
        assertThat(skews()).hasSize(2);
        DeviceEvent.ClockSkew ok = skews().get(1);
        assertThat(ok.exceeded()).isFalse();
        assertThat(ok.type()).isEqualTo("device.clock_ok");
        assertThat(ok.offset()).isEqualTo(Duration.ofSeconds(1));
        assertThat(watch.decorate(online).warning()).isNull();
        assertThat(watch.decorate(online).clockOffset()).isEqualTo(Duration.ZERO);

        watch.measured(Duration.ofSeconds(30));
        assertThat(skews()).extracting(DeviceEvent.ClockSkew::exceeded).containsExactly(true, false, true);
    }

    @Test
    void anOffsetHoveringAtTheLimitDoesNotFlap() {
        // whole-second readings plus a round trip: 10.4, 9.8, 10.6, 9.5 ... around a 10 s limit
        long[] ms = {10_400, 9_800, 10_600, 9_500, 10_100, 9_001};
        for (long m : ms) watch.measured(Duration.ofMillis(m));
        assertThat(skews()).hasSize(1);
        assertThat(watch.decorate(online).warning()).as("still skewed until clearly back within").isNotNull();

        watch.measured(Duration.ofSeconds(9)); // limit minus 1 s: back within
        assertThat(skews()).extracting(DeviceEvent.ClockSkew::exceeded).containsExactly(true, false);
        watch.measured(Duration.ofMillis(9_900));
        watch.measured(Duration.ofSeconds(10));
        assertThat(skews()).as("within again: only over the limit is a new crossing").hasSize(2);
    }

    @Test
    void theMarginIsTenPercentOfALargeLimitAndAtMostHalfOfASmallOne() {
        OnvifClockWatch hour = new OnvifClockWatch(ctx, "cam-2", Duration.ofHours(1));
        hour.measured(Duration.ofSeconds(3601));
        hour.measured(Duration.ofSeconds(3300)); // within the 360 s margin: still skewed
        assertThat(hour.exceeded()).isTrue();
        hour.measured(Duration.ofSeconds(3240));
        assertThat(hour.exceeded()).isFalse();

        OnvifClockWatch second = new OnvifClockWatch(ctx, "cam-3", Duration.ofSeconds(1));
        second.measured(Duration.ofMillis(1_500));
        second.measured(Duration.ofMillis(600));
        assertThat(second.exceeded()).isTrue();
        second.measured(Duration.ofMillis(500));
        assertThat(second.exceeded()).isFalse();
        assertThat(ctx.events(DeviceEvent.ClockSkew.class)).extracting(DeviceEvent.ClockSkew::deviceId)
                .containsExactly("cam-2", "cam-2", "cam-3", "cam-3");
    }

    @Test
    void refusesANonPositiveLimitAndAMissingOffset() {
        assertThatThrownBy(() -> new OnvifClockWatch(ctx, "x", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> watch.measured(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secondsAreWholeFromTenUpAndHaveOneDecimalBelow() {
        assertThat(OnvifClockWatch.seconds(Duration.ofSeconds(600))).isEqualTo("600");
        assertThat(OnvifClockWatch.seconds(Duration.ofMillis(599_600))).isEqualTo("600");
        assertThat(OnvifClockWatch.seconds(Duration.ofMillis(42_500))).isEqualTo("43");
        assertThat(OnvifClockWatch.seconds(Duration.ofMillis(1_250))).isEqualTo("1.3");
        assertThat(OnvifClockWatch.seconds(Duration.ofMillis(40))).isEqualTo("0");
    }
}
