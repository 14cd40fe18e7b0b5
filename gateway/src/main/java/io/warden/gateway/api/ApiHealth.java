package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.door.LockdownReport;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@code GET /health} reports. The gateway is {@code degraded} (HTTP 503) only when the audit
 * trail cannot be read: without it no command may be answered. Offline doors are counted, not
 * treated as the gateway being down, so a load balancer does not drop a node for one dead reader.
 *
 * @param audit             {@code ok}, or why the audit trail cannot be read
 * @param disagreeingDoors  doors under lockdown that keep reporting unlocked or refusing the lock (being retried)
 */
public record ApiHealth(String audit, int online, int offline, List<String> disagreeingDoors) {

    public ApiHealth {
        disagreeingDoors = List.copyOf(disagreeingDoors);
    }

    public boolean up() {
        return "ok".equals(audit);
    }

    JsonObject toJson() {
        return new JsonObject().put("status", up() ? "up" : "degraded").put("audit", audit)
                .put("devices", new JsonObject().put("online", online).put("offline", offline))
                .put("lockdown", new JsonObject().put("disagreeingDoors", new JsonArray(disagreeingDoors)));
    }

    /** Health from the door service (device counts) and a cheap audit read ({@code lastSeq}). */
    public static Supplier<Future<ApiHealth>> of(DoorService doors, AuditStore audit) {
        return () -> {
            int on = 0;
            int off = 0;
            for (DoorView d : doors.doors(null, null)) {
                if (d.state() != null && d.state().online()) on++;
                else off++;
            }
            int online = on;
            int offline = off;
            List<String> disagreeing = doors.disagreeingDoors().stream().map(LockdownReport.Disagreement::door).toList();
            return audit.lastSeq()
                    .map(seq -> new ApiHealth("ok", online, offline, disagreeing))
                    .otherwise(e -> new ApiHealth("unavailable", online, offline, disagreeing));
        };
    }
}
