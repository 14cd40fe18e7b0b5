package io.warden.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.CalendarReport;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.ImportProblem;
import io.warden.gateway.people.ImportReport;
import io.warden.gateway.people.Person;
import java.util.List;

/** The directory's JSON shapes (openapi.yaml's Person, Card, ImportReport, CalendarDay). A PIN hash never leaves here. */
final class PeopleJson {
    private PeopleJson() {}

    static JsonObject person(Person p, List<Card> cards) {
        JsonArray cs = new JsonArray();
        for (Card c : cards) cs.add(new JsonObject().put("id", c.id()).put("status", c.status().id()));
        return new JsonObject().put("id", p.id()).put("name", p.name()).put("kind", p.kind().id()).put("sisId", p.sisId())
                .put("schools", new JsonArray(p.schools())).put("status", p.status().id())
                .put("validFrom", ApiJson.text(p.validFrom())).put("validUntil", ApiJson.text(p.validUntil()))
                .put("lockdownEntry", p.lockdownEntry()).put("pin", p.pinHash() != null).put("source", p.source())
                .put("cards", cs);
    }

    static JsonObject card(Card c) {
        return new JsonObject().put("id", c.id()).put("person", c.personId()).put("status", c.status().id());
    }

    static JsonObject report(ImportReport r) {
        JsonArray problems = new JsonArray();
        for (ImportProblem p : r.problems()) {
            problems.add(new JsonObject().put("file", p.file()).put("line", p.line()).put("column", p.column()).put("message", p.message()));
        }
        return new JsonObject().put("format", r.format()).put("added", changes(r.added())).put("changed", changes(r.changed()))
                .put("suspended", changes(r.suspended())).put("unchanged", r.unchanged()).put("skipped", r.skipped()).put("problems", problems)
                .put("applied", r.applied());
    }

    private static JsonArray changes(List<ImportReport.Change> changes) {
        JsonArray out = new JsonArray();
        for (ImportReport.Change c : changes) {
            out.add(new JsonObject().put("person", c.personId()).put("name", c.name()).put("fields", new JsonArray(c.fields())));
        }
        return out;
    }

    static JsonObject day(CalendarDay d) {
        return new JsonObject().put("date", d.date().toString()).put("kind", d.kind().id()).put("name", d.name());
    }

    static JsonArray days(Iterable<CalendarDay> days) {
        JsonArray out = new JsonArray();
        for (CalendarDay d : days) out.add(day(d));
        return out;
    }

    static JsonObject calendarReport(CalendarReport r) {
        return new JsonObject().put("days", days(r.days())).put("skipped", new JsonArray(r.skipped())).put("added", r.added())
                .put("removed", r.removed()).put("applied", r.applied());
    }
}
