package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ValidationApiTest extends ApiTestBase {

    @Test
    void pulseSecondsOutOfRange() {
        String detail = problem(post("/api/v1/doors/d1/pulse", "operator-token", new JsonObject().put("seconds", 0)), 400,
                "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("seconds");
        detail = problem(post("/api/v1/doors/d1/pulse", "operator-token", new JsonObject().put("seconds", 3601)), 400,
                "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("seconds");
        assertThat(doors.calls).isEmpty();
    }

    @Test
    void unknownLockdownLevel() {
        JsonObject body = new JsonObject().put("level", "panic").put("scope", new JsonObject().put("site", "north-hs"))
                .put("reason", "x");
        String detail = problem(post("/api/v1/lockdowns", "lockdown-token", body), 400, "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("level");
    }

    @Test
    void missingReasonAndUnknownField() {
        JsonObject body = new JsonObject().put("level", "secure").put("scope", new JsonObject().put("site", "north-hs"));
        assertThat(problem(post("/api/v1/lockdowns", "lockdown-token", body), 400, "BAD_REQUEST").getString("detail"))
                .contains("reason");
        String detail = problem(post("/api/v1/doors/d1/pulse", "operator-token", new JsonObject().put("secs", 3)), 400,
                "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("secs");
    }

    @Test
    void scopeMustNameExactlyOne() {
        JsonObject body = new JsonObject().put("level", "secure").put("reason", "x")
                .put("scope", new JsonObject().put("site", "north-hs").put("zone", "bldg-a"));
        assertThat(problem(post("/api/v1/lockdowns", "lockdown-token", body), 400, "BAD_REQUEST").getString("detail"))
                .contains("scope");
    }

    @Test
    void malformedJson() {
        String detail = problem(raw(HttpMethod.POST, "/api/v1/doors/d1/pulse", "operator-token", "{\"seconds\": 5"), 400,
                "BAD_REQUEST").getString("detail");
        assertThat(detail).containsIgnoringCase("json");
    }

    @Test
    void aFormBodyIsRefusedNotReadAsNoBodyWhichWouldUnlockForGood() {
        String until = java.time.Instant.now().plusSeconds(600).toString();
        var multipart = await(client.request(HttpMethod.POST, "/api/v1/doors/d1/unlock").putHeader("Authorization", "Bearer operator-token")
                .putHeader("Content-Type", "multipart/form-data; boundary=x") // what curl -F until=... sends
                .sendBuffer(Buffer.buffer("--x\r\nContent-Disposition: form-data; name=\"until\"\r\n\r\n" + until + "\r\n--x--\r\n")));
        assertThat(problem(multipart, 415, "UNSUPPORTED_MEDIA_TYPE").getString("detail")).contains("send application/json");
        var form = await(client.request(HttpMethod.POST, "/api/v1/doors/d1/pulse").putHeader("Authorization", "Bearer operator-token")
                .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("seconds=600")));
        assertThat(problem(form, 415, "UNSUPPORTED_MEDIA_TYPE").getString("detail")).contains("send application/json");
        assertThat(doors.calls).isEmpty();
        assertThat(post("/api/v1/doors/d1/unlock", "operator-token", new JsonObject().put("until", until)).statusCode()).isEqualTo(200);
        assertThat(doors.calls).singleElement().satisfies(c -> assertThat(c.command().toString()).contains(until));
    }

    @Test
    void queryParameterOfTheWrongType() {
        String detail = problem(get("/api/v1/audit?limit=abc", "investigator-token"), 400, "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("limit");
        detail = problem(get("/api/v1/audit?limit=5000", "investigator-token"), 400, "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("limit");
        detail = problem(get("/api/v1/audit/export?format=xlsx", "investigator-token"), 400, "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("format");
        detail = problem(get("/api/v1/audit?from=yesterday", "investigator-token"), 400, "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("from");
    }

    @Test
    void unknownQueryParameterIsRefused() {
        // "dor" instead of "door" must not silently return the whole trail.
        String detail = problem(get("/api/v1/audit?dor=d1", "investigator-token"), 400, "BAD_REQUEST").getString("detail");
        assertThat(detail).contains("'dor'").contains("door");
        assertThat(audited("audit.query")).isEmpty();
    }
}
