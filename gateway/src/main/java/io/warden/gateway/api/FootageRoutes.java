package io.warden.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.footage.EvidenceKey;
import io.warden.gateway.footage.EvidenceZip;
import io.warden.gateway.footage.FootageJob;
import io.warden.gateway.footage.FootageService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /footage} jobs and {@code /evidence/key}. Requests, cancels and downloads are audited by the
 * service (footage.requested before the job runs, footage.cancelled, footage.downloaded); reads of
 * the list and of a job are not. {@code service} null: this node has no footage (lists are empty).
 */
final class FootageRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(FootageRoutes.class);

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

    void list(RoutingContext ctx) {
        JsonArray items = new JsonArray();
        if (service != null) for (FootageJob j : service.jobs()) items.add(j.toJson(false));
        Routes.json(ctx, 200, new JsonObject().put("items", items));
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

    void download(RoutingContext ctx) {
        FootageJob job = job(ctx);
        if (job == null) return;
        service.download(job.id(), BearerAuth.principal(ctx), BearerAuth.source(ctx)).onSuccess(dir -> {
            EvidenceZip.prepare(vertx, dir).compose(zip -> {
                ctx.response().putHeader("Content-Type", "application/zip").putHeader("Content-Length", Long.toString(zip.size()))
                        .putHeader("Content-Disposition", "attachment; filename=\"footage-" + job.id() + ".zip\"");
                return zip.writeTo(ctx.response());
            }).onComplete(ar -> {
                if (ar.succeeded()) {
                    if (!ctx.response().ended()) ctx.response().end();
                } else if (!ctx.response().headWritten()) {
                    Problems.send(ctx, ar.cause());
                } else {
                    // Too late for a problem: cut the connection, so the client sees a broken zip, not a short one.
                    LOG.error("event=footage_zip_failed job={} error=\"{}\"", job.id(), ar.cause().toString());
                    ctx.response().reset();
                }
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
