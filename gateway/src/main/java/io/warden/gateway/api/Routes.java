package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers shared by the route classes. */
final class Routes {
    private Routes() {}

    static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
        return ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    /** The request's JSON object (already validated against the contract), or an empty one. */
    static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().isEmpty()) return new JsonObject();
        JsonObject o = ctx.body().asJsonObject();
        return o == null ? new JsonObject() : o;
    }
}
