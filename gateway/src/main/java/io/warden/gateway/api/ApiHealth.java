package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceHealth;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.device.DeviceView;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What {@code GET /health} reports. The gateway is {@code degraded} (HTTP 503) only when the audit
 * store fails its check: without a trail no command may be answered. Controllers and devices are
 * summed up by status, with the ones not online and why; an offline reader does not take the node
 * down, so a load balancer does not drop it for one dead device.
 *
 * @param audit   the audit store's check, which touches the store ({@link AuditStore#check})
 * @param chain   the chain's anchoring outside the store ({@link AuditStore#chainState}), or null
 * @param devices every controller and device with its health
 */
public record ApiHealth(AuditHealth audit, JsonObject chain, List<DeviceView> devices) {
    /** /health answers within about this, even when the audit store hangs. */
    static final Duration AUDIT_CHECK_TIMEOUT = Duration.ofSeconds(2);

    public boolean up() {
        return audit.ok();
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("status", up() ? "up" : "degraded")
                .put("audit", new JsonObject().put("status", audit.ok() ? "ok" : "failed").put("reason", audit.reason().name())
                        .put("detail", audit.detail()).put("lastSeq", audit.lastSeq()));
        if (chain != null) json.put("chain", chain);
        return json.put("controllers", summary(DeviceView.Kind.CONTROLLER)).put("devices", summary(DeviceView.Kind.DEVICE));
    }

    /** Counts per status ({@code online}, {@code offline}, {@code unknown}) and the ones not online, with why. */
    private JsonObject summary(DeviceView.Kind kind) {
        JsonObject counts = new JsonObject();
        for (DeviceHealth.Status s : DeviceHealth.Status.values()) counts.put(s.name().toLowerCase(Locale.ROOT), 0);
        JsonArray notOnline = new JsonArray();
        for (DeviceView d : devices) {
            if (d.kind() != kind) continue;
            String key = d.health().status().name().toLowerCase(Locale.ROOT);
            counts.put(key, counts.getInteger(key) + 1);
            if (!d.online()) notOnline.add(DeviceRoutes.json(d));
        }
        return counts.put("notOnline", notOnline);
    }

    /** Health from the device directory and a check that touches the audit store. */
    public static Supplier<Future<ApiHealth>> of(DeviceDirectory devices, AuditStore audit) {
        return () -> audit.check(AUDIT_CHECK_TIMEOUT).map(a -> new ApiHealth(a, audit.chainState(), devices.devices()));
    }
}
