package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The web console's footage page checks a downloaded package in the browser (console/js/evidence.js).
 * Run under Node (the same Web Crypto and Blob APIs) on zips the gateway itself writes, it must come to
 * the verdict {@link EvidenceVerifier} comes to, naming the same files: intact, ZIP64 headers, a changed
 * clip, an edited manifest, an added file, another gateway's key.
 */
class ConsoleEvidenceCheckTest extends SealedPackageTestBase {
    static final Path SCRIPT = Path.of("src/test/node/evidence-check.mjs").toAbsolutePath();

    @Test
    void anIntactPackageVerifiesAsSignedByThisGateway() throws Exception {
        JsonObject browser = agree(zip(false), key);
        assertThat(browser.getBoolean("ok")).isTrue();
        assertThat(browser.getBoolean("pinnedOk")).isTrue();
        assertThat(browser.getString("fingerprint")).isEqualTo(key.fingerprint());
        assertThat(browser.getInteger("clips")).isEqualTo(3);
    }

    @Test
    void zip64HeadersAreReadToo() throws Exception {
        assertThat(agree(zip(true), key).getBoolean("ok")).isTrue();
    }

    @Test
    void aChangedClipIsNamed() throws Exception {
        EvidenceFixture.flipByte(dir.resolve("cam-front-2.mp4"), 1000);
        JsonObject browser = agree(zip(false), key);
        assertThat(browser.getBoolean("ok")).isFalse();
        assertThat(problemFiles(browser)).containsExactly("cam-front-2.mp4");
        assertThat(browser.getBoolean("pinnedOk")).as("the manifest itself is still the signed one").isTrue();
    }

    @Test
    void anEditedManifestFailsItsSignature() throws Exception {
        Path manifest = dir.resolve(EvidencePackage.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("incident 4711", "incident 4712"));
        JsonObject browser = agree(zip(false), key);
        assertThat(browser.getBoolean("ok")).isFalse();
        assertThat(browser.getBoolean("pinnedOk")).isFalse();
        assertThat(problemFiles(browser)).contains(EvidencePackage.MANIFEST);
    }

    @Test
    void anAddedFileIsNamed() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "added later");
        JsonObject browser = agree(zip(false), key);
        assertThat(browser.getBoolean("ok")).isFalse();
        assertThat(problemFiles(browser)).containsExactly("notes.txt");
    }

    @Test
    void aPackageFromAnotherGatewayIsNotThisGatewaysEvidence() throws Exception {
        EvidenceKey other = EvidenceKey.loadOrCreate(Files.createDirectories(data.resolve("other")));
        JsonObject browser = agree(zip(false), other);
        assertThat(browser.getBoolean("ok")).isFalse();
        assertThat(browser.getBoolean("pinnedOk")).isFalse();
        assertThat(problemFiles(browser)).contains(EvidencePackage.PUBLIC_KEY);
    }

    /** Runs both checks with {@code pinned} as this gateway's key; asserts they agree; returns the browser's. */
    private JsonObject agree(Path zip, EvidenceKey pinned) throws Exception {
        EvidenceVerification gateway = EvidenceVerifier.verify(zip, pinned.publicKey());
        Path pem = Files.writeString(data.resolve("pinned.pem"), pinned.publicKeyPem());
        JsonObject browser = runNode(zip, pem);
        assertThat(browser.getBoolean("ok")).as("verdict; gateway's problems: " + gateway.problems()).isEqualTo(gateway.ok());
        assertThat(browser.getBoolean("pinnedOk")).isEqualTo(gateway.pinned());
        assertThat(problemFiles(browser)).as("files with a problem; browser: " + browser.encode())
                .isEqualTo(gateway.problems().stream().map(EvidenceVerification.Problem::file).collect(Collectors.toCollection(TreeSet::new)));
        return browser;
    }

    private Path zip(boolean zip64) throws Exception {
        return zipTo(zip64 ? "package-z64.zip" : "package.zip", zip64);
    }

    private static Set<String> problemFiles(JsonObject result) {
        return result.getJsonArray("problems").stream().map(p -> ((JsonObject) p).getString("file")).collect(Collectors.toCollection(TreeSet::new));
    }

    private JsonObject runNode(Path zip, Path pem) throws Exception {
        Path out = data.resolve("node.out");
        Path err = data.resolve("node.err");
        Process p;
        try {
            p = new ProcessBuilder("node", SCRIPT.toString(), zip.toString(), pem.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("node is not installed (needed to run the console's evidence check): " + e.getMessage(), e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node evidence-check.mjs did not finish within 60 s; stderr: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("node exit; stderr: " + Files.readString(err)).isZero();
        String text = Files.readString(out).strip();
        return new JsonObject(text.substring(text.lastIndexOf('\n') + 1));
    }
}
