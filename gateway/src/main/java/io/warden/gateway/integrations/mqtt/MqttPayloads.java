package io.warden.gateway.integrations.mqtt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.door.LockdownReport;
import java.util.List;
import java.util.Locale;

/**
 * The JSON of the retained topics ({@link Topics}). A door's state has the keys of the API's door {@code state}
 * object, so one template serves both:
 *
 * <pre>
 *   {"lock":"locked|unlocked|unknown", "contact":"closed|open|unknown", "online":true, "lockdown":"&lt;id&gt;"|null,
 *    "mode":..., "alarm":..., "tamper":..., "fault":...}      (the last four only when the device reports them)
 * </pre>
 *
 * Only what the device confirmed: a field it never reported stays {@code unknown}. No timestamp, so an unchanged
 * door never republishes. A site's lockdown topic: {@code {"active":bool, "lockdowns":[{id, level, drill, reason,
 * startedBy, startedAt}]}}.
 */
final class MqttPayloads {
    private MqttPayloads() {}

    static JsonObject doorState(DoorView v) {
        DoorState s = v.state() == null ? DoorState.UNKNOWN : v.state();
        JsonObject json = new JsonObject().put("lock", lower(s.lock())).put("contact", lower(s.contact())).put("online", s.online())
                .put("lockdown", v.lockdownId());
        if (s.mode() != DoorState.Mode.UNKNOWN) json.put("mode", lower(s.mode()));
        if (s.alarm() != DoorState.Alarm.UNKNOWN) json.put("alarm", lower(s.alarm()));
        if (s.tamper() != DoorState.Flag.UNKNOWN) json.put("tamper", lower(s.tamper()));
        if (s.fault() != DoorState.Flag.UNKNOWN) json.put("fault", lower(s.fault()));
        return json;
    }

    static String availability(boolean online) {
        return online ? Topics.ONLINE : Topics.OFFLINE;
    }

    /** The active lockdowns that cover a site (by its scope, or by any door of the site in its scope). */
    static JsonObject siteLockdowns(List<LockdownReport> covering) {
        JsonArray items = new JsonArray();
        for (LockdownReport r : covering) {
            items.add(new JsonObject().put("id", r.id()).put("level", r.level().id()).put("drill", r.drill()).put("reason", r.reason())
                    .put("startedBy", r.startedBy()).put("startedAt", r.startedAt() == null ? null : r.startedAt().toString()));
        }
        return new JsonObject().put("active", !covering.isEmpty()).put("lockdowns", items);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
