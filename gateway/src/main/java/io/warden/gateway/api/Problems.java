package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from {@link ErrorCode} (device and request failures), {@link PolicyCode}
 * (gateway refusals) and {@link Http} (refusals of the HTTP exchange itself) to HTTP status and
 * {@code application/problem+json}, and the router's failure
 * handler. A 500 never carries internals: the detail is a reference that the log line with the
 * cause also carries.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://warden.dev/problems/";

    private Problems() {}

    /**
     * Refusals of the HTTP exchange itself (RFC 9110): the request never reached an operation, so
     * they are neither device failures nor gateway policy.
     */
    enum Http {
        METHOD_NOT_ALLOWED(405, "method not allowed on this resource"),
        CONTENT_TOO_LARGE(413, "request body too large"),
        URI_TOO_LONG(414, "request target too long"),
        /** The body is well formed but what it holds cannot be used (an import's files have problems); nothing was done. */
        UNPROCESSABLE_CONTENT(422, "the request's content has problems; nothing was applied"),
        UNSUPPORTED_MEDIA_TYPE(415, "unsupported content type; send application/json"),
        HEADERS_TOO_LARGE(431, "request header fields too large");

        final int status;
        private final String description;

        Http(int status, String description) {
            this.status = status;
            this.description = description;
        }
    }

    public static int status(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case UNSUPPORTED -> 422;
            case DEVICE_REJECTED, PROTOCOL_ERROR, SECURE_CHANNEL_FAILED, AUTHENTICATION_FAILED -> 502;
            case STORAGE_FULL -> 507;
            case DEVICE_OFFLINE, DEVICE_BUSY, CONNECTION_CLOSED -> 503;
            case DEVICE_TIMEOUT -> 504;
            case BAD_CONFIG, INTERNAL -> 500;
        };
    }

    public static int status(PolicyCode code) {
        return switch (code) {
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case LOCKDOWN_ACTIVE, CONFLICT -> 409;
            case RATE_LIMITED -> 429;
        };
    }

    /** The problem document for a code; {@code detail} is shown as given (never for a 500). */
    public static JsonObject problem(ErrorCode code, String detail) {
        return problem(code.name(), code.description(), status(code), detail);
    }

    public static JsonObject problem(PolicyCode code, String detail) {
        return problem(code.name(), code.description(), status(code), detail);
    }

    static JsonObject problem(Http code, String detail) {
        return problem(code.name(), code.description, code.status, detail);
    }

    private static JsonObject problem(String code, String description, int status, String detail) {
        return new JsonObject()
                .put("type", TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("title", Character.toUpperCase(description.charAt(0)) + description.substring(1))
                .put("status", status)
                .put("detail", detail == null ? description : detail)
                .put("code", code);
    }

    /** Ends the response with the problem; does nothing when the response has already started. */
    public static Future<Void> send(RoutingContext ctx, ErrorCode code, String detail) {
        return send(ctx, problem(code, detail));
    }

    /** Sends a gateway refusal; {@link BearerAuth#refuse} audits it first. */
    static Future<Void> send(RoutingContext ctx, PolicyException refusal) {
        return send(ctx, problem(refusal.code(), refusal.getMessage()));
    }

    static Future<Void> send(RoutingContext ctx, Http code, String detail) {
        return send(ctx, problem(code, detail));
    }

    /** Sends a problem made here, perhaps with extension members (RFC 9457 section 3.2). */
    static Future<Void> send(RoutingContext ctx, JsonObject problem) {
        ctx.put(ApiMetrics.ERROR_CODE, problem.getString("code"));
        return send(ctx.response(), problem);
    }

    /** Ends {@code res} with {@code problem}; for answers given before there is a routing context. */
    static Future<Void> send(HttpServerResponse res, JsonObject problem) {
        if (res.headWritten() || res.ended()) return Future.succeededFuture();
        return res.setStatusCode(problem.getInteger("status")).putHeader("Content-Type", CONTENT_TYPE).end(problem.encode());
    }

    /** The stable code {@code t} is answered with, e.g. {@code DEVICE_TIMEOUT}, {@code LOCKDOWN_ACTIVE}. */
    static String codeOf(Throwable t) {
        return t instanceof PolicyException p ? p.code().name() : WardenException.codeOf(t).name();
    }

    /**
     * Sends {@code t} as a problem: its code when it is a {@link WardenException} or
     * {@link PolicyException}, else a 500 with a log reference.
     */
    public static Future<Void> send(RoutingContext ctx, Throwable t) {
        if (t instanceof PolicyException p) return send(ctx, p);
        ErrorCode code = WardenException.codeOf(t);
        if (status(code) == 500) return internal(ctx, t);
        return send(ctx, code, t.getMessage());
    }

    private static Future<Void> internal(RoutingContext ctx, Throwable t) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("event=api_internal_error ref={} method={} path={} error=\"{}\"", ref, ctx.request().method(),
                ctx.request().path(), t, t);
        return send(ctx, ErrorCode.INTERNAL, "internal error, reference " + ref);
    }

    /** The router's failure handler: validation failures, 404/405 of the router, anything thrown. */
    static void failureHandler(RoutingContext ctx) {
        Throwable t = ctx.failure();
        ValidatorException v = validation(t);
        if (v != null) {
            send(ctx, ErrorCode.BAD_REQUEST, validationDetail(v));
        } else if (t instanceof WardenException || t instanceof PolicyException) {
            send(ctx, t);
        } else if (t instanceof HttpException h && h.getStatusCode() < 500) {
            sendStatus(ctx, h.getStatusCode());
        } else if (t == null) {
            sendStatus(ctx, ctx.statusCode());
        } else {
            internal(ctx, t);
        }
    }

    /** Router errors without an exception (no route, method not allowed, body too large). */
    static void sendStatus(RoutingContext ctx, int status) {
        switch (status) {
            case 404 -> send(ctx, ErrorCode.NOT_FOUND, "no such resource: " + ctx.request().path());
            case 405 -> send(ctx, Http.METHOD_NOT_ALLOWED, "method " + ctx.request().method() + " not allowed on " + ctx.request().path());
            case 413 -> send(ctx, Http.CONTENT_TOO_LARGE, "request body too large: at most " + RequestBodies.limitText(ctx));
            case 415 -> send(ctx, Http.UNSUPPORTED_MEDIA_TYPE, null);
            default -> {
                if (status >= 400 && status < 500) send(ctx, ErrorCode.BAD_REQUEST, null);
                else internal(ctx, new IllegalStateException("status " + status));
            }
        }
    }

    private static ValidatorException validation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ValidatorException v) return v;
        }
        return null;
    }

    /** Says which parameter or body field is wrong and why, in words (no Java types). */
    static String validationDetail(ValidatorException e) {
        if (e instanceof SchemaValidationException s && s.getOutputUnit() != null) {
            OutputUnit unit = mostSpecific(s.getOutputUnit());
            String where = fieldOf(unit.getInstanceLocation());
            String keyword = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
            String why = keyword.endsWith("additionalProperties") ? "unknown field"
                    : unit.getError() == null ? "invalid value" : unit.getError();
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (msg.contains("request body")) return where.isEmpty() ? "body: " + why : "body field '" + where + "': " + why;
            String param = paramOf(msg);
            return param != null ? param + ": " + why : why;
        }
        String msg = e.getMessage() == null ? "invalid request" : e.getMessage();
        if (e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER && msg.contains("body")) return "request body is required";
        if (msg.contains("body") || msg.toLowerCase(Locale.ROOT).contains("decode")) {
            if (!msg.contains("parameter")) return "request body is not valid JSON";
        }
        return msg;
    }

    /**
     * The error that names the field best: deepest instance location, then the most specific keyword
     * ({@code #/properties/seconds/minimum} over {@code #/properties} and {@code #/additionalProperties}).
     */
    private static OutputUnit mostSpecific(OutputUnit root) {
        OutputUnit best = root;
        for (OutputUnit u : leaves(root, new ArrayList<>())) {
            if (u.getError() == null) continue;
            int c = Integer.compare(depth(u), depth(best));
            if (c > 0 || c == 0 && keywordLength(u) > keywordLength(best) || best.getError() == null) best = u;
        }
        return best;
    }

    private static List<OutputUnit> leaves(OutputUnit u, List<OutputUnit> out) {
        out.add(u);
        if (u.getErrors() != null) for (OutputUnit e : u.getErrors()) leaves(e, out);
        return out;
    }

    private static int keywordLength(OutputUnit u) {
        String k = u.getKeywordLocation();
        return k == null || k.endsWith("additionalProperties") ? 0 : k.length();
    }

    private static int depth(OutputUnit u) {
        String loc = fieldOf(u.getInstanceLocation());
        return u.getInstanceLocation() == null ? -1 : loc.isEmpty() ? 0 : loc.split("\\.").length;
    }

    /** "#/scope/doors/0" or "/scope/doors/0" → "scope.doors.0". */
    private static String fieldOf(String location) {
        if (location == null) return "";
        String s = location.startsWith("#") ? location.substring(1) : location;
        if (s.startsWith("/")) s = s.substring(1);
        return s.replace('/', '.');
    }

    /** "The value of query parameter limit is invalid. ..." → "query parameter 'limit'". */
    private static String paramOf(String msg) {
        int i = msg.indexOf(" parameter ");
        if (i < 0) return null;
        int start = msg.lastIndexOf(' ', i - 1) + 1;
        int end = msg.indexOf(' ', i + 11);
        String name = end < 0 ? msg.substring(i + 11) : msg.substring(i + 11, end);
        return msg.substring(start, i) + " parameter '" + name + "'";
    }
}
