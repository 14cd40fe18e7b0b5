package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditExport;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.Rfc3339;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading the trail: query, export, verify. Each read is itself audited, and the audit record is
 * durable before any data goes out: if the read cannot be recorded, it is not served.
 */
final class AuditRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRoutes.class);
    static final int EXPORT_PAGE = 500;
    /** As openapi.yaml's {@code limit} maximum. */
    private static final int MAX_LIMIT = 1000;
    private static final List<String> FILTERS = List.of("from", "to", "site", "zone", "door", "actor", "credential", "type", "result");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final AuditStore audit;
    private final Clock clock;

    AuditRoutes(AuditStore audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void query(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        int limit = (int) Routes.wholeNumber(ctx, "limit", 100, 1, MAX_LIMIT);
        long cursor = Routes.wholeNumber(ctx, "cursor", 0, 0, Long.MAX_VALUE);
        AuditQuery query = filters(q, limit, cursor);
        record(ctx, "audit.query", describe(q))
                .compose(v -> audit.query(query))
                .onSuccess(page -> {
                    JsonArray items = new JsonArray();
                    for (AuditRecord r : page.items()) items.add(ApiJson.auditItem(r));
                    Routes.json(ctx, 200, new JsonObject().put("items", items).put("next", page.next()));
                })
                .onFailure(t -> Problems.send(ctx, t));
    }

    void verify(RoutingContext ctx) {
        record(ctx, "audit.verify", null)
                .compose(v -> audit.verify())
                .onSuccess(v -> Routes.json(ctx, 200, v.toJson()))
                .onFailure(t -> Problems.send(ctx, t));
    }

    /** Streams every matching record, page by page; the next page is read only once the last one was written. */
    void export(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        boolean csv = !"ndjson".equals(q.get("format"));
        AuditQuery query = filters(q, EXPORT_PAGE, 0);
        Function<AuditRecord, String> row = csv ? AuditExport::csvRow : AuditExport::ndjson;
        String file = "warden-audit-" + FILE_TIME.format(clock.instant()) + (csv ? ".csv" : ".ndjson");
        record(ctx, "audit.export", "format=" + (csv ? "csv" : "ndjson") + " " + describe(q))
                .onFailure(t -> Problems.send(ctx, t))
                .onSuccess(v -> {
                    HttpServerResponse res = ctx.response().setChunked(true)
                            .putHeader("Content-Type", csv ? "text/csv; charset=utf-8" : "application/x-ndjson")
                            .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
                            .putHeader("Cache-Control", "no-store");
                    Future<Void> header = csv ? res.write(AuditExport.csvHeader()) : Future.succeededFuture();
                    header.compose(x -> pages(res, query, row))
                            .onSuccess(x -> res.end())
                            .onFailure(t -> {
                                // Headers are out: a problem body is impossible. Reset so the client sees a failed download, not a short file.
                                LOG.warn("event=audit_export_aborted error=\"{}\"", t.toString());
                                res.reset();
                            });
                });
    }

    private Future<Void> pages(HttpServerResponse res, AuditQuery query, Function<AuditRecord, String> row) {
        if (res.closed()) return Future.failedFuture("client went away");
        return audit.query(query).compose(page -> {
            Buffer chunk = Buffer.buffer();
            for (AuditRecord r : page.items()) chunk.appendString(row.apply(r));
            Future<Void> written = chunk.length() == 0 ? Future.succeededFuture() : res.write(chunk);
            return written.compose(v -> drained(res)).compose(v -> next(res, query, page, row));
        });
    }

    private Future<Void> next(HttpServerResponse res, AuditQuery query, AuditPage page, Function<AuditRecord, String> row) {
        if (page.next() == null || page.items().isEmpty()) return Future.succeededFuture();
        return pages(res, query.after(page.next()), row);
    }

    private static Future<Void> drained(HttpServerResponse res) {
        if (!res.writeQueueFull()) return Future.succeededFuture();
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        res.drainHandler(v -> p.tryComplete());
        res.closeHandler(v -> p.tryFail("client went away"));
        return p.future();
    }

    private Future<AuditRecord> record(RoutingContext ctx, String type, String detail) {
        return record(audit, clock, ctx, type, null, detail);
    }

    /**
     * Records a sensitive read by the request's principal (action: method and path); the caller serves
     * the data only once this succeeded.
     */
    static Future<AuditRecord> record(AuditStore audit, Clock clock, RoutingContext ctx, String type, String door, String detail) {
        Principal who = BearerAuth.principal(ctx);
        String action = ctx.request().method().name() + " " + ctx.request().path();
        return audit.append(new AuditEntry(clock.instant(), type, who.name(), BearerAuth.source(ctx), null, null, door, null,
                null, action, "ok", detail));
    }

    private static AuditQuery filters(MultiMap q, int limit, long after) {
        return new AuditQuery(instant("from", q.get("from")), instant("to", q.get("to")), q.get("site"), q.get("zone"), q.get("door"),
                q.get("actor"), q.get("credential"), q.get("type"), q.get("result"), limit, after);
    }

    /** A time the API was given, null when absent; BAD_REQUEST naming {@code field} when it is not RFC 3339. */
    static Instant instant(String field, String s) {
        if (s == null) return null;
        try {
            return Rfc3339.parse(s);
        } catch (DateTimeException e) {
            throw new WardenException(ErrorCode.BAD_REQUEST, field + ": '" + s + "' is not an RFC 3339 date-time such as " + Rfc3339.EXAMPLES);
        }
    }

    /** The filters as "key=value ..." for the audit detail (the query string minus paging). */
    private static String describe(MultiMap q) {
        StringBuilder b = new StringBuilder();
        for (String k : FILTERS) {
            String v = q.get(k);
            if (v != null) b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v);
        }
        return b.length() == 0 ? "all" : b.toString();
    }
}
