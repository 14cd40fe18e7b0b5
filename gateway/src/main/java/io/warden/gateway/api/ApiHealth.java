package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.DoorView;
import java.util.function.Supplier;

/**
 * What {@code GET /health} reports. The gateway is {@code degraded} (HTTP 503) only when the audit
 * trail cannot be read: without it no command may be answered. Offline doors are counted, not
 * treated as the gateway being down, so a load balancer does not drop a node for one dead reader.
 *
 * @param audit {@code ok}, or why the audit trail cannot be read
 * @param chain the audit chain's anchoring ({@code state}, last checkpoint), or null
 */
public record ApiHealth(String audit, int online, int offline, JsonObject chain) {

    public ApiHealth(String audit, int online, int offline) {
        this(audit, online, offline, null);
    }

    public boolean up() {
        return "ok".equals(audit);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("status", up() ? "up" : "degraded").put("audit", audit)
                .put("devices", new JsonObject().put("online", online).put("offline", offline));
        if (chain != null) json.put("chain", chain); // audit chain anchoring: AnchoredAuditStore#chainState
        return json;
    }

    /** As {@link #of(DoorService, AuditStore)}, plus the audit chain's anchoring state as {@code chain}. */
    public static Supplier<Future<ApiHealth>> of(DoorService doors, AuditStore audit, Supplier<JsonObject> chain) {
        Supplier<Future<ApiHealth>> base = of(doors, audit);
        return () -> base.get().map(h -> new ApiHealth(h.audit(), h.online(), h.offline(), chain.get()));
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
            return audit.lastSeq()
                    .map(seq -> new ApiHealth("ok", online, offline))
                    .otherwise(e -> new ApiHealth("unavailable", online, offline));
        };
    }
}
