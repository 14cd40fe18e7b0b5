package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthApiTest extends ApiTestBase {

    @Test
    void missingTokenIs401AndAudited() {
        var res = get("/api/v1/doors", null);
        JsonObject p = problem(res, 401, "UNAUTHORIZED");
        assertThat(res.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(p.getString("detail")).isEqualTo("no bearer token");
        AuditEntry e = only(audited("auth.refused"));
        assertThat(e.actor()).isEqualTo("anonymous");
        assertThat(e.source()).isEqualTo("127.0.0.1");
        assertThat(e.action()).isEqualTo("GET /api/v1/doors");
        assertThat(e.result()).isEqualTo("refused");
        assertThat(e.detail()).isEqualTo("no bearer token");
    }

    @Test
    void wrongTokenIs401AndTheTokenIsNotAudited() {
        var res = get("/api/v1/doors", "guessed-secret-123");
        problem(res, 401, "UNAUTHORIZED");
        AuditEntry e = only(audited("auth.refused"));
        assertThat(e.detail()).isEqualTo("invalid bearer token");
        assertThat(e.toString()).doesNotContain("guessed-secret-123");
        // Not a bearer scheme at all.
        var basic = client.get("/api/v1/doors").putHeader("Authorization", "Basic dXNlcjpwYXNz").send();
        problem(await(basic), 401, "UNAUTHORIZED");
    }

    @Test
    void operatorStartingALockdownIs403AndAudited() {
        JsonObject body = new JsonObject().put("level", "lockdown").put("scope", new JsonObject().put("site", "north-hs"))
                .put("reason", "test");
        JsonObject p = problem(post("/api/v1/lockdowns", "operator-token", body), 403, "FORBIDDEN");
        assertThat(p.getString("detail")).isEqualTo("role operator lacks permission lockdown");
        AuditEntry e = only(audited("auth.refused"));
        assertThat(e.actor()).isEqualTo("front-office");
        assertThat(e.action()).isEqualTo("POST /api/v1/lockdowns");
        assertThat(e.detail()).contains("lockdown");
        assertThat(doors.activeLockdowns()).isEmpty();
    }

    @Test
    void viewerMayNotCommandAndInvestigatorMayNotBuzz() {
        problem(post("/api/v1/doors/d1/pulse", "viewer-token", null), 403, "FORBIDDEN");
        problem(post("/api/v1/doors/d1/pulse", "investigator-token", null), 403, "FORBIDDEN");
        problem(get("/api/v1/audit", "operator-token"), 403, "FORBIDDEN");
        assertThat(audited("auth.refused")).hasSize(3);
        assertThat(audited("auth.refused")).extracting(r -> r.entry().door()).as("found by audit?door= like the door's commands")
                .containsExactly("d1", "d1", null);
        assertThat(doors.calls).isEmpty();
    }

    @Test
    void authenticationComesBeforeValidation() {
        // An anonymous caller learns nothing about the schema: 401, not 400.
        problem(raw(HttpMethod.POST, "/api/v1/doors/d1/pulse", null, "{\"seconds\":0}"), 401, "UNAUTHORIZED");
        problem(get("/api/v1/audit?limit=abc", null), 401, "UNAUTHORIZED");
    }

    @Test
    void aBodyTooLargeIsRefusedOnlyAfterAuthentication() {
        String big = "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}";
        problem(raw(HttpMethod.POST, "/api/v1/doors/d1/unlock", null, big), 401, "UNAUTHORIZED");
        problem(raw(HttpMethod.POST, "/api/v1/doors/d1/unlock", "viewer-token", big), 403, "FORBIDDEN");
        assertThat(audited("auth.refused")).hasSize(2);
        assertThat(problem(raw(HttpMethod.POST, "/api/v1/doors/d1/unlock", "operator-token", big), 413, "CONTENT_TOO_LARGE")
                .getString("detail")).contains("too large");
        assertThat(doors.calls).isEmpty();
    }

    @Test
    void publicEndpointsNeedNoToken() {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/openapi.yaml", null).statusCode()).isEqualTo(200);
        assertThat(audit.all()).isEmpty();
    }

    @Test
    void unknownPathIs404Problem() {
        problem(get("/api/v1/nothing-here", "admin-token"), 404, "NOT_FOUND");
        problem(send(HttpMethod.DELETE, "/api/v1/doors", "admin-token", null), 405, "METHOD_NOT_ALLOWED");
    }

    private static AuditEntry only(List<AuditRecord> records) {
        assertThat(records).hasSize(1);
        return records.get(0).entry();
    }
}
