package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;

/** Small helpers shared by the route classes. */
final class Routes {
    private Routes() {}

    static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
        return ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    /**
     * A whole-number query parameter, or {@code absent} when it is not given. Only digits within
     * [{@code min}, {@code max}] pass: the contract's validator takes {@code 1e3} and numbers beyond
     * a {@code long} as integers, and they must not reach a parse that throws.
     *
     * @throws WardenException BAD_REQUEST naming the parameter
     */
    static long wholeNumber(RoutingContext ctx, String name, long absent, long min, long max) {
        String v = ctx.queryParams().get(name);
        if (v == null) return absent;
        return wholeNumber("query parameter '" + name + "'", v, min, max);
    }

    /** {@code value} as a whole number within [{@code min}, {@code max}]; {@code what} names it in the error. */
    static long wholeNumber(String what, String value, long min, long max) {
        String v = value.trim();
        try {
            if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                long n = Long.parseLong(v);
                if (n >= min && n <= max) return n;
            }
        } catch (NumberFormatException tooBig) {
            // reported below
        }
        throw new WardenException(ErrorCode.BAD_REQUEST, what + ": must be a whole number from " + min + " to " + max
                + ", written in digits");
    }

    /** The request's JSON object (already validated against the contract), or an empty one. */
    static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().isEmpty()) return new JsonObject();
        JsonObject o = ctx.body().asJsonObject();
        return o == null ? new JsonObject() : o;
    }
}
