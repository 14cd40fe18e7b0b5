package io.warden.gateway.device;

import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceHealth;
import java.time.Instant;
import io.warden.gateway.door.RemoteDoorStates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every controller and device of this node with its last reported health, for {@code /health},
 * {@code GET /api/v1/devices} and the metrics. Controllers are registered at start (so one whose
 * devices never answered still shows); health arrives from the adapters through the context.
 * A controller's own report (its id as the device id) wins; otherwise its health is judged from its
 * devices ({@link ControllerHealth}). Thread-safe; reads are cheap and never block.
 *
 * <p>In a cluster ({@link #cluster}) every node registers every controller, but drives only some: a
 * controller driven elsewhere shows the health its node last reported (within the window of
 * {@link RemoteDoorStates}), or offline with the reason no node drives it; never the health of this
 * node's idle adapter object.
 */
public final class DeviceDirectory {
    private static final Logger log = LoggerFactory.getLogger(DeviceDirectory.class);

    private record Controller(String id, String adapter, Map<String, List<String>> devices) {}

    private final Instant started;
    private final List<Controller> controllers = new CopyOnWriteArrayList<>();
    private final Map<String, DeviceHealth> health = new ConcurrentHashMap<>();
    private volatile Cluster cluster;

    private record Cluster(String node, Predicate<String> drivenHere, Supplier<RemoteDoorStates> remote) {}

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

    /**
     * Cluster mode: this node is {@code node}, drives the controllers {@code drivenHere} accepts, and hears
     * the others' health through {@code remote} (null until the door service started: nothing heard yet).
     * Both are asked at each read, from any thread. Call before anything reads {@link #drivenHealth}, so
     * that this node never publishes the health of an adapter object it does not drive.
     */
    public void cluster(String node, Predicate<String> drivenHere, Supplier<RemoteDoorStates> remote) {
        this.cluster = new Cluster(node, drivenHere, remote);
    }

    /** Every controller followed by its devices, in configuration order; then devices no controller listed. */
    public List<DeviceView> devices() {
        Cluster k = cluster;
        List<DeviceView> out = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (Controller c : controllers) {
            listed.add(c.id());
            listed.addAll(c.devices().keySet());
            out.addAll(k == null || k.drivenHere().test(c.id()) ? local(c, k == null ? null : k.node()) : elsewhere(c, k.remote().get()));
        }
        new TreeMap<>(health).forEach((id, h) -> {
            if (!listed.contains(id)) out.add(new DeviceView(id, DeviceView.Kind.DEVICE, null, null, h, List.of()));
        });
        return out;
    }

    /**
     * The health of the controllers this node drives and of their devices, by id: what this node
     * publishes to the others in a cluster (every controller on a single node).
     */
    public Map<String, DeviceHealth> drivenHealth() {
        Cluster k = cluster;
        Map<String, DeviceHealth> out = new HashMap<>();
        for (Controller c : controllers) {
            if (k == null || k.drivenHere().test(c.id())) local(c, null).forEach(v -> out.put(v.id(), v.health()));
        }
        return out;
    }

    /** A controller this node drives, with its devices, as its adapter reports them. */
    private List<DeviceView> local(Controller c, String node) {
        List<DeviceView> own = new ArrayList<>();
        List<String> doors = new ArrayList<>();
        c.devices().forEach((id, served) -> {
            own.add(new DeviceView(id, DeviceView.Kind.DEVICE, c.id(), c.adapter(), health.get(id), served, node));
            doors.addAll(served);
        });
        DeviceHealth self = health.get(c.id());
        if (self == null) self = ControllerHealth.of(own.stream().map(DeviceView::health).toList(), started);
        List<DeviceView> out = new ArrayList<>();
        out.add(new DeviceView(c.id(), DeviceView.Kind.CONTROLLER, c.id(), c.adapter(), self, doors, node));
        out.addAll(own);
        return out;
    }

    /** A controller another node drives: its report heard within the window, else offline with the reason. */
    private List<DeviceView> elsewhere(Controller c, RemoteDoorStates remote) {
        RemoteDoorStates.Heard<DeviceHealth> self = remote == null ? null : remote.health(c.id());
        DeviceHealth none = self != null ? null : new DeviceHealth(DeviceHealth.Status.OFFLINE, DeviceHealth.Reason.LINK_DOWN,
                remote == null ? "not driven by this node; no other node heard from yet" : remote.unservedReason(c.id()), null);
        List<DeviceView> own = new ArrayList<>();
        List<String> doors = new ArrayList<>();
        c.devices().forEach((id, served) -> {
            RemoteDoorStates.Heard<DeviceHealth> h = self == null ? null : remote.health(id);
            DeviceHealth shown = h != null ? h.value() : none != null ? none
                    : new DeviceHealth(DeviceHealth.Status.UNKNOWN, DeviceHealth.Reason.STARTING, "not reported by node " + self.node(), null);
            own.add(new DeviceView(id, DeviceView.Kind.DEVICE, c.id(), c.adapter(), shown, served, self == null ? null : self.node()));
            doors.addAll(served);
        });
        List<DeviceView> out = new ArrayList<>();
        out.add(new DeviceView(c.id(), DeviceView.Kind.CONTROLLER, c.id(), c.adapter(), self == null ? none : self.value(), doors,
                self == null ? null : self.node()));
        out.addAll(own);
        return out;
    }
}
