package io.warden.gateway.footage;

import io.warden.adapter.api.Camera;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.gateway.config.CameraConfig;
import io.warden.gateway.door.DoorInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cameras of this node: id to {@link Camera}, its configuration and the doors that name it.
 * Built once at start; immutable and thread-safe.
 */
public final class CameraDirectory {

    /**
     * One camera.
     *
     * @param doors the doors whose {@code cameras:} list this camera, in configuration order
     */
    public record Entry(CameraConfig config, Camera camera, DeviceAdapter adapter, List<String> doors) {
        public String id() {
            return config.id();
        }
    }

    private final Map<String, Entry> cameras = new LinkedHashMap<>();
    private final Map<String, DoorInfo> doors = new LinkedHashMap<>();

    /**
     * @param configs  the cameras in configuration order
     * @param adapters one adapter per config, same order, each serving that one camera
     * @param doorList every door (for links)
     */
    public CameraDirectory(List<CameraConfig> configs, List<DeviceAdapter> adapters, Collection<DoorInfo> doorList) {
        if (configs.size() != adapters.size()) throw new IllegalArgumentException("one adapter per camera");
        doorList.forEach(d -> doors.put(d.id(), d));
        for (int i = 0; i < configs.size(); i++) {
            CameraConfig c = configs.get(i);
            DeviceAdapter a = adapters.get(i);
            Camera cam = a.cameras().stream().filter(x -> x.cameraId().equals(c.id())).findFirst()
                    .orElseGet(() -> a.cameras().stream().findFirst()
                            .orElseThrow(() -> new IllegalStateException("adapter " + a.id() + " serves no camera")));
            List<String> linked = new ArrayList<>();
            for (DoorInfo d : doorList) if (d.cameras().contains(c.id())) linked.add(d.id());
            cameras.put(c.id(), new Entry(c, cam, a, List.copyOf(linked)));
        }
    }

    public static CameraDirectory empty() {
        return new CameraDirectory(List.of(), List.of(), List.of());
    }

    public List<Entry> all() {
        return List.copyOf(cameras.values());
    }

    public Optional<Entry> camera(String id) {
        return Optional.ofNullable(cameras.get(id));
    }

    public Optional<DoorInfo> door(String id) {
        return Optional.ofNullable(doors.get(id));
    }
}
