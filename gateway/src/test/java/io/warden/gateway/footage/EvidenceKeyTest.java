package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceKeyTest {
    @TempDir
    Path data;

    @Test
    void createdOnceOwnerOnlyAndTheSameKeyAfterARestart() throws Exception {
        EvidenceKey first = EvidenceKey.loadOrCreate(data);
        Path file = data.resolve("evidence-key.pem");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String text = Files.readString(file);
        assertThat(text).contains("-----BEGIN PRIVATE KEY-----").contains("-----BEGIN PUBLIC KEY-----");
        assertThat(data.resolve("evidence-key.pem.tmp")).doesNotExist();

        EvidenceKey again = EvidenceKey.loadOrCreate(data);
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(again.publicKeyPem()).isEqualTo(first.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Files.readString(file)).isEqualTo(text);

        byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
        byte[] sig = again.sign(data);
        assertThat(sig).hasSize(64);
        assertThat(EvidenceKey.verify(EvidenceKey.parsePublicPem(first.publicKeyPem()), data, sig)).isTrue();
        data[0] ^= 1;
        assertThat(EvidenceKey.verify(first.publicKey(), data, sig)).isFalse();
        assertThat(first.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void theFingerprintIsTheSha256OfThePublicKeyDer() throws Exception {
        EvidenceKey key = EvidenceKey.loadOrCreate(data);
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.publicKey().getEncoded()));
        assertThat(key.fingerprint()).isEqualTo(hex).hasSize(64);
        // the same as `openssl pkey -pubin -outform DER | sha256sum` would print: the DER is SubjectPublicKeyInfo
        assertThat(key.publicKey().getEncoded()).hasSize(44);
    }

    @Test
    void aFileThatIsNoKeyIsABadConfigNamingTheFile() throws Exception {
        Files.writeString(data.resolve("evidence-key.pem"), "not a key\n");
        assertThatThrownBy(() -> EvidenceKey.loadOrCreate(data)).isInstanceOfSatisfying(WardenException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            assertThat(e.getMessage()).contains("evidence-key.pem");
        });
    }
}
