package io.warden.gateway.e2e;

import static io.warden.gateway.e2e.E2eSite.actor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AuditTrailFiles;
import io.warden.gateway.e2e.GatewayFixture.Response;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The audit trail of real door traffic: filtered, paged, exported, verified; and an edited row found after a restart. */
class AuditE2ETest extends GatewayE2eTest {

    @Test
    void queryExportAndVerifyAndAnEditedRowIsDetected() throws Exception {
        String operator = gw.token("operator");
        assertThat(gw.post("/api/v1/doors/library/pulse", operator, new JsonObject().put("seconds", 1)).status()).isEqualTo(200);
        assertThat(gw.post("/api/v1/doors/gym-west/unlock", operator, null).status()).isEqualTo(200);
        assertThat(gw.post("/api/v1/doors/library/lock", operator, null).status()).isEqualTo(200);
        assertThat(gw.post("/api/v1/doors/gym-west/lock", operator, null).status()).isEqualTo(200);

        // Query with door and type filters, two at a time, following "next" to the end.
        List<JsonObject> items = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String path = "/api/v1/audit?door=library&type=door.command&limit=2";
        Object next = null;
        do {
            Response r = gw.get(path + (next == null ? "" : "&cursor=" + next), gw.token("investigator"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonObject page = r.json();
            page.getJsonArray("items").forEach(o -> items.add((JsonObject) o));
            pageSizes.add(page.getJsonArray("items").size());
            next = page.getValue("next");
        } while (next != null && pageSizes.size() < 10);
        assertThat(next).as("paging ends").isNull();
        assertThat(pageSizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        assertThat(pageSizes.get(0)).isEqualTo(2);
        assertThat(items).allSatisfy(e -> {
            assertThat(e.getString("door")).isEqualTo("library");
            assertThat(e.getString("type")).isEqualTo("door.command");
            assertThat(e.getString("actor")).isEqualTo(actor("operator"));
        });
        assertThat(items).extracting(e -> e.getString("action") + " " + e.getString("result"))
                .containsExactly("pulse 1.0 s requested", "pulse 1.0 s confirmed", "lock requested", "lock confirmed");
        List<Long> seqs = items.stream().map(e -> e.getLong("seq")).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(gw.audit("type=audit.query&actor=" + actor("investigator")))
                .as("each page read is itself audited").hasSizeGreaterThanOrEqualTo(pageSizes.size())
                .anySatisfy(e -> assertThat(e.getString("detail")).contains("door=library").contains("type=door.command"));

        // CSV export with the same filters: a header, then exactly those rows.
        Response csv = gw.get("/api/v1/audit/export?format=csv&door=library&type=door.command", gw.token("investigator"));
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment; filename=\"warden-audit-").endsWith(".csv\"");
        List<String> lines = List.of(csv.body().split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("seq,time,type,actor,source,site,zone,door,camera,credential,action,result,detail,hash");
        List<String> rows = lines.subList(1, lines.size());
        assertThat(rows).hasSize(items.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).startsWith(seqs.get(i) + ",").contains(",door.command," + actor("operator") + ",")
                    .contains(",library,").contains(items.get(i).getString("action"));
        }
        assertThat(gw.audit("type=audit.export")).singleElement()
                .satisfies(e -> assertThat(e.getString("detail")).contains("format=csv").contains("door=library"));

        // The chain holds.
        JsonObject ok = verify();
        assertThat(ok.getBoolean("ok")).isTrue();
        assertThat(ok.getLong("records")).isGreaterThan(seqs.get(seqs.size() - 1));
        assertThat(ok.getValue("firstBrokenSeq")).isNull();

        // Someone with the file edits the "lock confirmed" row while the node is down.
        long edited = seqs.get(3);
        gw.stopGateway();
        tamper(edited);
        gw.restart();

        JsonObject broken = verify();
        assertThat(broken.getBoolean("ok")).isFalse();
        assertThat(broken.getLong("firstBrokenSeq")).isEqualTo(edited);
        assertThat(broken.getJsonArray("breaks")).singleElement()
                .satisfies(b -> assertThat(((JsonObject) b).getString("kind")).isEqualTo("hash"));
        assertThat(gw.audit("door=library&type=door.command&result=confirmed"))
                .anySatisfy(e -> assertThat(e.getString("detail")).isEqualTo("nothing happened"));
    }

    @Test
    void healthShowsTheChainAndARestartAfterTheNewestRowsWereDeletedIsRefused() throws Exception {
        String operator = gw.token("operator");
        assertThat(gw.post("/api/v1/doors/library/unlock", operator, null).status()).isEqualTo(200);
        assertThat(gw.post("/api/v1/doors/library/lock", operator, null).status()).isEqualTo(200);
        JsonObject chain = gw.get("/health", null).json().getJsonObject("chain");
        assertThat(chain.getString("state")).isEqualTo("ok");
        assertThat(chain.getLong("sinceCheckpoint")).isPositive();

        gw.stopGateway(); // a clean stop signs a checkpoint of the whole trail
        long last = AuditTrailFiles.maxSeq(gw.auditFile());
        AuditTrailFiles.delete(gw.auditFile(), "seq > " + (last - 3));

        assertThatThrownBy(gw::restart).hasMessageContaining("ends at seq " + (last - 3))
                .hasMessageContaining("signed seq " + last).hasMessageContaining("will not reuse their seqs");
        assertThat(AuditTrailFiles.maxSeq(gw.auditFile())).as("no seq was reused").isEqualTo(last - 3);
    }

    @Test
    void onceTheTrailFileIsDeletedDoorCommandsAreRefusedAndTheStrikeNeverMoves() throws Exception {
        String door = "main-entrance";
        List<Integer> reachedPd = new CopyOnWriteArrayList<>();
        gw.pd(door).onCommand(c -> {
            if (c.code() == GatewayFixture.OUT) reachedPd.add(c.code());
        });
        int outsBefore = gw.outsRun(door);
        Files.delete(gw.auditFile()); // the open connection would go on committing into the unlinked file

        Response pulse = gw.post("/api/v1/doors/" + door + "/pulse", gw.token("operator"), new JsonObject().put("seconds", 1));
        Response unlock = gw.post("/api/v1/doors/" + door + "/unlock", gw.token("operator"), null);

        GatewayFixture.problem(pulse, 500, "INTERNAL");
        GatewayFixture.problem(unlock, 500, "INTERNAL");
        assertThat(reachedPd).as("no OUT reached the PD: the unaudited command was not sent").isEmpty();
        assertThat(gw.outsRun(door)).isEqualTo(outsBefore);
        assertThat(gw.strikeOn(door)).as("strike at the PD").isFalse();
        Response health = gw.get("/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().getJsonObject("audit").getString("reason")).isEqualTo("FILE_MISSING");
        assertThat(gw.auditFile()).as("no new empty trail was started").doesNotExist();
    }

    private JsonObject verify() throws Exception {
        Response r = gw.get("/api/v1/audit/verify", gw.token("investigator"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** What AuditStoreContract's tamper hook does: drop the guard trigger, then rewrite one row with plain JDBC. */
    private void tamper(long seq) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gw.auditFile())) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER audit_no_update");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit SET detail = 'nothing happened' WHERE seq = ?")) {
                ps.setLong(1, seq);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }
}
