package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.WardenException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing a package, then verifying it offline; each kind of tampering is found and named. */
class EvidencePackageTest {
    @TempDir
    Path data;

    EvidenceKey key() {
        return EvidenceKey.loadOrCreate(data);
    }

    @Test
    void aSealedPackageHasItsFilesAndVerifies() throws Exception {
        EvidenceKey key = key();
        Path dir = data.resolve("evidence/f-1");
        JsonObject manifest = EvidenceFixture.sealed(dir, key);

        assertThat(EvidencePackage.files(dir)).containsExactly("manifest.json", "manifest.json.sig", "evidence-key.pem", "SHA256SUMS",
                "cam-back-1.mp4", "cam-front-1.mp4", "cam-front-2.mp4");
        byte[] written = Files.readAllBytes(dir.resolve("manifest.json"));
        assertThat(new JsonObject(new String(written, StandardCharsets.UTF_8))).isEqualTo(manifest);
        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\n  \"id\"");
        assertThat(Files.readString(dir.resolve("evidence-key.pem"))).isEqualTo(key.publicKeyPem());
        byte[] sig = Base64.getDecoder().decode(Files.readString(dir.resolve("manifest.json.sig")).strip());
        assertThat(sig).hasSize(64);
        assertThat(EvidenceKey.verify(key.publicKey(), written, sig)).isTrue();
        List<String> sums = Files.readAllLines(dir.resolve("SHA256SUMS"));
        assertThat(sums).extracting(l -> l.substring(66)).containsExactly("cam-back-1.mp4", "cam-front-1.mp4", "cam-front-2.mp4",
                "evidence-key.pem", "manifest.json");

        Process p = new ProcessBuilder("sha256sum", "-c", "--strict", "SHA256SUMS").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.lines()).hasSize(5).allMatch(l -> l.endsWith(": OK"));

        EvidenceVerification v = EvidenceVerifier.verify(dir, null);
        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
        assertThat(v.files()).isEqualTo(7);
        assertThat(v.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(EvidenceVerifier.verify(dir, key.publicKey()).pinned()).isTrue();
    }

    @Test
    void sealRunsOnAWorkerAndRefusesAClipThatChangedSinceItWasWritten() throws Exception {
        EvidenceKey key = key();
        Path dir = data.resolve("evidence/f-2");
        JsonObject manifest = EvidenceFixture.sealed(dir, key);
        EvidenceFixture.flipByte(dir.resolve("cam-front-2.mp4"), 10);
        Vertx vertx = Vertx.vertx();
        try {
            assertThatThrownBy(() -> EvidencePackage.seal(vertx, dir, manifest, key).await(20, TimeUnit.SECONDS))
                    .isInstanceOf(WardenException.class).hasMessageContaining("cam-front-2.mp4 changed since it was written");
            EvidenceFixture.flipByte(dir.resolve("cam-front-2.mp4"), 10);
            EvidencePackage.seal(vertx, dir, manifest.copy().put("reason", "again"), key).await(20, TimeUnit.SECONDS);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        assertThat(EvidenceVerifier.verify(dir, key.publicKey()).ok()).isTrue();
    }

    @Test
    void aFlippedByteInAClipIsNamed() throws Exception {
        Path dir = data.resolve("evidence/f-3");
        EvidenceFixture.sealed(dir, key());
        EvidenceFixture.flipByte(dir.resolve("cam-front-1.mp4"), 123_456);
        EvidenceVerification v = EvidenceVerifier.verify(dir, null);
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).containsExactly(
                new EvidenceVerification.Problem("cam-front-1.mp4", "its SHA-256 is not the one in SHA256SUMS"),
                new EvidenceVerification.Problem("cam-front-1.mp4", "its SHA-256 is not the one in the signed manifest"));
    }

    @Test
    void aChangedManifestFailsItsSumAndSignature() throws Exception {
        Path dir = data.resolve("evidence/f-4");
        EvidenceFixture.sealed(dir, key());
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("incident 4711", "incident 4712"));
        EvidenceVerification v = EvidenceVerifier.verify(dir, null);
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).extracting(EvidenceVerification.Problem::file).containsOnly("manifest.json");
        assertThat(v.problems()).extracting(EvidenceVerification.Problem::reason)
                .anyMatch(r -> r.contains("SHA256SUMS")).anyMatch(r -> r.startsWith("its signature does not verify"));
    }

    @Test
    void aClipAndItsSumReplacedTogetherIsStillCaughtByTheSignedManifest() throws Exception {
        Path dir = data.resolve("evidence/f-5");
        EvidenceFixture.sealed(dir, key());
        EvidenceFixture.flipByte(dir.resolve("cam-back-1.mp4"), 0);
        Path sums = dir.resolve("SHA256SUMS");
        String newSum = EvidencePackage.sha256(dir.resolve("cam-back-1.mp4"));
        Files.writeString(sums, Files.readString(sums).replaceAll("[0-9a-f]{64}  cam-back-1.mp4", newSum + "  cam-back-1.mp4"));
        EvidenceVerification v = EvidenceVerifier.verify(dir, null);
        assertThat(v.problems()).containsExactly(
                new EvidenceVerification.Problem("cam-back-1.mp4", "its SHA-256 is not the one in the signed manifest"));
    }

    @Test
    void anExtraFileAndAMissingFileAreNamed() throws Exception {
        Path dir = data.resolve("evidence/f-6");
        EvidenceFixture.sealed(dir, key());
        Files.writeString(dir.resolve("notes.txt"), "added later");
        Files.delete(dir.resolve("cam-front-2.mp4"));
        EvidenceVerification v = EvidenceVerifier.verify(dir, null);
        assertThat(v.problems()).containsExactlyInAnyOrder(
                new EvidenceVerification.Problem("cam-front-2.mp4", "listed in SHA256SUMS but missing"),
                new EvidenceVerification.Problem("notes.txt", "not listed in SHA256SUMS"),
                new EvidenceVerification.Problem("cam-front-2.mp4", "named in the signed manifest but missing"),
                new EvidenceVerification.Problem("notes.txt", "not named in the signed manifest"));
    }

    @Test
    void aWrongPinnedKeyIsNamedEvenWhenThePackageIsConsistent() throws Exception {
        Path dir = data.resolve("evidence/f-7");
        EvidenceFixture.sealed(dir, key());
        EvidenceKey other = EvidenceKey.loadOrCreate(data.resolve("other-gateway"));
        EvidenceVerification v = EvidenceVerifier.verify(dir, other.publicKey());
        assertThat(v.ok()).isFalse();
        assertThat(v.pinned()).isFalse();
        assertThat(v.problems()).extracting(EvidenceVerification.Problem::file).containsExactly("evidence-key.pem", "manifest.json");
        assertThat(v.problems().get(0).reason()).isEqualTo("not the pinned key: fingerprint " + key().fingerprint() + ", expected "
                + other.fingerprint());
        assertThat(v.problems().get(1).reason()).isEqualTo("not signed by the pinned key " + other.fingerprint());
    }

    @Test
    void aPackageResignedWithAnotherKeyShowsThatKeysFingerprint() throws Exception {
        Path dir = data.resolve("evidence/f-8");
        JsonObject manifest = EvidenceFixture.sealed(dir, key());
        EvidenceKey forger = EvidenceKey.loadOrCreate(data.resolve("forger"));
        EvidencePackage.sealNow(dir, manifest, forger); // self-consistent, but names the real key in "signing"
        EvidenceVerification v = EvidenceVerifier.verify(dir, null);
        assertThat(v.fingerprint()).isEqualTo(forger.fingerprint());
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("manifest.json");
            assertThat(p.reason()).startsWith("names the signing key " + key().fingerprint());
        });
    }
}
