package io.warden.gateway.api;

import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.auth.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs before routing and validation: finds the request's operation in the contract, tags the
 * metrics route, checks the token against the operation's {@code x-warden-permission}, and refuses
 * query parameters the operation does not declare (a mistyped audit filter must not widen a query).
 */
final class ApiGate {
    static final String PERMISSION_EXTENSION = "x-warden-permission";
    private static final String OPERATION = "warden.operation";

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
        Operation op = contract.findOperation(ctx.request().path(), ctx.request().method());
        if (op == null) {
            ctx.next(); // the router answers 404 / 405
            return;
        }
        ctx.put(OPERATION, op);
        ctx.put(ApiMetrics.ROUTE, op.getOpenAPIPath());
        Role.Permission p = permissions.get(op.getOperationId());
        if (p == null) ctx.next();
        else auth.authorize(ctx, p);
    }

    void knownQueryOnly(RoutingContext ctx) {
        Operation op = ctx.get(OPERATION);
        if (op != null) {
            Set<String> known = queryNames.get(op.getOperationId());
            for (String name : ctx.queryParams().names()) {
                if (!known.contains(name)) {
                    Problems.send(ctx, ErrorCode.BAD_REQUEST, "query parameter '" + name + "': unknown"
                            + (known.isEmpty() ? "; this operation takes none" : "; allowed: " + String.join(", ", new java.util.TreeSet<>(known))));
                    return;
                }
            }
        }
        ctx.next();
    }
}
