package io.warden.gateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The first handler of every request, whatever its path: finds the request's operation in the
 * contract by the path exactly as sent, authenticates, checks the operation's
 * {@code x-warden-permission}, and refuses query parameters the operation does not declare (a
 * mistyped audit filter must not widen a query).
 *
 * <p>Fails closed. Only an operation marked {@code none} (health, metrics, the contract), spelled
 * exactly as the contract spells it, and the console's public paths ({@link ConsoleRoutes#isPublic}:
 * its pages, its files and its sign-in endpoints), spelled canonically, are let through without a
 * token or session; anything else is authenticated first. The router would match a path after normalising it ({@code //doors},
 * {@code doors/}, {@code %64oors}, {@code ./doors} all reach the doors handler), so a path that is
 * not canonical is refused here, after authentication, as a 404 naming why: the auth gate, the
 * router and the audit trail then all see one spelling.
 */
final class ApiGate {
    static final String PERMISSION_EXTENSION = "x-warden-permission";
    private static final String OPERATION = "warden.operation";
    private static final String DOOR_PATH = "/api/v1/doors/";
    /** Percent-encoded ALPHA / DIGIT / "-" / "." / "_" / "~": RFC 3986 says never encode these. */
    private static final Pattern ENCODED_UNRESERVED = Pattern.compile("%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[Dd]|2[Ee]|5[Ff]|7[Ee])");

    private static final JsonFactory STRICT_JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final OpenAPIContract contract;
    private final BearerAuth auth;
    private final Map<String, Role.Permission> permissions = new HashMap<>();
    private final Map<String, Set<String>> queryNames = new HashMap<>();

    ApiGate(OpenAPIContract contract, BearerAuth auth) {
        this.contract = contract;
        this.auth = auth;
        for (Operation op : contract.operations()) {
            Object p = op.getExtensions().get(PERMISSION_EXTENSION);
            if (p == null) throw new IllegalStateException("operation " + op.getOperationId() + " has no " + PERMISSION_EXTENSION);
            if (!"none".equals(p)) permissions.put(op.getOperationId(), Role.Permission.valueOf(p.toString().toUpperCase(Locale.ROOT)));
            Set<String> names = new HashSet<>();
            for (Parameter param : op.getParameters()) if (param.getIn() == Location.QUERY) names.add(param.getName());
            queryNames.put(op.getOperationId(), names);
        }
    }

    /** The request's operation, once {@link #authorize} found it; null for a path that is none. */
    static Operation operation(RoutingContext ctx) {
        return ctx.get(OPERATION);
    }

    void authorize(RoutingContext ctx) {
        String path = ctx.request().path();
        String normalized = normalized(ctx);
        if (normalized == null) {
            // Not a path at all, whoever sends it: nothing to authenticate against, nothing to audit.
            Problems.send(ctx, ErrorCode.BAD_REQUEST, "malformed percent-encoding in the path: '%' must be followed by two hex digits");
            return;
        }
        String why = nonCanonical(path, normalized);
        Operation op = why == null ? contract.findOperation(path, ctx.request().method()) : null;
        if (op != null) {
            ctx.put(ApiMetrics.ROUTE, op.getOpenAPIPath());
            if (op.getOpenAPIPath().startsWith(DOOR_PATH)) ctx.put(BearerAuth.DOOR, path.substring(DOOR_PATH.length()).split("/", 2)[0]);
        }
        if (op == null && why == null && ConsoleRoutes.isPublic(ctx.request().method(), path)) {
            ctx.put(ApiMetrics.ROUTE, ConsoleRoutes.template(path));
            ctx.next(); // the console's pages and files, and its sign-in endpoints (which authenticate themselves)
            return;
        }
        Role.Permission needed = op == null ? null : permissions.get(op.getOperationId());
        if (op != null && needed == null) {
            ctx.put(OPERATION, op);
            ctx.next(); // public: health, metrics, the contract
            return;
        }
        Principal who = auth.authenticate(ctx, !EventStream.watches(op));
        if (who == null) return;
        if (op == null) {
            if (why != null) Problems.send(ctx, ErrorCode.NOT_FOUND, "no such resource: " + path + " (" + why + ")");
            else notFoundOrWrongMethod(ctx, path);
            return;
        }
        if (!auth.permits(ctx, who, needed)) return;
        ctx.put(OPERATION, op);
        BearerAuth.admit(ctx, who);
    }

    /**
     * Why {@code path} is not spelled the way the contract spells paths, or null when it is. The
     * router's normalised path must be the same string, so nothing Vert.x rewrites slips through.
     */
    static String nonCanonical(String path, String normalized) {
        if (path == null || !path.startsWith("/")) return "a path starts with '/'";
        if (path.contains("//")) return "empty path segment";
        if (path.length() > 1 && path.endsWith("/")) return "trailing '/'";
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) return "'" + segment + "' segment";
        }
        if (ENCODED_UNRESERVED.matcher(path).find()) return "percent-encoded letter, digit or -._~";
        if (normalized == null) return "malformed percent-encoding";
        if (!path.equals(normalized)) return "not in normal form";
        return null;
    }

    /** The router's normal form, or null when it cannot decode the path (a bare or bad {@code %}). */
    private static String normalized(RoutingContext ctx) {
        try {
            return ctx.normalizedPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** 405 with {@code Allow} when the path has operations under other methods (RFC 9110 §15.5.6), else 404. */
    private void notFoundOrWrongMethod(RoutingContext ctx, String path) {
        Set<String> allowed = new TreeSet<>();
        for (Operation op : contract.operations()) {
            if (contract.findOperation(path, op.getHttpMethod()) != null) allowed.add(op.getHttpMethod().name());
        }
        if (allowed.isEmpty()) {
            Problems.sendStatus(ctx, 404);
            return;
        }
        ctx.response().putHeader("Allow", String.join(", ", allowed));
        Problems.sendStatus(ctx, 405);
    }

    /**
     * Refuses a body that is not JSON (415), and JSON that names a key twice (400). The body handler
     * turns a form ({@code curl -F until=...}) into form attributes and leaves no body, so it would
     * read as "no body": an unlock meant to be timed would be permanent. So a declared type other
     * than JSON is refused even when no body bytes follow.
     */
    static void jsonBodyOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String length = ctx.request().getHeader("Content-Length");
        boolean sent = (length != null && !length.trim().equals("0")) || ctx.request().getHeader("Transfer-Encoding") != null
                || (ctx.body() != null && ctx.body().length() > 0);
        String media = type == null ? "" : type.split(";", 2)[0].trim();
        if ((sent || type != null) && !media.equalsIgnoreCase("application/json")) {
            Problems.sendStatus(ctx, 415);
            return;
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        String duplicate = body == null || body.length() == 0 ? null : duplicateKey(body.getBytes());
        if (duplicate != null) {
            Problems.send(ctx, ErrorCode.BAD_REQUEST, "body field '" + duplicate + "': duplicate key; name each field once");
            return;
        }
        ctx.next();
    }

    /**
     * The first key an object of {@code json} names twice, or null. Vert.x and the validator keep
     * the last of two, so {@code {"until":a,"until":b}} would be read as whichever a proxy or log
     * did not show. Malformed JSON is left to the validator, which says so.
     */
    static String duplicateKey(byte[] json) {
        try (JsonParser p = STRICT_JSON.createParser(json)) {
            try {
                while (p.nextToken() != null) {
                    // reading is the check
                }
            } catch (StreamReadException e) {
                // Jackson names the field only in its message; its parsing context holds it as a value.
                String m = e.getOriginalMessage();
                return m != null && m.startsWith("Duplicate field") ? p.getParsingContext().getCurrentName() : null;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    void knownQueryOnly(RoutingContext ctx) {
        Operation op = ctx.get(OPERATION);
        if (op != null) {
            Set<String> known = queryNames.get(op.getOperationId());
            Set<String> names;
            try {
                names = ctx.queryParams().names();
            } catch (IllegalArgumentException e) { // Netty's decoder on a bare or bad '%'
                Problems.send(ctx, ErrorCode.BAD_REQUEST, "malformed percent-encoding in the query: '%' must be followed by two hex digits");
                return;
            }
            for (String name : names) {
                if (!known.contains(name)) {
                    Problems.send(ctx, ErrorCode.BAD_REQUEST, "query parameter '" + name + "': unknown"
                            + (known.isEmpty() ? "; this operation takes none" : "; allowed: " + String.join(", ", new TreeSet<>(known))));
                    return;
                }
            }
        }
        ctx.next();
    }
}
