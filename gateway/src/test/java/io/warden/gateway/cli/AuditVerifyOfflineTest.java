package io.warden.gateway.cli;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.audit.AnchoredAuditStore;
import io.warden.gateway.audit.AuditCheckpoint;
import io.warden.gateway.audit.AuditTrailFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden audit verify --db --checkpoints}: offline, on a copied database, with no gateway running. */
class AuditVerifyOfflineTest {
    @TempDir
    Path dir;

    @Test
    void aCopiedDatabaseVerifiesOfflineAndARewriteIsReportedWithExitCode1() throws Exception {
        AuditTrailFiles files = new AuditTrailFiles(dir);
        Vertx vertx = Vertx.vertx();
        try {
            AnchoredAuditStore store = files.open(vertx, 10, Duration.ofHours(1), null, r -> { });
            files.fillInSteps(store, 25, 10);
            await(store.close());
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        Path copy = Files.copy(files.db, Files.createDirectories(dir.resolve("evidence")).resolve("audit-copy.db"));
        String checkpoints = files.checkpoints.toString();
        long records = AuditTrailFiles.maxSeq(copy);

        CliHarness.Run ok = CliHarness.raw("audit", "verify", "--db", copy.toString(), "--checkpoints", checkpoints);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("ok: " + records + " records\n");

        AuditTrailFiles.rewriteAndRechain(copy, 4);
        CliHarness.Run broken = CliHarness.raw("audit", "verify", "--db", copy.toString(), "--checkpoints", checkpoints);
        assertThat(broken.code()).isEqualTo(ExitCodes.FAILED);
        List<Long> signed = files.read().checkpoints().stream().map(AuditCheckpoint::seq).toList();
        assertThat(signed).hasSizeGreaterThanOrEqualTo(3).startsWith(10L);
        assertThat(broken.out().lines().toList()).hasSize(1 + signed.size()).first().isEqualTo("BROKEN at seq 10 (" + records + " records)");
        for (long seq : signed) assertThat(broken.out()).contains("  seq " + seq + "  checkpoint  the checkpoint of ");

        CliHarness.Run json = CliHarness.raw("audit", "verify", "--json", "--db", copy.toString(), "--checkpoints", checkpoints);
        assertThat(json.code()).isEqualTo(ExitCodes.FAILED);
        JsonObject body = new JsonObject(json.out());
        assertThat(body.getBoolean("ok")).isFalse();
        assertThat(body.getJsonArray("breaks").getJsonObject(0).getString("kind")).isEqualTo("checkpoint");
    }

    @Test
    void offlineNeedsBothFilesAndSaysWhichIsMissing() {
        CliHarness.Run noCheckpoints = CliHarness.raw("audit", "verify", "--db", dir.resolve("a.db").toString());
        assertThat(noCheckpoints.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noCheckpoints.err()).contains("--db and --checkpoints go together");

        CliHarness.Run missing = CliHarness.raw("audit", "verify", "--db", dir.resolve("a.db").toString(), "--checkpoints",
                dir.resolve("none.jsonl").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(missing.err()).contains("no checkpoint file at");
    }
}
