package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.sim.onvif.OnvifSimProxy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A controller that answers every request but its event service's (an HTTP proxy in front of the
 * simulator refuses those): OFFLINE/EVENTS_LOST with the reason, while commands still work; back
 * ONLINE once a subscription is in place again.
 */
class OnvifDoorEventsLostTest extends OnvifDoorBehindProxyTestBase {
    @Test
    void aSubscriptionThatCannotBeReEstablishedIsOfflineWithEventsLostThenBackOnline() {
        startBehindProxy();
        until(() -> f.health().status() == DeviceHealth.Status.ONLINE, "online");
        int before = f.events().size();

        proxy.refuseEvents(true);
        f.sim.restart(); // the subscription vanishes; the proxy refuses every new one
        until(() -> f.health().reason() == DeviceHealth.Reason.EVENTS_LOST, "events lost in health", Duration.ofSeconds(30));
        assertThat(f.health().status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        until(() -> f.events().subList(before, f.events().size()).stream().anyMatch(e -> e instanceof DeviceEvent.DeviceOffline), "the offline event");
        assertThat(f.health().detail()).contains(OnvifSimProxy.FAULT_TEXT);
        assertThat(f.events().subList(before, f.events().size())).filteredOn(e -> e instanceof DeviceEvent.DeviceOffline)
                .map(e -> ((DeviceEvent.DeviceOffline) e).reason()).singleElement().asString().startsWith("EVENTS_LOST");
        // the device still answers: a lockdown must not wait for its events
        assertThat(f.door().state().online()).isTrue();
        assertThat(await(f.door().execute(new DoorCommand.Unlock(), Instant.now().plus(f.door().commandTimeout()))).state().lock())
                .isEqualTo(LockState.UNLOCKED);

        proxy.refuseEvents(false);
        until(() -> f.health().status() == DeviceHealth.Status.ONLINE, "online again once subscribed");
        until(() -> f.events().subList(before, f.events().size()).stream().anyMatch(e -> e instanceof DeviceEvent.DeviceOnline), "the online event");
        assertThat(f.events().subList(before, f.events().size())).filteredOn(e -> e instanceof DeviceEvent.DeviceOnline).hasSize(1);
    }
}
