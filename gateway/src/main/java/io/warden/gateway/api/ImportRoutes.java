package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.people.DirectoryService;
import io.warden.gateway.people.ImportFiles;
import io.warden.gateway.people.ImportRequest;
import java.util.Locale;
import java.util.Map;

/**
 * The district's files: the people import (plain CSV, a OneRoster {@code users.csv} alone, or a
 * OneRoster zip) and the school calendar (iCalendar). The body may be large (see
 * {@link RequestBodies}); unpacking a zip runs on a worker. An import whose files have problems is
 * answered 422 with the whole report: nothing was applied.
 */
final class ImportRoutes {
    static final String ZIP = "application/zip";
    /** The name a lone OneRoster {@code users.csv} is imported under; a plain CSV keeps this one. */
    static final String USERS_CSV = "users.csv";
    static final String PLAIN_CSV = "people.csv";

    private final Vertx vertx;
    private final DirectoryService directory;

    ImportRoutes(Vertx vertx, DirectoryService directory) {
        this.vertx = vertx;
        this.directory = directory;
    }

    void importPeople(RoutingContext ctx) {
        byte[] body = body(ctx, "a CSV file (text/csv) or a OneRoster zip (application/zip)");
        boolean zip = ZIP.equals(mediaType(ctx));
        String format = ctx.queryParams().get("format");
        if (format == null) format = zip ? "oneroster" : "csv";
        if (zip && !format.equals("oneroster")) {
            throw new WardenException(ErrorCode.BAD_REQUEST, "query parameter 'format': a zip is a OneRoster export; send a plain CSV as text/csv");
        }
        boolean dryRun = PeopleRoutes.flag(ctx, "dryRun", false);
        boolean fullSync = PeopleRoutes.flag(ctx, "fullSync", format.equals("oneroster"));
        String fmt = format;
        Future<Map<String, byte[]>> files = zip
                ? vertx.executeBlocking(() -> ImportFiles.fromZip(body), false)
                : Future.succeededFuture(Map.of(fmt.equals("oneroster") ? USERS_CSV : PLAIN_CSV, body));
        files.compose(f -> directory.importPeople(new ImportRequest(fmt, f, dryRun, fullSync), BearerAuth.principal(ctx),
                        BearerAuth.source(ctx)))
                .onSuccess(report -> {
                    JsonObject json = PeopleJson.report(report);
                    if (report.problems().isEmpty()) {
                        Routes.json(ctx, 200, json);
                        return;
                    }
                    int n = report.problems().size();
                    Problems.send(ctx, Problems.problem(Problems.Http.UNPROCESSABLE_CONTENT, n + (n == 1 ? " problem" : " problems")
                            + " in the files, first " + report.problems().get(0) + "; nothing was applied").put("report", json));
                })
                .onFailure(t -> Problems.send(ctx, t));
    }

    void listCalendar(RoutingContext ctx) {
        Routes.json(ctx, 200, new JsonObject().put("items", PeopleJson.days(directory.current().calendar())));
    }

    void importCalendar(RoutingContext ctx) {
        byte[] body = body(ctx, "an iCalendar file (text/calendar)");
        directory.importCalendar(body, PeopleRoutes.flag(ctx, "dryRun", false), BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(r -> Routes.json(ctx, 200, PeopleJson.calendarReport(r)))
                .onFailure(t -> Problems.send(ctx, t));
    }

    private static byte[] body(RoutingContext ctx, String what) {
        if (ctx.body() == null || ctx.body().isEmpty()) {
            throw new WardenException(ErrorCode.BAD_REQUEST, "request body is required: " + what);
        }
        return ctx.body().buffer().getBytes();
    }

    private static String mediaType(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
