package io.warden.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.DoorView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Doors: list, one, and the lock / unlock / pulse commands. Reads are counted in metrics, not audited;
 * the door service counts the commands.
 */
final class DoorRoutes {
    private final DoorService doors;
    private final Clock clock;

    DoorRoutes(DoorService doors, Clock clock) {
        this.doors = doors;
        this.clock = clock;
    }

    void list(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        for (DoorView v : doors.doors(ctx.queryParams().get("site"), ctx.queryParams().get("zone"))) items.add(ApiJson.door(v));
        Routes.json(ctx, 200, new JsonObject().put("items", items));
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        doors.door(id).ifPresentOrElse(v -> Routes.json(ctx, 200, ApiJson.doorDetail(v)),
                () -> Problems.send(ctx, ErrorCode.NOT_FOUND, "no door '" + id + "'"));
    }

    void lock(RoutingContext ctx) {
        execute(ctx, new DoorCommand.Lock());
    }

    void unlock(RoutingContext ctx) {
        String until = Routes.body(ctx).getString("until");
        if (until == null) {
            execute(ctx, new DoorCommand.Unlock());
            return;
        }
        Instant t = AuditRoutes.instant("body field 'until'", until);
        if (!t.isAfter(clock.instant())) {
            Problems.send(ctx, ErrorCode.BAD_REQUEST, "body field 'until': must be in the future");
            return;
        }
        execute(ctx, new DoorCommand.Unlock(t));
    }

    void pulse(RoutingContext ctx) {
        Integer seconds = Routes.body(ctx).getInteger("seconds");
        execute(ctx, new DoorCommand.Pulse(seconds == null ? null : Duration.ofSeconds(seconds)));
    }

    private void execute(RoutingContext ctx, DoorCommand command) {
        String id = ctx.pathParam("id");
        doors.execute(id, command, BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(o -> Routes.json(ctx, 200, ApiJson.outcome(o)))
                .onFailure(t -> Problems.send(ctx, t));
    }
}
