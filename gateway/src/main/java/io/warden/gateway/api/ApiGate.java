package io.warden.gateway.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
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
 * exactly as the contract spells it, is let through without a token; anything else is
 * authenticated first. The router would match a path after normalising it ({@code //doors},
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

    void authorize(RoutingContext ctx) {
        String path = ctx.request().path();
        String why = nonCanonical(path, normalized(ctx));
        Operation op = why == null ? contract.findOperation(path, ctx.request().method()) : null;
        if (op != null) {
            ctx.put(ApiMetrics.ROUTE, op.getOpenAPIPath());
            if (op.getOpenAPIPath().startsWith(DOOR_PATH)) ctx.put(BearerAuth.DOOR, path.substring(DOOR_PATH.length()).split("/", 2)[0]);
        }
        Role.Permission needed = op == null ? null : permissions.get(op.getOperationId());
        if (op != null && needed == null) {
            ctx.put(OPERATION, op);
            ctx.next(); // public: health, metrics, the contract
            return;
        }
        Principal who = auth.authenticate(ctx);
        if (who == null) return;
        if (op == null) {
            if (why != null) Problems.send(ctx, ErrorCode.NOT_FOUND, "no such resource: " + path + " (" + why + ")");
            else Problems.sendStatus(ctx, otherMethodMatches(path, ctx.request().method()) ? 405 : 404);
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

    private boolean otherMethodMatches(String path, HttpMethod method) {
        for (Operation op : contract.operations()) {
            if (!op.getHttpMethod().equals(method) && contract.findOperation(path, op.getHttpMethod()) != null) return true;
        }
        return false;
    }

    /**
     * Refuses a body that is not JSON. The body handler turns a form ({@code curl -F until=...}) into
     * form attributes and leaves no body, so it would read as "no body": an unlock meant to be timed
     * would be permanent.
     */
    static void jsonBodyOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String length = ctx.request().getHeader("Content-Length");
        boolean sent = (length != null && !length.trim().equals("0")) || ctx.request().getHeader("Transfer-Encoding") != null
                || (ctx.body() != null && ctx.body().length() > 0);
        String media = type == null ? "" : type.split(";", 2)[0].trim();
        if (sent && !media.equalsIgnoreCase("application/json")) {
            Problems.sendStatus(ctx, 415);
            return;
        }
        ctx.next();
    }

    void knownQueryOnly(RoutingContext ctx) {
        Operation op = ctx.get(OPERATION);
        if (op != null) {
            Set<String> known = queryNames.get(op.getOperationId());
            for (String name : ctx.queryParams().names()) {
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
