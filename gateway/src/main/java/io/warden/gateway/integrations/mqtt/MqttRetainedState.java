package io.warden.gateway.integrations.mqtt;

import io.warden.gateway.device.DeviceView;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.device.DeviceDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the broker should hold retained, as topic → payload: every door's state and availability, every
 * site's lockdowns, every controller's and device's availability. The door service has no change listener,
 * so the bridge takes a {@link #snapshot()} on a short timer and publishes what differs from
 * {@link #changes the last one it sent}. Not thread-safe: the bridge's context.
 */
final class MqttRetainedState {
    private final Topics topics;
    private final GatewayDoorService doors;
    private final DeviceDirectory devices;
    /** What was handed to the broker on this connection, by topic; cleared on each (re)connect. */
    private final Map<String, String> sent = new HashMap<>();

    MqttRetainedState(Topics topics, GatewayDoorService doors, DeviceDirectory devices) {
        this.topics = topics;
        this.doors = doors;
        this.devices = devices;
    }

    /** The whole retained picture now, in a stable order (doors, then sites, then devices). */
    Map<String, String> snapshot() {
        Map<String, String> out = new LinkedHashMap<>();
        List<DoorView> views = doors.doors(null, null);
        Map<String, String> siteOfDoor = new HashMap<>();
        Set<String> sites = new LinkedHashSet<>();
        for (DoorView v : views) {
            String site = v.info().site();
            String door = v.info().id();
            siteOfDoor.put(door, site);
            sites.add(site);
            out.put(topics.doorState(site, door), MqttPayloads.doorState(v).encode());
            out.put(topics.doorAvailability(site, door), MqttPayloads.availability(v.state() != null && v.state().online()));
        }
        List<LockdownReport> active = doors.activeLockdowns();
        for (String site : sites) {
            List<LockdownReport> covering = new ArrayList<>();
            for (LockdownReport r : active) {
                if (site.equals(r.scope().site()) || r.doors().stream().anyMatch(d -> site.equals(siteOfDoor.get(d.id())))) covering.add(r);
            }
            out.put(topics.lockdown(site), MqttPayloads.siteLockdowns(covering).encode());
        }
        for (DeviceView d : devices.devices()) {
            String topic = topics.deviceAvailability(d.id());
            if (MqttTopicNames.valid(topic)) out.put(topic, MqttPayloads.availability(d.online()));
        }
        return out;
    }

    /** The entries of {@code now} that differ from what was sent on this connection; they count as sent from here on. */
    Map<String, String> changes(Map<String, String> now) {
        Map<String, String> out = new LinkedHashMap<>();
        now.forEach((topic, payload) -> {
            if (!payload.equals(sent.get(topic))) out.put(topic, payload);
        });
        sent.putAll(out);
        return out;
    }

    /** A new connection: everything is sent again (the broker may have lost its retained store, or hold a stale state). */
    void reset() {
        sent.clear();
    }
}
