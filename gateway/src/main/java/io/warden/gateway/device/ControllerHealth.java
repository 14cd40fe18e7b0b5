package io.warden.gateway.device;

import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.adapter.api.DeviceHealth.Status;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A controller's health when its adapter reports none of its own, judged from its devices: online
 * while any device answers (the link works), offline when none does and one has been declared
 * offline, unknown while they are still starting.
 */
final class ControllerHealth {
    private ControllerHealth() {}

    /** @param started when the gateway started (the {@code since} of a controller without devices) */
    static DeviceHealth of(Collection<DeviceHealth> devices, Instant started) {
        if (devices.isEmpty()) return new DeviceHealth(Status.UNKNOWN, Reason.STARTING, "no device has reported", started);
        List<DeviceHealth> online = with(devices, Status.ONLINE);
        if (!online.isEmpty()) {
            return new DeviceHealth(Status.ONLINE, Reason.OK, online.size() + " of " + devices.size() + " devices online", latest(online));
        }
        List<DeviceHealth> offline = with(devices, Status.OFFLINE);
        if (offline.isEmpty()) return new DeviceHealth(Status.UNKNOWN, Reason.STARTING, "no device has answered yet", latest(devices));
        Reason first = offline.get(0).reason();
        boolean same = offline.stream().allMatch(h -> h.reason() == first);
        return new DeviceHealth(Status.OFFLINE, same ? first : Reason.COMMUNICATION_ERROR,
                "no device answers: " + Objects.requireNonNullElse(offline.get(0).detail(), first.name()), latest(offline));
    }

    private static List<DeviceHealth> with(Collection<DeviceHealth> devices, Status status) {
        return devices.stream().filter(h -> h.status() == status).toList();
    }

    /** The controller's state began when the last of these devices reached its own. */
    private static Instant latest(Collection<DeviceHealth> hs) {
        return hs.stream().map(DeviceHealth::since).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }
}
