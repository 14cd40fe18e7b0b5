package io.warden.gateway.api;

import static io.warden.gateway.api.ApiTestBase.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node that keeps no directory answers every directory operation 404, saying why, and still checks permissions first. */
class NoDirectoryApiTest extends DirectoryApiTestBase {
    @Override
    boolean withDirectory() {
        return false;
    }

    @Test
    void everyDirectoryOperationIs404() {
        for (String path : List.of("/api/v1/people", "/api/v1/people/s-100", "/api/v1/calendar", "/api/v1/cards/H10301:40:6789/access",
                "/api/v1/doors/d1/access", "/api/v1/doors/d1/entries")) {
            assertThat(problem(get(path, "admin-token"), 404, "NOT_FOUND").getString("detail")).as(path).startsWith("no directory on this node");
            problem(get(path, "viewer-token"), 403, "FORBIDDEN");
        }
        problem(send(HttpMethod.POST, "/api/v1/people/import", "admin-token", "text/csv", Buffer.buffer("a\n")), 404, "NOT_FOUND");
        problem(send(HttpMethod.PUT, "/api/v1/people/s-1/pin", "admin-token", "application/json", Buffer.buffer("{\"pin\":\"1234\"}")), 404,
                "NOT_FOUND");
        assertThat(audited("people.read")).isEmpty();
        // The rest of the API is there.
        assertThat(get("/api/v1/doors", "viewer-token").statusCode()).isEqualTo(200);
    }
}
