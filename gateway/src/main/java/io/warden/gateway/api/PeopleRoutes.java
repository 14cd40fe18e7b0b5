package io.warden.gateway.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.CardNumber;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.DirectoryService;
import io.warden.gateway.people.Person;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * People and their cards and PINs. Reads are reads of student records: each is audited
 * ({@code people.read}) before anything is served, as audit queries are. Changes go through the
 * directory service, which audits them itself. A PIN is checked here and handed on, never echoed,
 * logged or put in an audit record.
 */
final class PeopleRoutes {
    /** As openapi.yaml's {@code limit} maximum. */
    private static final int MAX_LIMIT = 1000;
    private static final Pattern PIN = Pattern.compile("[0-9]{4,8}");

    private final DirectoryService directory;
    private final AuditStore audit;
    private final Clock clock;

    PeopleRoutes(DirectoryService directory, AuditStore audit, Clock clock) {
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    /** One page of the people matching the filters, in the order they were added; the cursor is a position in that order. */
    void list(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        int limit = (int) Routes.wholeNumber(ctx, "limit", 100, 1, MAX_LIMIT);
        long cursor = Routes.wholeNumber(ctx, "cursor", 0, 0, Long.MAX_VALUE);
        String kind = q.get("kind");
        String school = q.get("school");
        String status = q.get("status");
        String search = q.get("q") == null ? null : q.get("q").toLowerCase(Locale.ROOT);
        AuditRoutes.record(audit, clock, ctx, "people.read", null, describe(q)).onFailure(t -> Problems.send(ctx, t)).onSuccess(r -> {
            Directory d = directory.current();
            List<Person> matching = new ArrayList<>();
            for (Person p : d.people()) {
                if (kind != null && !p.kind().id().equals(kind)) continue;
                if (status != null && !p.status().id().equals(status)) continue;
                if (school != null && !p.schools().contains(school)) continue;
                if (search != null && !p.name().toLowerCase(Locale.ROOT).contains(search) && !p.id().toLowerCase(Locale.ROOT).contains(search)) {
                    continue;
                }
                matching.add(p);
            }
            JsonArray items = new JsonArray();
            long end = Math.min(matching.size(), cursor + limit);
            for (long i = cursor; i < end; i++) {
                Person p = matching.get((int) i);
                items.add(PeopleJson.person(p, d.cardsOf(p.id())));
            }
            Routes.json(ctx, 200, new JsonObject().put("items", items).put("next", end < matching.size() ? end : null));
        });
    }

    void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        AuditRoutes.record(audit, clock, ctx, "people.read", null, "person " + id).onFailure(t -> Problems.send(ctx, t)).onSuccess(r -> {
            Directory d = directory.current();
            d.person(id).ifPresentOrElse(p -> Routes.json(ctx, 200, PeopleJson.person(p, d.cardsOf(id))),
                    () -> Problems.send(ctx, ErrorCode.NOT_FOUND, "no person '" + id + "'"));
        });
    }

    void assignCard(RoutingContext ctx) {
        String text = Routes.body(ctx).getString("card").strip();
        CardNumber card;
        try {
            card = CardNumber.parse(text);
        } catch (IllegalArgumentException e) {
            throw new WardenException(ErrorCode.BAD_REQUEST, "body field 'card': " + e.getMessage());
        }
        directory.assignCard(ctx.pathParam("id"), card, BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(c -> Routes.json(ctx, 200, PeopleJson.card(c)))
                .onFailure(t -> Problems.send(ctx, t));
    }

    void setCardStatus(RoutingContext ctx) {
        CardStatus status = CardStatus.parse(Routes.body(ctx).getString("status"));
        directory.setCardStatus(ctx.pathParam("card"), status, BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(c -> Routes.json(ctx, 200, PeopleJson.card(c)))
                .onFailure(t -> Problems.send(ctx, t));
    }

    /** The PIN is checked here so that a wrong one never travels further, and no answer or log line ever shows it. */
    void setPin(RoutingContext ctx) {
        String pin = Routes.body(ctx).getString("pin");
        if (pin != null && !PIN.matcher(pin).matches()) {
            Problems.send(ctx, ErrorCode.BAD_REQUEST, "body field 'pin': must be 4 to 8 digits, or null to clear the PIN");
            return;
        }
        directory.setPin(ctx.pathParam("id"), pin, BearerAuth.principal(ctx), BearerAuth.source(ctx))
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(t -> Problems.send(ctx, withoutPin(t, pin)));
    }

    /**
     * A failure whose message cannot carry the PIN: expected refusals keep their code with the PIN
     * masked; anything else becomes a bare 500 (its log line names only the exception's type).
     */
    static Throwable withoutPin(Throwable t, String pin) {
        String msg = t.getMessage() == null ? null : pin == null ? t.getMessage() : t.getMessage().replace(pin, "****");
        if (t instanceof PolicyException p) return new PolicyException(p.code(), msg);
        if (t instanceof WardenException w) return new WardenException(w.code(), msg);
        return new IllegalStateException("setting a PIN failed: " + t.getClass().getName());
    }

    /** The filters for the audit detail; the search text is left out (it may be a name). */
    private static String describe(MultiMap q) {
        StringBuilder b = new StringBuilder("people");
        for (String k : List.of("kind", "school", "status")) {
            if (q.get(k) != null) b.append(' ').append(k).append('=').append(q.get(k));
        }
        if (q.get("q") != null) b.append(" search");
        return b.toString();
    }

    static boolean flag(RoutingContext ctx, String name, boolean absent) {
        String v = ctx.queryParams().get(name);
        return v == null ? absent : Boolean.parseBoolean(v);
    }

}
