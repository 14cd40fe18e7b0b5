package io.warden.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much body each operation reads, and of which media types, as the contract says: JSON up to
 * {@link ApiServer#MAX_BODY} unless the operation names a larger {@code x-warden-max-body} (the
 * imports: a district's roster is megabytes) and, for a body that is not JSON, its types (moved into
 * {@link #BODY_TYPES} when the contract is loaded). A body over the limit is 413 before it is
 * buffered further; a body of another type is 415 naming the types the operation takes.
 */
final class RequestBodies {
    static final String MAX_BODY_EXTENSION = "x-warden-max-body";
    /** The media types of a body that is not JSON, as the loaded contract keeps them (see ApiServer). */
    static final String BODY_TYPES = "x-warden-body-types";
    /** The routing-context key of the limit that applied to the request, for the 413's detail. */
    static final String LIMIT = "warden.bodyLimit";

    private final Map<String, Long> limits = new HashMap<>();
    private final Map<String, List<String>> rawTypes = new HashMap<>();
    private final Map<Long, BodyHandler> readers = new TreeMap<>();

    RequestBodies(OpenAPIContract contract) {
        readers.put((long) ApiServer.MAX_BODY, reader(ApiServer.MAX_BODY));
        for (Operation op : contract.operations()) {
            Object max = op.getExtensions().get(MAX_BODY_EXTENSION);
            if (max != null) {
                long limit = ((Number) max).longValue();
                limits.put(op.getOperationId(), limit);
                readers.computeIfAbsent(limit, RequestBodies::reader);
            }
            if (op.getExtensions().get(BODY_TYPES) instanceof JsonArray types) {
                rawTypes.put(op.getOperationId(), types.stream().map(t -> t.toString().toLowerCase(Locale.ROOT)).toList());
            }
        }
    }

    private static BodyHandler reader(long limit) {
        return BodyHandler.create().setBodyLimit(limit).setHandleFileUploads(false);
    }

    /** Reads the body with the operation's limit (the default for a path that is no operation). */
    void read(RoutingContext ctx) {
        Operation op = ApiGate.operation(ctx);
        long limit = op == null ? ApiServer.MAX_BODY : limits.getOrDefault(op.getOperationId(), (long) ApiServer.MAX_BODY);
        ctx.put(LIMIT, limit);
        readers.get(limit).handle(ctx);
    }

    /** JSON for most operations ({@link ApiGate#jsonBodyOnly}); for the others, one of their declared types. */
    void typeCheck(RoutingContext ctx) {
        Operation op = ApiGate.operation(ctx);
        List<String> types = op == null ? null : rawTypes.get(op.getOperationId());
        if (types == null) {
            ApiGate.jsonBodyOnly(ctx);
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!types.contains(media)) {
            // The code's own title says "send application/json"; here the operation takes other types.
            Problems.send(ctx, Problems.problem(Problems.Http.UNSUPPORTED_MEDIA_TYPE, "unsupported content type "
                    + (type == null ? "(none)" : "'" + media + "'") + "; send " + String.join(" or ", types))
                    .put("title", "Unsupported content type"));
            return;
        }
        ctx.next();
    }

    /** "64 KiB", "32 MiB": the limit the request was read with. */
    static String limitText(RoutingContext ctx) {
        Long limit = ctx.get(LIMIT);
        long n = limit == null ? ApiServer.MAX_BODY : limit;
        return n % (1024 * 1024) == 0 ? n / (1024 * 1024) + " MiB" : n / 1024 + " KiB";
    }
}
