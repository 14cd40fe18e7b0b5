package io.warden.gateway.console;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.api.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's pages and files, served from the jar's {@code console/} directory: nothing is read
 * from the working directory and nothing from another site. Only names of the form
 * {@code dir/name.ext} with a known extension are served (no hidden files, no directory listings),
 * each with its content type, {@code nosniff} (set for every answer), a strong ETag and
 * {@code Cache-Control: no-cache}: a browser keeps the file but asks each time whether it changed, so
 * a new gateway's pages are never mixed with an old one's scripts. A file is read once, on a worker,
 * then kept in memory (the jar does not change while it runs; only files that exist are kept).
 */
public final class ConsoleAssets {
    /** Where the files are on the classpath. */
    public static final String ROOT = "console/";
    /** Where they are served, e.g. {@code /console/js/api.js}. */
    public static final String PREFIX = "/console/";
    private static final int MAX_NAME = 200;
    private static final Pattern NAME = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\\.([a-z0-9]+)");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"));

    private record Asset(Buffer body, String type, String etag) {}

    private final Vertx vertx;
    private final ClassLoader loader;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    public ConsoleAssets(Vertx vertx) {
        this.vertx = vertx;
        this.loader = ConsoleAssets.class.getClassLoader();
    }

    /** A handler answering with one page, e.g. {@code doors.html}. */
    public Handler<RoutingContext> page(String file) {
        return ctx -> serve(ctx, file);
    }

    /** {@code GET /console/<name>}: the file of that name. */
    public void file(RoutingContext ctx) {
        String path = ctx.request().path();
        serve(ctx, path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "");
    }

    private void serve(RoutingContext ctx, String name) {
        var m = NAME.matcher(name);
        String type = name.length() <= MAX_NAME && m.matches() ? TYPES.get(m.group(1)) : null;
        if (type == null) {
            notFound(ctx);
            return;
        }
        Asset known = cache.get(name);
        Future<Asset> asset = known != null ? Future.succeededFuture(known) : vertx.executeBlocking(() -> read(name, type), false);
        asset.onComplete(ar -> {
            if (ar.failed()) {
                Problems.send(ctx, ar.cause());
            } else if (ar.result() == null) {
                notFound(ctx);
            } else {
                cache.putIfAbsent(name, ar.result());
                send(ctx, ar.result());
            }
        });
    }

    private static void send(RoutingContext ctx, Asset a) {
        HttpServerResponse res = ctx.response().putHeader("ETag", a.etag()).putHeader("Cache-Control", "no-cache");
        String match = ctx.request().getHeader("If-None-Match");
        if (match != null && (match.trim().equals("*") || Arrays.stream(match.split(",")).anyMatch(t -> t.trim().equals(a.etag())))) {
            res.setStatusCode(304).end();
            return;
        }
        res.putHeader("Content-Type", a.type()).end(a.body());
    }

    private static void notFound(RoutingContext ctx) {
        Problems.send(ctx, ErrorCode.NOT_FOUND, "no such page or file: " + ctx.request().path());
    }

    /** The file, or null when the jar has none of that name. Blocking. */
    private Asset read(String name, String type) throws IOException {
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            return new Asset(Buffer.buffer(bytes), type, etag(bytes));
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
