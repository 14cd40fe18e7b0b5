package io.warden.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.DeviceHealth;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.device.DeviceView;
import java.util.Locale;

/** Controllers and devices with their health. Reads are counted in metrics, not audited. */
final class DeviceRoutes {
    private final DeviceDirectory devices;

    DeviceRoutes(DeviceDirectory devices) {
        this.devices = devices;
    }

    void list(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        for (DeviceView d : devices.devices()) items.add(json(d));
        Routes.json(ctx, 200, new JsonObject().put("items", items));
    }

    static JsonObject json(DeviceView d) {
        DeviceHealth h = d.health();
        JsonObject json = new JsonObject().put("id", d.id()).put("type", d.kind().name().toLowerCase(Locale.ROOT)).put("controller", d.controller())
                .put("adapter", d.adapter()).put("status", h.status().name()).put("reason", h.reason().name()).put("detail", h.detail())
                .put("since", ApiJson.text(h.since()));
        clock(json, h);
        if (d.node() != null) json.put("node", d.node());
        return json.put("doors", new JsonArray(d.doors()));
    }

    /** Adds the clock offset ({@code clockOffsetMs}) and the {@code warning} when the health has them (absent otherwise). */
    static JsonObject clock(JsonObject json, DeviceHealth h) {
        if (h.clockOffset() != null) json.put("clockOffsetMs", h.clockOffset().toMillis());
        if (h.warning() != null) json.put("warning", h.warning());
        return json;
    }
}
