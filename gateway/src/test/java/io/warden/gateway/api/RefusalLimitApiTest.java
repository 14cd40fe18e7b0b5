package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The default limit through the API: a burst of refusals, then 429; permitted requests from the same address pass. */
class RefusalLimitApiTest extends ApiTestBase {

    @Test
    void afterTheBurstRefusalsAre429WithRetryAfterAndPermittedRequestsStillPass() {
        for (int i = 0; i < RefusalLimits.DEFAULT_BURST; i++) problem(get("/api/v1/doors", null), 401, "UNAUTHORIZED");
        var limited = get("/api/v1/doors", null);
        JsonObject p = problem(limited, 429, "RATE_LIMITED");
        assertThat(p.getString("detail")).startsWith("too many refused requests from this address; retry after ");
        assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 1);
        assertThat(limited.getHeader("WWW-Authenticate")).isNull();

        assertThat(get("/api/v1/doors", "viewer-token").statusCode()).as("authenticated and permitted: never limited").isEqualTo(200);
        assertThat(post("/api/v1/doors/d1/pulse", "operator-token", null).statusCode()).isEqualTo(200);
        problem(post("/api/v1/doors/d1/pulse", "viewer-token", null), 429, "RATE_LIMITED"); // a 403 from this address counts too
        assertThat(doors.calls).hasSize(1);

        assertThat(audited("auth.refused")).as("the first of each kind in full").hasSize(RefusalLimits.DEFAULT_INDIVIDUALLY + 2);
        assertThat(audited("auth.refused")).filteredOn(r -> r.entry().actor().equals("hall-monitor")).singleElement()
                .satisfies(r -> {
                    assertThat(r.entry().door()).isEqualTo("d1");
                    assertThat(r.entry().detail()).isEqualTo("over the refusal limit: role viewer lacks permission door_control");
                });
        await(server.stop());
        assertThat(RefusalLedgerTest.countIn(audit.all())).as("every refusal in the trail after stop")
                .isEqualTo(RefusalLimits.DEFAULT_BURST + 2);
        assertThat(audited("auth.refused.summary")).singleElement()
                .satisfies(r -> assertThat(r.entry().detail()).startsWith("count=" + (RefusalLimits.DEFAULT_BURST - RefusalLimits.DEFAULT_INDIVIDUALLY) + " "));
    }

    @Test
    void publicOperationsAreNeverLimited() {
        for (int i = 0; i < RefusalLimits.DEFAULT_BURST + 5; i++) get("/api/v1/doors", null);
        assertThat(get("/health", null).statusCode()).isIn(200, 503);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
    }
}
