package io.warden.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import static io.warden.gateway.testing.FakeDeviceAdapter.line;

import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceDirectoryTest {
    private static final Instant T0 = Instant.parse("2026-01-05T07:00:00Z");
    private final DeviceDirectory directory = new DeviceDirectory(T0);

    @Test
    void aControllerWhoseDevicesNeverAnsweredStillShowsAsStartingWithItsDoors() {
        directory.register(line("line-a", 2), "osdp");

        List<DeviceView> all = directory.devices();

        assertThat(all).extracting(DeviceView::id).containsExactly("line-a", "line-a/1", "line-a/2");
        DeviceView controller = all.get(0);
        assertThat(controller.kind()).isEqualTo(DeviceView.Kind.CONTROLLER);
        assertThat(controller.adapter()).isEqualTo("osdp");
        assertThat(controller.doors()).containsExactly("line-a-door-1", "line-a-door-2");
        assertThat(controller.health().status()).isEqualTo(Status.UNKNOWN);
        assertThat(controller.health().reason()).isEqualTo(Reason.STARTING);
        assertThat(all.get(1).health().reason()).isEqualTo(Reason.STARTING);
        assertThat(all.get(1).controller()).isEqualTo("line-a");
    }

    @Test
    void aControllerIsOnlineWhileAnyDeviceAnswersAndOfflineWithTheirReasonWhenNone() {
        directory.register(line("line-a", 2), "osdp");
        directory.report("line-a/1", new DeviceHealth(Status.ONLINE, Reason.OK, "answering", T0.plusSeconds(1)));
        directory.report("line-a/2", new DeviceHealth(Status.OFFLINE, Reason.COMMUNICATION_ERROR, "no reply for 8.0 s", T0.plusSeconds(9)));

        DeviceHealth up = directory.devices().get(0).health();
        assertThat(up.status()).isEqualTo(Status.ONLINE);
        assertThat(up.detail()).isEqualTo("1 of 2 devices online");

        directory.report("line-a/1", new DeviceHealth(Status.OFFLINE, Reason.COMMUNICATION_ERROR, "no reply for 8.0 s", T0.plusSeconds(20)));
        DeviceHealth down = directory.devices().get(0).health();
        assertThat(down.status()).isEqualTo(Status.OFFLINE);
        assertThat(down.reason()).isEqualTo(Reason.COMMUNICATION_ERROR);
        assertThat(down.since()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void aControllersOwnReportWinsOverItsDevices() {
        directory.register(line("line-b", 1), "osdp");
        directory.report("line-b", new DeviceHealth(Status.OFFLINE, Reason.LINK_DOWN, "connection refused", T0.plusSeconds(3)));

        DeviceView controller = directory.devices().get(0);

        assertThat(controller.health().reason()).isEqualTo(Reason.LINK_DOWN);
        assertThat(controller.health().detail()).isEqualTo("connection refused");
    }

    @Test
    void aDeviceNoControllerListedStillShows() {
        directory.register(line("line-a", 1), "osdp");
        directory.report("camera-9", new DeviceHealth(Status.ONLINE, Reason.OK, null, T0));

        assertThat(directory.devices()).extracting(DeviceView::id).containsExactly("line-a", "line-a/1", "camera-9");
        assertThat(directory.devices().get(2).controller()).isNull();
    }
}
