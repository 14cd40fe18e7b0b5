package io.warden.gateway.api;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.footage.EvidenceKey;
import io.warden.gateway.footage.EvidenceZip;
import io.warden.gateway.footage.FootageJob;
import io.warden.gateway.footage.FootagePage;
import io.warden.gateway.footage.FootageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /footage} jobs and {@code /evidence/key}. Requests, cancels and downloads are audited by the
 * service (footage.requested before the job runs, footage.cancelled, footage.downloaded requested then ok/failed); reads of
 * the list and of a job are not. {@code service} null: this node has no footage (lists are empty).
 */
final class FootageRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(FootageRoutes.class);

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final Vertx vertx;
    private final FootageService service;

    FootageRoutes(Vertx vertx, FootageService service) {
        this.vertx = vertx;
        this.service = service;
    }

    void request(RoutingContext ctx) {
        if (service == null) {
            Problems.send(ctx, ErrorCode.NOT_FOUND, "no cameras are configured on this gateway");
            return;
        }
        service.request(Routes.body(ctx), BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(job -> {
                    String location = "/api/v1/footage/" + job.id();
                    ctx.response().putHeader("Location", location);
                    Routes.json(ctx, 202, new JsonObject().put("id", job.id()).put("status", job.status().id()));
                })
                .onFailure(t -> Problems.send(ctx, t));
    }

    /** A page of jobs, newest first: {@code limit} (1..500, default 100) after {@code cursor}; all in memory, no file read. */
    void list(RoutingContext ctx) {
        String cursor = ctx.queryParams().get("cursor");
        int limit = (int) Routes.wholeNumber(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        JsonArray items = new JsonArray();
        String next = null;
        if (service != null) {
            FootagePage page;
            try {
                page = service.page(limit, cursor == null || cursor.isEmpty() ? null : cursor);
            } catch (WardenException e) {
                Problems.send(ctx, e);
                return;
            }
            for (FootageJob j : page.items()) items.add(j.toJson(false));
            next = page.next();
        } else if (cursor != null && !cursor.isEmpty()) {
            Problems.send(ctx, ErrorCode.BAD_REQUEST, "cursor '" + cursor + "' is not a footage job of this gateway");
            return;
        }
        Routes.json(ctx, 200, new JsonObject().put("items", items).put("next", next));
    }

    void get(RoutingContext ctx) {
        FootageJob job = job(ctx);
        if (job != null) Routes.json(ctx, 200, job.toJson(false));
    }

    void cancel(RoutingContext ctx) {
        if (job(ctx) == null) return;
        Principal who = BearerAuth.principal(ctx);
        service.cancel(ctx.pathParam("id"), who, BearerAuth.source(ctx))
                .onSuccess(job -> Routes.json(ctx, 200, job.toJson(false)))
                .onFailure(t -> Problems.send(ctx, t));
    }

    /**
     * The package, once its download is on record (else refused); its end is recorded too: ok once every byte went
     * out, failed with the bytes sent when the stream broke (the client went away, a file could not be read).
     */
    void download(RoutingContext ctx) {
        FootageJob job = job(ctx);
        if (job == null) return;
        HttpServerResponse res = ctx.response();
        service.download(job.id(), BearerAuth.principal(ctx), BearerAuth.source(ctx)).onSuccess(d -> {
            Promise<Void> sent = Promise.promise();
            long[] size = {-1};
            // A client that goes away may leave the copy waiting for a drain that never comes: its close ends the download.
            res.closeHandler(v -> sent.tryFail(new WardenException(ErrorCode.CONNECTION_CLOSED, "the client closed the connection")));
            EvidenceZip.prepare(vertx, d.dir()).compose(zip -> {
                size[0] = zip.size();
                res.putHeader("Content-Type", "application/zip").putHeader("Content-Length", Long.toString(zip.size()))
                        .putHeader("Content-Disposition", "attachment; filename=\"footage-" + job.id() + ".zip\"");
                return zip.writeTo(res);
            }).onComplete(sent);
            sent.future().onComplete(ar -> {
                if (ar.succeeded()) {
                    if (!res.ended()) res.end();
                } else if (!res.headWritten()) {
                    if (!res.closed()) Problems.send(ctx, ar.cause());
                } else {
                    // Too late for a problem: cut the connection, so the client sees a broken zip, not a short one.
                    LOG.warn("event=footage_zip_failed job={} bytes={} error=\"{}\"", job.id(), res.bytesWritten(), ar.cause().toString());
                    if (!res.closed()) res.reset();
                }
                service.downloadEnded(d, res.bytesWritten(), size[0], ar.cause());
            });
        }).onFailure(t -> Problems.send(ctx, t));
    }

    void evidenceKey(RoutingContext ctx) {
        EvidenceKey key = service == null ? null : service.key();
        if (key == null) {
            Problems.send(ctx, ErrorCode.NOT_FOUND, "this gateway has no evidence signing key (no cameras, or it could not be loaded: see its log)");
            return;
        }
        String pem = key.publicKeyPem();
        Routes.json(ctx, 200, new JsonObject().put("algorithm", "Ed25519").put("publicKeyPem", pem).put("fingerprint", key.fingerprint()));
    }

    private FootageJob job(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        FootageJob job = service == null ? null : service.job(id).orElse(null);
        if (job == null) Problems.send(ctx, ErrorCode.NOT_FOUND, "no footage job '" + id + "'");
        return job;
    }
}
