package io.warden.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.device.DeviceView;
import io.warden.gateway.footage.CameraDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /cameras}: the cameras with health, clock offset and linked doors (reads are not audited),
 * one camera with its device information (asked of the device with a deadline), and a snapshot
 * (audited {@code camera.snapshot}, with its result).
 */
final class CameraRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(CameraRoutes.class);

    private final CameraDirectory cameras;
    private final DeviceDirectory devices;
    private final AuditStore audit;
    private final Clock clock;
    private final Duration timeout;

    CameraRoutes(CameraDirectory cameras, DeviceDirectory devices, AuditStore audit, Clock clock, Duration timeout) {
        this.cameras = cameras;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
        this.timeout = timeout;
    }

    void list(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        for (CameraDirectory.Entry e : cameras.all()) items.add(json(e));
        Routes.json(ctx, 200, new JsonObject().put("items", items));
    }

    void get(RoutingContext ctx) {
        CameraDirectory.Entry e = entry(ctx);
        if (e == null) return;
        e.camera().info(clock.instant().plus(timeout)).onComplete(ar -> {
            JsonObject j = json(e);
            if (ar.succeeded()) {
                var i = ar.result();
                j.put("info", new JsonObject().put("manufacturer", i.manufacturer()).put("model", i.model()).put("firmware", i.firmware())
                        .put("serialNumber", i.serialNumber()).put("hardwareId", i.hardwareId()));
            } else {
                j.putNull("info").put("infoError", new JsonObject().put("code", WardenException.codeOf(ar.cause()).name())
                        .put("detail", ar.cause().getMessage()));
            }
            Routes.json(ctx, 200, j);
        });
    }

    void snapshot(RoutingContext ctx) {
        CameraDirectory.Entry e = entry(ctx);
        if (e == null) return;
        Principal who = BearerAuth.principal(ctx);
        String source = BearerAuth.source(ctx);
        String action = "GET /api/v1/cameras/" + e.id() + "/snapshot";
        e.camera().snapshot(clock.instant().plus(timeout)).onComplete(ar -> {
            String result = ar.succeeded() ? "ok" : "failed";
            String detail = ar.succeeded() ? ar.result().length() + " bytes"
                    : WardenException.codeOf(ar.cause()).name() + ": " + ar.cause().getMessage();
            audit.append(new AuditEntry(clock.instant(), "camera.snapshot", who.name(), source, e.config().site(), e.config().zone(),
                    null, e.id(), null, action, result, detail)).onComplete(written -> {
                if (written.failed()) {
                    LOG.error("event=audit_append_failed type=camera.snapshot camera={} error=\"{}\"", e.id(), written.cause().toString());
                    Problems.send(ctx, ErrorCode.DEVICE_BUSY, "the snapshot could not be written to the audit trail, so it is not shown; try again");
                } else if (ar.failed()) {
                    Problems.send(ctx, ar.cause());
                } else {
                    ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "no-store").end(ar.result());
                }
            });
        });
    }

    private CameraDirectory.Entry entry(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CameraDirectory.Entry e = cameras.camera(id).orElse(null);
        if (e == null) Problems.send(ctx, ErrorCode.NOT_FOUND, "no camera '" + id + "'");
        return e;
    }

    private JsonObject json(CameraDirectory.Entry e) {
        DeviceHealth h = health(e.id());
        JsonObject health = DeviceRoutes.clock(new JsonObject().put("status", h.status().name()).put("reason", h.reason().name())
                .put("detail", h.detail()).put("since", ApiJson.text(h.since())), h);
        Long offset = e.camera().clockOffset().map(Duration::toMillis)
                .orElse(h.clockOffset() == null ? null : h.clockOffset().toMillis());
        return new JsonObject().put("id", e.id()).put("name", e.config().name()).put("site", e.config().site()).put("zone", e.config().zone())
                .put("type", e.config().type()).put("doors", new JsonArray(e.doors())).put("health", health).put("clockOffsetMs", offset);
    }

    private DeviceHealth health(String id) {
        for (DeviceView d : devices.devices()) if (d.id().equals(id)) return d.health();
        return new DeviceHealth(DeviceHealth.Status.UNKNOWN, DeviceHealth.Reason.STARTING, "not yet heard from", Instant.EPOCH);
    }
}
