package io.warden.gateway.e2e;

import static io.warden.gateway.e2e.E2eSite.actor;
import static io.warden.gateway.e2e.GatewayFixture.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refusals and bad requests against a real node: problem+json that says what is wrong, audited, and no device touched. */
class AuthAndValidationE2ETest extends GatewayE2eTest {
    private Map<String, Integer> outsBefore;

    @BeforeEach
    void countOuts() {
        outsBefore = outs();
    }

    @Test
    void authRefusalsAreProblemsAndEachIsInTheAuditTrail() throws Exception {
        Response none = gw.get("/api/v1/doors", null);
        assertThat(problem(none, 401, "UNAUTHORIZED").getString("detail")).isEqualTo("no bearer token");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");

        Response wrong = gw.post("/api/v1/doors/main-entrance/pulse", "not-a-configured-token", new JsonObject().put("seconds", 1));
        assertThat(problem(wrong, 401, "UNAUTHORIZED").getString("detail")).isEqualTo("invalid bearer token");

        Response viewer = gw.post("/api/v1/doors/main-entrance/pulse", gw.token("viewer"), new JsonObject().put("seconds", 1));
        assertThat(problem(viewer, 403, "FORBIDDEN").getString("detail")).contains("viewer").contains("door_control");

        Response investigator = gw.post("/api/v1/lockdowns", gw.token("investigator"), new JsonObject().put("level", "lockdown")
                .put("scope", new JsonObject().put("zone", "main")).put("reason", "e2e"));
        assertThat(problem(investigator, 403, "FORBIDDEN").getString("detail")).contains("investigator").contains("lockdown");

        Response operator = gw.get("/api/v1/audit", gw.token("operator"));
        assertThat(problem(operator, 403, "FORBIDDEN").getString("detail")).contains("operator").contains("audit_read");

        assertThat(outs()).as("no refused request reached a PD").isEqualTo(outsBefore);
        assertThat(gw.strikeOn("main-entrance")).isFalse();
        assertThat(activeLockdowns()).isZero();

        List<JsonObject> refusals = gw.audit("type=auth.refused");
        assertThat(refusals).extracting(e -> e.getString("actor") + " | " + e.getString("action") + " | " + e.getString("detail"))
                .containsExactly(
                        "anonymous | GET /api/v1/doors | no bearer token",
                        "anonymous | POST /api/v1/doors/main-entrance/pulse | invalid bearer token",
                        actor("viewer") + " | POST /api/v1/doors/main-entrance/pulse | role viewer lacks permission door_control",
                        actor("investigator") + " | POST /api/v1/lockdowns | role investigator lacks permission lockdown",
                        actor("operator") + " | GET /api/v1/audit | role operator lacks permission audit_read");
        assertThat(refusals).allSatisfy(e -> {
            assertThat(e.getString("result")).isEqualTo("refused");
            assertThat(e.getString("source")).isEqualTo("127.0.0.1");
        });

        // No token, and not even the wrong one, is ever written down.
        Response all = gw.get("/api/v1/audit/export?format=ndjson", gw.token("investigator"));
        assertThat(all.status()).isEqualTo(200);
        for (String role : E2eSite.ROLES) assertThat(all.body()).doesNotContain(gw.token(role));
        assertThat(all.body()).doesNotContain("not-a-configured-token");
    }

    @Test
    void badRequestsGetProblemsWithAClearMessage() throws Exception {
        String op = gw.token("operator");

        JsonObject zero = problem(gw.post("/api/v1/doors/main-entrance/pulse", op, new JsonObject().put("seconds", 0)), 400, "BAD_REQUEST");
        assertThat(zero.getString("detail")).contains("seconds");

        JsonObject malformed = problem(gw.postRaw("/api/v1/doors/main-entrance/pulse", op, "{\"seconds\": 1"), 400, "BAD_REQUEST");
        assertThat(malformed.getString("detail")).containsIgnoringCase("JSON");

        JsonObject unknownField = problem(gw.post("/api/v1/doors/main-entrance/pulse", op, new JsonObject().put("secs", 1)), 400,
                "BAD_REQUEST");
        assertThat(unknownField.getString("detail")).contains("unknown field");

        JsonObject noDoor = problem(gw.post("/api/v1/doors/no-such-door/pulse", op, new JsonObject().put("seconds", 1)), 404, "NOT_FOUND");
        assertThat(noDoor.getString("detail")).contains("no-such-door");
        assertThat(problem(gw.get("/api/v1/doors/no-such-door", op), 404, "NOT_FOUND").getString("detail")).contains("no-such-door");

        String lockdown = gw.token("lockdown");
        JsonObject level = problem(gw.post("/api/v1/lockdowns", lockdown, new JsonObject().put("level", "evacuate")
                .put("scope", new JsonObject().put("zone", "north")).put("reason", "e2e")), 400, "BAD_REQUEST");
        assertThat(level.getString("detail")).contains("level");
        JsonObject zone = problem(gw.post("/api/v1/lockdowns", lockdown, new JsonObject().put("level", "lockdown")
                .put("scope", new JsonObject().put("zone", "no-such-zone")).put("reason", "e2e")), 400, "BAD_REQUEST");
        assertThat(zone.getString("detail")).contains("no-such-zone");

        JsonObject filter = problem(gw.get("/api/v1/audit?doro=library", gw.token("investigator")), 400, "BAD_REQUEST");
        assertThat(filter.getString("detail")).contains("doro");

        assertThat(outs()).as("no bad request reached a PD").isEqualTo(outsBefore);
        assertThat(activeLockdowns()).isZero();
        assertThat(gw.audit("type=door.command")).as("nothing was commanded").isEmpty();
    }

    private Map<String, Integer> outs() {
        return E2eSite.DOORS.keySet().stream().collect(Collectors.toMap(d -> d, gw::outsRun));
    }

    private int activeLockdowns() throws Exception {
        return gw.get("/api/v1/lockdowns", gw.token("viewer")).json().getJsonArray("items").size();
    }
}
