package io.warden.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.door.CommandOutcome;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import java.time.Instant;
import java.util.Locale;

/** The API's JSON shapes (field names as in ARCHITECTURE.md's "API at a glance"). */
final class ApiJson {
    private ApiJson() {}

    static JsonObject door(DoorView v) {
        DoorInfo i = v.info();
        DoorState s = v.state() == null ? DoorState.UNKNOWN : v.state();
        JsonObject state = new JsonObject()
                .put("lock", lower(s.lock()))
                .put("contact", lower(s.contact()))
                .put("online", s.online())
                .put("lockdown", v.lockdownId());
        // What a controller with door modes and alarms of its own reports; absent when it reports none (OSDP).
        if (s.mode() != DoorState.Mode.UNKNOWN) state.put("mode", lower(s.mode()));
        if (s.alarm() != DoorState.Alarm.UNKNOWN) state.put("alarm", lower(s.alarm()));
        if (s.tamper() != DoorState.Flag.UNKNOWN) state.put("tamper", lower(s.tamper()));
        if (s.fault() != DoorState.Flag.UNKNOWN) state.put("fault", lower(s.fault()));
        // Cluster mode: the node serving the door, and why it is offline when none does; absent on a single node.
        if (v.offline() != null) state.put("offlineReason", v.offline());
        JsonObject json = new JsonObject()
                .put("id", i.id()).put("name", i.name()).put("site", i.site()).put("siteName", i.siteName())
                .put("zone", i.zone()).put("zoneName", i.zoneName()).put("exterior", i.exterior())
                .put("controller", new JsonObject().put("id", i.controllerId()).put("type", i.controllerType()))
                .put("state", state);
        if (v.node() != null) json.put("node", v.node());
        return json;
    }

    static JsonObject doorDetail(DoorView v) {
        DoorState s = v.state() == null ? DoorState.UNKNOWN : v.state();
        return door(v).put("cameras", new JsonArray(v.info().cameras())).put("updatedAt", text(s.updatedAt()));
    }

    static JsonObject outcome(CommandOutcome o) {
        return new JsonObject().put("door", o.door()).put("command", o.command()).put("result", o.result())
                .put("detail", o.detail()).put("latencyMs", o.latencyMs());
    }

    static JsonObject scope(LockdownRequest.Scope s) {
        if (s.site() != null) return new JsonObject().put("site", s.site());
        if (s.zone() != null) return new JsonObject().put("zone", s.zone());
        return new JsonObject().put("doors", new JsonArray(s.doors()));
    }

    static JsonObject lockdown(LockdownReport r) {
        JsonArray doors = new JsonArray();
        for (LockdownReport.DoorResult d : r.doors()) {
            JsonObject door = doorResult(d);
            if (d.disagreeing() != null) {
                door.put("disagreeing", new JsonObject().put("since", text(d.disagreeing().since()))
                        .put("attempts", d.disagreeing().attempts()).put("lastError", d.disagreeing().lastError()));
            }
            doors.add(door);
        }
        JsonObject json = new JsonObject().put("id", r.id()).put("level", r.level().id()).put("scope", scope(r.scope()))
                .put("startedBy", r.startedBy()).put("startedAt", text(r.startedAt())).put("drill", r.drill())
                .put("reason", r.reason()).put("active", r.active()).put("releasedBy", r.releasedBy())
                .put("releasedAt", text(r.releasedAt())).put("doors", doors);
        if (!r.active()) {
            JsonArray releases = new JsonArray();
            r.releases().forEach(d -> releases.add(doorResult(d)));
            json.put("releases", releases);
        }
        return json;
    }

    private static JsonObject doorResult(LockdownReport.DoorResult d) {
        return new JsonObject().put("id", d.id()).put("status", d.status()).put("latencyMs", d.latencyMs()).put("detail", d.detail());
    }

    /** One audit record as the API, the event stream and the NDJSON export show it. */
    static JsonObject auditItem(AuditRecord r) {
        AuditEntry e = r.entry();
        return new JsonObject().put("seq", r.seq()).put("time", text(e.time())).put("type", e.type()).put("actor", e.actor())
                .put("door", e.door()).put("camera", e.camera()).put("action", e.action()).put("result", e.result())
                .put("detail", e.detail()).put("source", e.source()).put("site", e.site()).put("zone", e.zone())
                .put("credential", e.credential());
    }

    static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String lower(Enum<?> e) {
        return e == null ? "unknown" : e.name().toLowerCase(Locale.ROOT);
    }
}
