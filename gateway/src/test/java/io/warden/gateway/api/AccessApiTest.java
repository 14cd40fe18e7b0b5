package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.gateway.api.ApiTestBase.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.warden.gateway.audit.AuditEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who can open what, and who went through a door: answered to investigators, audited when they name people. */
class AccessApiTest extends DirectoryApiTestBase {
    private static final Instant T = Instant.parse("2026-12-01T07:40:00Z");

    @Test
    void whatACardOpensIsAnsweredAtNowOrAtTheInstantAsked() {
        HttpResponse<Buffer> res = get("/api/v1/cards/H10301:40:6789/access", "investigator-token");
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject()).isEqualTo(new JsonObject().put("card", "H10301:40:6789").put("at", NOW.toString())
                .put("items", new JsonArray().add(new JsonObject().put("door", "d1").put("name", "Front entrance")
                        .put("group", "lincoln-students").put("schedule", "school-day"))));
        assertThat(get("/api/v1/cards/H10301:40:6789/access?at=2026-12-02T08:00:00-05:00", "investigator-token").statusCode())
                .isEqualTo(200);
        assertThat(questions.asked).containsExactly(NOW, Instant.parse("2026-12-02T13:00:00Z"));

        problem(get("/api/v1/cards/H10301:1:1/access", "investigator-token"), 404, "NOT_FOUND");
        // The CLI encodes ':' in a path segment; the card is the same.
        HttpResponse<Buffer> encoded = get("/api/v1/cards/H10301%3A40%3A6789/access", "investigator-token");
        assertThat(encoded.statusCode()).as(encoded.bodyAsString()).isEqualTo(200);
        assertThat(encoded.bodyAsJsonObject().getString("card")).isEqualTo("H10301:40:6789");
        assertThat(problem(get("/api/v1/cards/H10301:40:6789/access?at=tomorrow", "investigator-token"), 400, "BAD_REQUEST")
                .getString("detail")).contains("'at'");
        problem(get("/api/v1/cards/H10301:40:6789/access", "viewer-token"), 403, "FORBIDDEN");
        // It says which groups the holder is in: each answered question is a read of a person, audited.
        assertThat(audited("people.read")).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.entry().detail()).startsWith("what card H10301:"));
        assertThat(audited("people.read").get(0).entry().actor()).isEqualTo("investigator-jones");
    }

    @Test
    void whoCanOpenADoorNamesPeopleAndIsAudited() {
        HttpResponse<Buffer> res = get("/api/v1/doors/d1/access", "investigator-token");
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        JsonObject cara = res.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertThat(cara).isEqualTo(new JsonObject().put("person", "t-200").put("name", "Cara Diaz").put("kind", "staff")
                .put("cards", new JsonArray().add("H10301:40:7001")).put("group", "lincoln-staff").put("schedule", "staff-hours"));
        assertThat(audited("people.read")).singleElement().satisfies(r -> {
            assertThat(r.entry().door()).isEqualTo("d1");
            assertThat(r.entry().actor()).isEqualTo("investigator-jones");
            assertThat(r.entry().detail()).isEqualTo("who can open door d1 at " + NOW);
        });
        problem(get("/api/v1/doors/nope/access", "investigator-token"), 404, "NOT_FOUND");
        problem(get("/api/v1/doors/d1/access", "operator-token"), 403, "FORBIDDEN");
        assertThat(audited("people.read")).hasSize(1);
    }

    @Test
    void entriesAreTheDoorsGrantsInTheRangeJoinedWithTheDirectoryAndDenialsWhenAsked() {
        decision(T.minusSeconds(3600), "access.granted", "d1", "s-100", "H10301:40:6789", "granted", "group g, schedule s");
        decision(T, "access.granted", "d1", "s-100", "H10301:40:6789", "granted", "group lincoln-students, schedule school-day");
        decision(T.plusSeconds(10), "access.denied", "d1", "t-200", "H10301:40:7000", "denied", "lost: card H10301:40:7000 was reported lost");
        decision(T.plusSeconds(20), "access.granted", "d2", "t-200", "H10301:40:7001", "granted", "group x, schedule y");
        decision(T.plusSeconds(30), "access.denied", "d1", "unknown", "H10301:9:9", "denied", "unknown_card: no such card");
        decision(T.plusSeconds(40), "door.command", "d1", "front-office", null, "confirmed", null);
        decision(T.plusSeconds(50), "access.granted", "d1", "s-999", "H10301:40:1", "granted", "group g, schedule s");

        String range = "from=2026-12-01T07:00:00Z&to=2026-12-01T08:00:00Z";
        HttpResponse<Buffer> res = get("/api/v1/doors/d1/entries?" + range, "investigator-token");
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        JsonArray items = res.bodyAsJsonObject().getJsonArray("items");
        assertThat(items).hasSize(2);
        JsonObject ana = items.getJsonObject(0);
        assertThat(ana.getString("time")).isEqualTo(T.toString());
        assertThat(ana.getString("person")).isEqualTo("s-100");
        assertThat(ana.getString("name")).isEqualTo("Ana Lopez");
        assertThat(ana.getString("kind")).isEqualTo("student");
        assertThat(ana.getString("card")).isEqualTo("H10301:40:6789");
        assertThat(ana.getString("result")).isEqualTo("granted");
        JsonObject gone = items.getJsonObject(1);
        assertThat(gone.getString("person")).isEqualTo("s-999");
        assertThat(gone.getValue("name")).as("no longer in the directory").isNull();

        JsonArray all = get("/api/v1/doors/d1/entries?" + range + "&denied=true", "investigator-token").bodyAsJsonObject()
                .getJsonArray("items");
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("result")).toList())
                .containsExactly("granted", "denied", "denied", "granted");
        assertThat(all.getJsonObject(1).getString("name")).isEqualTo("Cara Diaz");
        assertThat(all.getJsonObject(1).getString("detail")).startsWith("lost:");
        assertThat(all.getJsonObject(2).getValue("person")).as("an unknown card has no person").isNull();

        JsonObject page = get("/api/v1/doors/d1/entries?" + range + "&limit=1", "investigator-token").bodyAsJsonObject();
        assertThat(page.getJsonArray("items")).hasSize(1);
        long next = page.getLong("next");
        JsonObject rest = get("/api/v1/doors/d1/entries?" + range + "&limit=1&cursor=" + next, "investigator-token").bodyAsJsonObject();
        assertThat(rest.getJsonArray("items").getJsonObject(0).getString("person")).isEqualTo("s-999");

        assertThat(audited("people.read")).hasSize(4).first().satisfies(r -> {
            assertThat(r.entry().door()).isEqualTo("d1");
            assertThat(r.entry().detail()).isEqualTo("entries door=d1 from=2026-12-01T07:00:00Z to=2026-12-01T08:00:00Z");
        });
    }

    @Test
    void entriesAreRefusedToViewersAndNeedAKnownDoorAndRealTimes() {
        problem(get("/api/v1/doors/d1/entries", "viewer-token"), 403, "FORBIDDEN");
        problem(get("/api/v1/doors/d1/entries", "operator-token"), 403, "FORBIDDEN");
        problem(get("/api/v1/doors/nope/entries", "investigator-token"), 404, "NOT_FOUND");
        assertThat(problem(get("/api/v1/doors/d1/entries?from=monday", "investigator-token"), 400, "BAD_REQUEST").getString("detail"))
                .contains("'from'");
        problem(get("/api/v1/doors/d1/entries?denied=maybe", "investigator-token"), 400, "BAD_REQUEST");
        assertThat(audited("people.read")).isEmpty();
    }

    private void decision(Instant t, String type, String door, String actor, String card, String result, String detail) {
        await(audit.append(new AuditEntry(t, type, actor, "osdp-1", "north-hs", "bldg-a", door, null, card,
                type.startsWith("access") ? "card" : "lock", result, detail)));
    }
}
