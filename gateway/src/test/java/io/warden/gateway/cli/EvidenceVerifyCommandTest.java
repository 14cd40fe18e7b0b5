package io.warden.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.footage.EvidenceFixture;
import io.warden.gateway.footage.EvidenceKey;
import io.warden.gateway.footage.EvidenceZip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden evidence verify}: offline, no gateway; exit 0 ok, 1 tampered (each problem named), 2 usage, 7 unreadable. */
class EvidenceVerifyCommandTest {
    @TempDir
    Path data;

    EvidenceKey key;
    Path dir;
    Path zip;
    Path pub;

    @BeforeEach
    void makePackage() throws Exception {
        key = EvidenceKey.loadOrCreate(data);
        dir = data.resolve("evidence/f-1");
        EvidenceFixture.sealed(dir, key);
        pub = Files.writeString(data.resolve("gateway-key.pem"), key.publicKeyPem());
        zip = data.resolve("f-1.zip");
        Vertx vertx = Vertx.vertx();
        try {
            EvidenceZip z = EvidenceZip.prepare(vertx, dir).await(20, TimeUnit.SECONDS);
            z.writeTo(vertx.fileSystem().open(zip.toString(), new OpenOptions().setWrite(true).setCreate(true)).await(10, TimeUnit.SECONDS))
                    .await(20, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGoodPackageVerifiesAsZipAndAsDirectory() {
        CliHarness.Run d = CliHarness.raw("evidence", "verify", dir.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo("ok: 7 files; manifest signed by Ed25519 key " + key.fingerprint() + "\n");

        CliHarness.Run z = CliHarness.raw("evidence", "verify", zip.toString(), "--key", pub.toString());
        assertThat(z.code()).as(z.err()).isZero();
        assertThat(z.out()).isEqualTo("ok: 7 files; manifest signed by Ed25519 key " + key.fingerprint() + " (the pinned key)\n");
    }

    @Test
    void aTamperedPackageExitsOneAndNamesEachProblem() throws Exception {
        EvidenceFixture.flipByte(dir.resolve("cam-front-1.mp4"), 99);
        CliHarness.Run r = CliHarness.raw("evidence", "verify", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out().lines()).containsExactly("FAILED: 2 problems",
                "  cam-front-1.mp4  its SHA-256 is not the one in SHA256SUMS",
                "  cam-front-1.mp4  its SHA-256 is not the one in the signed manifest");

        CliHarness.Run json = CliHarness.raw("evidence", "verify", "--json", dir.toString());
        assertThat(json.code()).isEqualTo(ExitCodes.FAILED);
        JsonObject body = new JsonObject(json.out());
        assertThat(body.getBoolean("ok")).isFalse();
        assertThat(body.getString("fingerprint")).isEqualTo(key.fingerprint());
        assertThat(body.getJsonArray("problems").getJsonObject(0).getString("file")).isEqualTo("cam-front-1.mp4");
    }

    @Test
    void anotherGatewaysKeyExitsOne() throws Exception {
        EvidenceKey other = EvidenceKey.loadOrCreate(data.resolve("other"));
        Path otherPub = Files.writeString(data.resolve("other.pem"), other.publicKeyPem());
        CliHarness.Run r = CliHarness.raw("evidence", "verify", zip.toString(), "--key", otherPub.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("  evidence-key.pem  not the pinned key").contains("  manifest.json  not signed by the pinned key");
    }

    @Test
    void unreadableInputIsExitSevenAndABadCommandLineExitTwo() throws Exception {
        CliHarness.Run missing = CliHarness.raw("evidence", "verify", data.resolve("nope.zip").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(missing.err()).startsWith("warden: cannot read ").contains("nope.zip");

        Path notZip = Files.writeString(data.resolve("not.zip"), "hello");
        CliHarness.Run bad = CliHarness.raw("evidence", "verify", notZip.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(bad.err()).contains("is not a zip file");

        Path badKey = Files.writeString(data.resolve("bad.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        CliHarness.Run key = CliHarness.raw("evidence", "verify", zip.toString(), "--key", badKey.toString());
        assertThat(key.code()).isEqualTo(ExitCodes.OTHER);
        assertThat(key.err()).startsWith("warden: cannot read the key ");

        assertThat(CliHarness.raw("evidence", "verify").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliHarness.raw("evidence").code()).isEqualTo(ExitCodes.USAGE);
    }
}
