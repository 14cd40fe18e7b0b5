package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Every time the API takes is RFC 3339 with any offset, read by one parser, through the real router and its validation. */
class TimeParametersApiTest extends ApiTestBase {
    private static final Instant T = Instant.parse("2026-12-01T15:02:00Z");

    private Instant auditFrom(String from) {
        var res = get("/api/v1/audit?from=" + URLEncoder.encode(from, StandardCharsets.UTF_8), "investigator-token");
        assertThat(res.statusCode()).as(from + ": " + res.bodyAsString()).isEqualTo(200);
        return audit.queries.get(audit.queries.size() - 1).from();
    }

    @Test
    void auditQueryTakesAnyOffset() {
        assertThat(auditFrom("2026-12-01T15:02:00Z")).isEqualTo(T);
        assertThat(auditFrom("2026-12-01T10:02:00-05:00")).isEqualTo(T);
        assertThat(auditFrom("2026-12-01T16:02:00+01:00")).isEqualTo(T);
        assertThat(auditFrom("2026-12-01t15:02:00z")).isEqualTo(T);
        assertThat(auditFrom("2026-12-01T15:02:00.250Z")).isEqualTo(T.plusMillis(250));
        assertThat(auditFrom("2026-12-01T15:02:00.123456789+00:00")).isEqualTo(T.plusNanos(123_456_789));
    }

    @Test
    void aPlusLeftUnencodedInTheQueryStringStillMeansPlus() {
        // curl '...?from=2026-12-01T16:02:00+01:00': the query decoder turns '+' into a space
        var res = get("/api/v1/audit?to=2026-12-01T16:02:00+01:00", "investigator-token");
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(audit.queries.get(0).to()).isEqualTo(T);
    }

    @Test
    void exportTakesOffsetsToo() {
        var res = get("/api/v1/audit/export?format=ndjson&from=2026-12-01T10:02:00-05:00&to=2026-12-01T11:02:00-05:00",
                "investigator-token");
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(audit.queries).isNotEmpty();
        assertThat(audit.queries.get(0).from()).isEqualTo(T);
        assertThat(audit.queries.get(0).to()).isEqualTo(T.plusSeconds(3600));
    }

    @Test
    void unlockUntilTakesAnOffset() {
        Instant until = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        String inNewYork = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(until.atOffset(ZoneOffset.ofHours(-5)));
        var res = post("/api/v1/doors/d2/unlock", "operator-token", new JsonObject().put("until", inNewYork));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        assertThat(doors.calls).extracting(FakeDoorService.Call::command).containsExactly(new DoorCommand.Unlock(until));
    }

    @Test
    void notATimeIsA400NamingTheField() {
        for (String bad : new String[] {"yesterday", "2026-12-01T10:02:00", "2026-12-01T25:02:00Z", "10:02"}) {
            var res = get("/api/v1/audit?from=" + URLEncoder.encode(bad, StandardCharsets.UTF_8), "investigator-token");
            JsonObject p = problem(res, 400, "BAD_REQUEST");
            assertThat(p.getString("detail")).as(bad).contains("from");
        }
        assertThat(audit.queries).isEmpty();
    }
}
