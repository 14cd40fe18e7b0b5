package io.warden.gateway.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.access.AccessQuestions;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.DirectoryService;
import io.warden.gateway.people.Person;
import java.time.Clock;
import java.time.Instant;

/**
 * Who can open what, and who went through a door. The answers that name people (who can open a
 * door, the door's entries) are reads of student records, audited ({@code people.read}) before they
 * are served. Entries come from the audit trail (its {@code access.granted} / {@code access.denied}
 * records hold person and card ids, never names) joined with the directory as it is now.
 */
final class AccessRoutes {
    static final String GRANTED = "access.granted";
    static final String DENIED = "access.denied";
    /** As openapi.yaml's {@code limit} maximum. */
    private static final int MAX_LIMIT = 1000;

    private final AccessQuestions questions;
    private final DirectoryService directory;
    private final DoorService doors;
    private final AuditStore audit;
    private final Clock clock;

    AccessRoutes(AccessQuestions questions, DirectoryService directory, DoorService doors, AuditStore audit, Clock clock) {
        this.questions = questions;
        this.directory = directory;
        this.doors = doors;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a card opens says which groups its holder is in (a student's, say): a read of a person, audited like the others. */
    void cardAccess(RoutingContext ctx) {
        String card = ctx.pathParam("card");
        Instant at = at(ctx);
        AuditRoutes.record(audit, clock, ctx, "people.read", null, "what card " + card + " can open at " + at)
                .map(r -> {
                    JsonArray items = new JsonArray();
                    for (AccessQuestions.DoorAccess d : questions.whatCanOpen(card, at)) {
                        items.add(new JsonObject().put("door", d.doorId()).put("name", d.doorName()).put("group", d.group())
                                .put("schedule", d.schedule()));
                    }
                    return new JsonObject().put("card", card).put("at", at.toString()).put("items", items);
                })
                .onSuccess(json -> Routes.json(ctx, 200, json))
                .onFailure(t -> Problems.send(ctx, t));
    }

    void doorAccess(RoutingContext ctx) {
        String door = ctx.pathParam("id");
        Instant at = at(ctx);
        knownDoor(door);
        AuditRoutes.record(audit, clock, ctx, "people.read", door, "who can open door " + door + " at " + at)
                .map(r -> {
                    JsonArray items = new JsonArray();
                    for (AccessQuestions.PersonAccess p : questions.whoCanOpen(door, at)) {
                        items.add(new JsonObject().put("person", p.personId()).put("name", p.name()).put("kind", p.kind())
                                .put("cards", new JsonArray(p.cards())).put("group", p.group()).put("schedule", p.schedule()));
                    }
                    return new JsonObject().put("door", door).put("at", at.toString()).put("items", items);
                })
                .onSuccess(json -> Routes.json(ctx, 200, json))
                .onFailure(t -> Problems.send(ctx, t));
    }

    /**
     * One page of the door's decisions, ascending by seq. With denials, the trail's other records of
     * the door are read and left out, so a page may hold fewer than {@code limit}: follow {@code next}.
     */
    void entries(RoutingContext ctx) {
        String door = ctx.pathParam("id");
        MultiMap q = ctx.queryParams();
        Instant from = AuditRoutes.instant("query parameter 'from'", q.get("from"));
        Instant to = AuditRoutes.instant("query parameter 'to'", q.get("to"));
        boolean denied = PeopleRoutes.flag(ctx, "denied", false);
        int limit = (int) Routes.wholeNumber(ctx, "limit", 100, 1, MAX_LIMIT);
        long cursor = Routes.wholeNumber(ctx, "cursor", 0, 0, Long.MAX_VALUE);
        knownDoor(door);
        AuditQuery query = new AuditQuery(from, to, null, null, door, null, null, denied ? null : GRANTED, null, limit, cursor);
        String detail = "entries door=" + door + (from == null ? "" : " from=" + from) + (to == null ? "" : " to=" + to)
                + (denied ? " denied=true" : "");
        AuditRoutes.record(audit, clock, ctx, "people.read", door, detail)
                .compose(r -> audit.query(query))
                .onSuccess(page -> {
                    Directory d = directory.current();
                    JsonArray items = new JsonArray();
                    for (AuditRecord r : page.items()) {
                        String type = r.entry().type();
                        if (type.equals(GRANTED) || type.equals(DENIED)) items.add(entry(r, d));
                    }
                    Routes.json(ctx, 200, new JsonObject().put("items", items).put("next", page.next()));
                })
                .onFailure(t -> Problems.send(ctx, t));
    }

    private static JsonObject entry(AuditRecord r, Directory d) {
        AuditEntry e = r.entry();
        Person p = e.actor() == null ? null : d.person(e.actor()).orElse(null);
        return new JsonObject().put("seq", r.seq()).put("time", ApiJson.text(e.time())).put("result", e.result())
                .put("person", p == null && "unknown".equals(e.actor()) ? null : e.actor())
                .put("name", p == null ? null : p.name()).put("kind", p == null ? null : p.kind().id())
                .put("card", e.credential()).put("action", e.action()).put("detail", e.detail());
    }

    private void knownDoor(String door) {
        if (doors.door(door).isEmpty()) throw new WardenException(ErrorCode.NOT_FOUND, "no door '" + door + "'");
    }

    private Instant at(RoutingContext ctx) {
        Instant at = AuditRoutes.instant("query parameter 'at'", ctx.queryParams().get("at"));
        return at == null ? clock.instant() : at;
    }
}
