package io.warden.gateway.api;

import static io.warden.gateway.api.ApiTestBase.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.people.CardStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** People, cards and PINs through the API: who may read, who may write, what is audited, and what is never shown. */
class PeopleApiTest extends DirectoryApiTestBase {

    @Test
    void anInvestigatorListsPeopleWithTheirCardsAndNeverAPinHash() {
        HttpResponse<Buffer> res = get("/api/v1/people", "investigator-token");

        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        JsonArray items = res.bodyAsJsonObject().getJsonArray("items");
        assertThat(items).hasSize(3);
        JsonObject ana = items.getJsonObject(0);
        assertThat(ana.getString("id")).isEqualTo("s-100");
        assertThat(ana.getString("kind")).isEqualTo("student");
        assertThat(ana.getBoolean("pin")).isFalse();
        assertThat(ana.getJsonArray("cards")).containsExactly(new JsonObject().put("id", "H10301:40:6789").put("status", "active"));
        JsonObject cara = items.getJsonObject(2);
        assertThat(cara.getBoolean("pin")).isTrue();
        assertThat(cara.getJsonArray("cards").getJsonObject(0).getString("status")).isEqualTo("lost");
        assertThat(res.bodyAsString()).doesNotContain("pbkdf2").doesNotContain("pinHash");
        assertThat(res.bodyAsJsonObject().getValue("next")).isNull();
    }

    @Test
    void filtersAndPagesAreAppliedAndEachReadIsAuditedOnce() {
        JsonArray students = get("/api/v1/people?kind=student", "admin-token").bodyAsJsonObject().getJsonArray("items");
        assertThat(ids(students)).containsExactly("s-100", "s-101");
        assertThat(ids(get("/api/v1/people?status=suspended", "admin-token").bodyAsJsonObject().getJsonArray("items")))
                .containsExactly("s-101");
        assertThat(ids(get("/api/v1/people?school=north-hs", "admin-token").bodyAsJsonObject().getJsonArray("items")))
                .containsExactly("t-200");
        assertThat(ids(get("/api/v1/people?q=OKAF", "admin-token").bodyAsJsonObject().getJsonArray("items"))).containsExactly("s-101");
        assertThat(ids(get("/api/v1/people?q=t-2", "admin-token").bodyAsJsonObject().getJsonArray("items"))).containsExactly("t-200");

        JsonObject first = get("/api/v1/people?limit=2", "investigator-token").bodyAsJsonObject();
        assertThat(ids(first.getJsonArray("items"))).containsExactly("s-100", "s-101");
        assertThat(first.getLong("next")).isEqualTo(2);
        JsonObject second = get("/api/v1/people?limit=2&cursor=2", "investigator-token").bodyAsJsonObject();
        assertThat(ids(second.getJsonArray("items"))).containsExactly("t-200");
        assertThat(second.getValue("next")).isNull();

        List<AuditRecord> reads = audited("people.read");
        assertThat(reads).hasSize(7);
        assertThat(reads.get(0).entry().detail()).isEqualTo("people kind=student");
        // The search text may be a name: the trail says a search was made, not what it was.
        assertThat(reads.get(3).entry().detail()).isEqualTo("people search");
        assertThat(reads.get(5).entry().actor()).isEqualTo("investigator-jones");
        assertThat(reads.get(5).entry().action()).isEqualTo("GET /api/v1/people");
    }

    @Test
    void onePersonIsReadAndAuditedAndAnUnknownOneIs404() {
        HttpResponse<Buffer> res = get("/api/v1/people/t-200", "investigator-token");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject().getString("name")).isEqualTo("Cara Diaz");
        assertThat(res.bodyAsJsonObject().getJsonArray("schools")).containsExactly("lincoln", "north-hs");
        assertThat(problem(get("/api/v1/people/nobody", "investigator-token"), 404, "NOT_FOUND").getString("detail")).contains("nobody");

        assertThat(audited("people.read")).extracting(r -> r.entry().detail()).containsExactly("person t-200", "person nobody");
    }

    @Test
    void viewersAndOperatorsMayNotReadPeopleAndOnlyAdminsChangeThem() {
        for (String token : List.of("viewer-token", "operator-token", "lockdown-token")) {
            problem(get("/api/v1/people", token), 403, "FORBIDDEN");
            problem(get("/api/v1/people/s-100", token), 403, "FORBIDDEN");
            problem(get("/api/v1/calendar", token), 403, "FORBIDDEN");
        }
        problem(post("/api/v1/cards/H10301:40:6789/status", "investigator-token", new JsonObject().put("status", "lost")), 403, "FORBIDDEN");
        problem(send(HttpMethod.PUT, "/api/v1/people/s-100/pin", "investigator-token", "application/json",
                Buffer.buffer("{\"pin\":\"4821\"}")), 403, "FORBIDDEN");
        problem(post("/api/v1/people/s-100/cards", "investigator-token", new JsonObject().put("card", "H10301:1:2")), 403, "FORBIDDEN");
        problem(send(HttpMethod.POST, "/api/v1/people/import", "investigator-token", "text/csv", Buffer.buffer("id,name\n")), 403, "FORBIDDEN");
        problem(get("/api/v1/people", null), 401, "UNAUTHORIZED");
        assertThat(directory.writers).isEmpty();
        assertThat(audited("people.read")).isEmpty();
        assertThat(audited("auth.refused")).isNotEmpty();
    }

    @Test
    void badFiltersAndBodiesAre400sNamingTheField() {
        assertThat(problem(get("/api/v1/people?kind=teacher", "admin-token"), 400, "BAD_REQUEST").getString("detail")).contains("kind");
        assertThat(problem(get("/api/v1/people?limit=0", "admin-token"), 400, "BAD_REQUEST").getString("detail")).contains("limit");
        assertThat(problem(get("/api/v1/people?grade=9", "admin-token"), 400, "BAD_REQUEST").getString("detail")).contains("grade");
        assertThat(problem(post("/api/v1/cards/H10301:40:6789/status", "admin-token", new JsonObject().put("status", "broken")), 400,
                "BAD_REQUEST").getString("detail")).contains("status");
        assertThat(problem(post("/api/v1/people/s-100/cards", "admin-token", new JsonObject()), 400, "BAD_REQUEST").getString("detail"))
                .contains("card");
        assertThat(directory.writers).isEmpty();
    }

    @Test
    void aCardIsSuspendedOrReportedLostAndAnUnknownCardIs404() {
        HttpResponse<Buffer> res = post("/api/v1/cards/H10301:40:6789/status", "admin-token", new JsonObject().put("status", "lost"));

        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", "H10301:40:6789").put("person", "s-100").put("status", "lost"));
        assertThat(directory.current().card("H10301:40:6789").orElseThrow().status()).isEqualTo(CardStatus.LOST);
        assertThat(directory.writers).extracting(p -> p.name()).containsExactly("it-admin");
        problem(post("/api/v1/cards/H10301:9:9/status", "admin-token", new JsonObject().put("status", "active")), 404, "NOT_FOUND");
    }

    @Test
    void aCardIsAssignedAndOneThatIsSomeoneElsesIsAConflict() {
        HttpResponse<Buffer> res = post("/api/v1/people/s-101/cards", "admin-token", new JsonObject().put("card", "h10301:40:6790"));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", "H10301:40:6790").put("person", "s-101").put("status", "active"));

        problem(post("/api/v1/people/s-101/cards", "admin-token", new JsonObject().put("card", "H10301:40:6789")), 409, "CONFLICT");
        problem(post("/api/v1/people/nobody/cards", "admin-token", new JsonObject().put("card", "H10301:40:1")), 404, "NOT_FOUND");
        assertThat(problem(post("/api/v1/people/s-101/cards", "admin-token", new JsonObject().put("card", "40-6789")), 400, "BAD_REQUEST")
                .getString("detail")).startsWith("body field 'card'");
    }

    @Test
    void aPinIsSetAndClearedAndNeverShownLoggedOrAudited() {
        String pin = "480613";
        String badPin = "4806x3";
        try (CapturedStderr log = CapturedStderr.start()) {
            HttpResponse<Buffer> set = pinRequest("s-100", "{\"pin\":\"" + pin + "\"}");
            assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(204);
            assertThat(set.bodyAsString()).isNull();
            assertThat(get("/api/v1/people/s-100", "admin-token").bodyAsJsonObject().getBoolean("pin")).isTrue();

            HttpResponse<Buffer> bad = pinRequest("s-100", "{\"pin\":\"" + badPin + "\"}");
            assertThat(problem(bad, 400, "BAD_REQUEST").getString("detail")).isEqualTo(
                    "body field 'pin': must be 4 to 8 digits, or null to clear the PIN");
            HttpResponse<Buffer> number = pinRequest("s-100", "{\"pin\":" + pin + "}");
            problem(number, 400, "BAD_REQUEST");
            assertThat(number.bodyAsString()).doesNotContain(pin);
            HttpResponse<Buffer> unknown = pinRequest("nobody", "{\"pin\":\"" + pin + "\"}");
            problem(unknown, 404, "NOT_FOUND");
            assertThat(unknown.bodyAsString()).doesNotContain(pin);

            HttpResponse<Buffer> cleared = pinRequest("s-100", "{\"pin\":null}");
            assertThat(cleared.statusCode()).isEqualTo(204);
            assertThat(directory.current().person("s-100").orElseThrow().pinHash()).isNull();

            assertThat(directory.pins).extracting(FakeDirectoryService.PinCall::cleared).containsExactly(false, true);
            assertThat(log.text()).doesNotContain(pin).doesNotContain(badPin);
        }
        for (AuditRecord r : trail()) assertThat(r.entry().toString() + r.entry().detail() + r.entry().action()).doesNotContain(pin).doesNotContain(badPin);
    }

    @Test
    void aFailureOfThePinServiceNeverCarriesThePin() {
        String pin = "480613";
        Throwable masked = PeopleRoutes.withoutPin(new io.warden.adapter.api.WardenException(
                io.warden.adapter.api.ErrorCode.BAD_REQUEST, "PIN " + pin + " is too easy"), pin);
        assertThat(masked.getMessage()).isEqualTo("PIN **** is too easy");
        Throwable internal = PeopleRoutes.withoutPin(new IllegalArgumentException("bad pin " + pin), pin);
        assertThat(internal.getMessage()).doesNotContain(pin).contains("IllegalArgumentException");
    }

    @Test
    void theCalendarIsReadByInvestigators() {
        HttpResponse<Buffer> res = get("/api/v1/calendar", "investigator-token");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject().getJsonArray("items")).containsExactly(
                new JsonObject().put("date", "2026-12-24").put("kind", "break").put("name", "Winter break"));
    }

    private HttpResponse<Buffer> pinRequest(String person, String json) {
        return send(HttpMethod.PUT, "/api/v1/people/" + person + "/pin", "admin-token", "application/json", Buffer.buffer(json));
    }

    private static List<String> ids(JsonArray items) {
        return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }
}
