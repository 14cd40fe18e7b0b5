package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceHealth;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.device.DeviceView;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.integrations.IntegrationSink;
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
 * @param audit            the audit store's check, which touches the store ({@link AuditStore#check})
 * @param chain            the chain's anchoring outside the store ({@link AuditStore#chainState}), or null
 * @param devices          every controller and device with its health
 * @param disagreeingDoors doors under lockdown that keep reporting unlocked or refusing the lock (being retried)
 */
public record ApiHealth(AuditHealth audit, JsonObject chain, List<DeviceView> devices, List<String> disagreeingDoors) {
    /** /health answers within about this, even when the audit store hangs. */
    static final Duration AUDIT_CHECK_TIMEOUT = Duration.ofSeconds(2);

    public ApiHealth {
        devices = List.copyOf(devices);
        disagreeingDoors = List.copyOf(disagreeingDoors);
    }

    public boolean up() {
        return audit.ok();
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("status", up() ? "up" : "degraded")
                .put("audit", new JsonObject().put("status", audit.ok() ? "ok" : "failed").put("reason", audit.reason().name())
                        .put("detail", audit.detail()).put("lastSeq", audit.lastSeq()));
        if (chain != null) json.put("chain", chain);
        return json.put("controllers", summary(DeviceView.Kind.CONTROLLER)).put("devices", summary(DeviceView.Kind.DEVICE))
                .put("lockdown", new JsonObject().put("disagreeingDoors", new JsonArray(disagreeingDoors)));
    }

    /**
     * Counts per status ({@code online}, {@code offline}, {@code unknown}), the ones not online with why, and
     * the ones with a warning (e.g. a clock off by more than its limit), with their clock offset.
     */
    private JsonObject summary(DeviceView.Kind kind) {
        JsonObject counts = new JsonObject();
        for (DeviceHealth.Status s : DeviceHealth.Status.values()) counts.put(s.name().toLowerCase(Locale.ROOT), 0);
        JsonArray notOnline = new JsonArray();
        JsonArray warnings = new JsonArray();
        for (DeviceView d : devices) {
            if (d.kind() != kind) continue;
            String key = d.health().status().name().toLowerCase(Locale.ROOT);
            counts.put(key, counts.getInteger(key) + 1);
            if (!d.online()) notOnline.add(DeviceRoutes.json(d));
            if (d.health().warning() != null) warnings.add(DeviceRoutes.json(d));
        }
        return counts.put("notOnline", notOnline).put("warnings", warnings);
    }

    /** Health from a check that touches the audit store, the device directory and the lockdowns being enforced. */
    public static Supplier<Future<ApiHealth>> of(AuditStore audit, DeviceDirectory devices, DoorService doors) {
        return () -> audit.check(AUDIT_CHECK_TIMEOUT).map(a -> new ApiHealth(a, audit.chainState(), devices.devices(), disagreeing(doors)));
    }

    /**
     * The integrations of this node ({@code integrations}): reported, never a reason to degrade it. Doors, cards and
     * the audit trail work without a broker, webhook endpoint or collector, and what a sink could not deliver stays in
     * the trail (its drops are audited): a load balancer must not take a node out of service for a far end's outage.
     */
    static JsonArray integrationsJson(List<IntegrationSink.SinkStatus> sinks) {
        JsonArray out = new JsonArray();
        for (IntegrationSink.SinkStatus s : sinks) {
            out.add(new JsonObject().put("id", s.id()).put("connected", s.connected()).put("queued", s.queued())
                    .put("delivered", s.delivered()).put("dropped", s.dropped()).put("lastError", s.lastError()));
        }
        return out;
    }

    static List<String> disagreeing(DoorService doors) {
        return doors.disagreeingDoors().stream().map(LockdownReport.Disagreement::door).toList();
    }
}
