package io.warden.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lockdowns: start (201 + Location), list active, one, release. The door service audits them. */
final class LockdownRoutes {
    private final DoorService doors;

    LockdownRoutes(DoorService doors) {
        this.doors = doors;
    }

    void start(RoutingContext ctx) {
        JsonObject body = Routes.body(ctx);
        LockdownRequest request;
        try {
            request = new LockdownRequest(LockdownRequest.Level.valueOf(body.getString("level").toUpperCase(Locale.ROOT)),
                    scope(body.getJsonObject("scope")), body.getBoolean("drill", false), body.getString("reason"));
        } catch (IllegalArgumentException e) {
            Problems.send(ctx, ErrorCode.BAD_REQUEST, "body field 'scope': " + e.getMessage());
            return;
        }
        doors.startLockdown(request, BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(r -> {
                    ctx.response().putHeader("Location", "/api/v1/lockdowns/" + r.id());
                    Routes.json(ctx, 201, ApiJson.lockdown(r));
                })
                .onFailure(t -> Problems.send(ctx, t));
    }

    void list(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        for (LockdownReport r : doors.activeLockdowns()) items.add(ApiJson.lockdown(r));
        Routes.json(ctx, 200, new JsonObject().put("items", items));
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        doors.lockdown(id).ifPresentOrElse(r -> Routes.json(ctx, 200, ApiJson.lockdown(r)),
                () -> Problems.send(ctx, ErrorCode.NOT_FOUND, "no lockdown '" + id + "'"));
    }

    void release(RoutingContext ctx) {
        doors.release(ctx.pathParam("id"), BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(r -> Routes.json(ctx, 200, ApiJson.lockdown(r)))
                .onFailure(t -> Problems.send(ctx, t));
    }

    private static LockdownRequest.Scope scope(JsonObject s) {
        JsonArray d = s.getJsonArray("doors");
        List<String> ids = null;
        if (d != null) {
            ids = new ArrayList<>();
            for (Object o : d) ids.add((String) o);
        }
        return new LockdownRequest.Scope(s.getString("site"), s.getString("zone"), ids);
    }
}
