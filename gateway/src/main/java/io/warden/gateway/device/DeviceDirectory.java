package io.warden.gateway.device;

import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every controller and device of this node with its last reported health, for {@code /health},
 * {@code GET /api/v1/devices} and the metrics. Controllers are registered at start (so one whose
 * devices never answered still shows); health arrives from the adapters through the context.
 * A controller's own report (its id as the device id) wins; otherwise its health is judged from its
 * devices ({@link ControllerHealth}). Thread-safe; reads are cheap and never block.
 */
public final class DeviceDirectory {
    private static final Logger log = LoggerFactory.getLogger(DeviceDirectory.class);

    private record Controller(String id, String adapter, Map<String, List<String>> devices) {}

    private final Instant started;
    private final List<Controller> controllers = new CopyOnWriteArrayList<>();
    private final Map<String, DeviceHealth> health = new ConcurrentHashMap<>();

    /** @param started the {@code since} of a controller that has no device yet */
    public DeviceDirectory(Instant started) {
        this.started = started;
    }

    /** Lists a controller and its devices, each starting with the health the adapter holds for it. */
    public void register(DeviceAdapter adapter, String adapterType) {
        Map<String, List<String>> devices = adapter.devices();
        controllers.add(new Controller(adapter.id(), adapterType, devices));
        for (String device : devices.keySet()) {
            DeviceHealth h = adapter.health(device);
            health.putIfAbsent(device, h != null ? h
                    : new DeviceHealth(DeviceHealth.Status.UNKNOWN, DeviceHealth.Reason.STARTING, "not yet heard from", started));
        }
    }

    /** A health report from an adapter; logged when the status or reason changed. */
    public void report(String deviceId, DeviceHealth h) {
        if (deviceId == null || h == null) return;
        DeviceHealth before = health.put(deviceId, h);
        if (before == null || before.status() != h.status() || before.reason() != h.reason()) {
            log.info("event=device_health device={} status={} reason={} detail=\"{}\"", deviceId, h.status(), h.reason(), h.detail());
        }
    }

    /** Every controller followed by its devices, in configuration order; then devices no controller listed. */
    public List<DeviceView> devices() {
        List<DeviceView> out = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (Controller c : controllers) {
            List<DeviceView> own = new ArrayList<>();
            List<String> doors = new ArrayList<>();
            c.devices().forEach((id, served) -> {
                own.add(new DeviceView(id, DeviceView.Kind.DEVICE, c.id(), c.adapter(), health.get(id), served));
                doors.addAll(served);
                listed.add(id);
            });
            DeviceHealth self = health.get(c.id());
            if (self == null) self = ControllerHealth.of(own.stream().map(DeviceView::health).toList(), started);
            listed.add(c.id());
            out.add(new DeviceView(c.id(), DeviceView.Kind.CONTROLLER, c.id(), c.adapter(), self, doors));
            out.addAll(own);
        }
        new TreeMap<>(health).forEach((id, h) -> {
            if (!listed.contains(id)) out.add(new DeviceView(id, DeviceView.Kind.DEVICE, null, null, h, List.of()));
        });
        return out;
    }
}
