package io.warden.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.gateway.audit.AuditSigningKey;
import io.warden.gateway.footage.EvidenceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519KeyFileTest {
    /** Test-only keys, written by EvidenceKey and AuditSigningKey before they shared this class. */
    static final String OLD_EVIDENCE_KEY = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIA5aGZWVWkI8+uuPOngSm47vgXulqgDZMjjlo1wzG+9z
            -----END PRIVATE KEY-----
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAPOgo/l2Hmjj1H072wDoUbnBK+mR75YA76Rw9ZwpZZoI=
            -----END PUBLIC KEY-----
            """;
    /** {@code openssl pkey -pubin -outform DER | sha256sum} of its public key. */
    static final String OLD_EVIDENCE_FINGERPRINT = "b9d341ce872bbcf0b6a8f8422bda3ff8ae87283b4213779b810bed78970ff1b9";
    static final String OLD_AUDIT_KEY = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIHCivLjf79t4t14lREiHdvtPXvFwNfMptyklBPSSyP8g
            -----END PRIVATE KEY-----
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAngKGh9iDXQalCCqvL65Lwa0l1DVR+U6qc0d3fmHhSrk=
            -----END PUBLIC KEY-----
            """;
    static final String OLD_AUDIT_FINGERPRINT = "31e43dc92d4321d5f02b324f11460634461b359bd9aa5181966db8db0ed93fb6";

    @TempDir
    Path dir;

    @Test
    void keyFilesWrittenBeforeTheMergeLoadUnchangedThroughBothUsers() throws Exception {
        Files.writeString(dir.resolve(EvidenceKey.FILE), OLD_EVIDENCE_KEY);
        Path auditFile = dir.resolve("audit-signing.key");
        Files.writeString(auditFile, OLD_AUDIT_KEY);

        EvidenceKey evidence = EvidenceKey.loadOrCreate(dir);
        assertThat(evidence.fingerprint()).isEqualTo(OLD_EVIDENCE_FINGERPRINT);
        assertThat(evidence.publicKeyPem()).isEqualTo(OLD_EVIDENCE_KEY.substring(OLD_EVIDENCE_KEY.indexOf("-----BEGIN PUBLIC")));
        byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
        assertThat(Ed25519KeyFile.verify(Ed25519KeyFile.readPublic(dir.resolve(EvidenceKey.FILE)), data, evidence.sign(data))).isTrue();

        AuditSigningKey audit = AuditSigningKey.loadOrCreate(auditFile);
        assertThat(Ed25519KeyFile.fingerprint(audit.publicKey())).isEqualTo(OLD_AUDIT_FINGERPRINT);
        assertThat(Files.readString(auditFile)).isEqualTo(OLD_AUDIT_KEY);
        assertThat(Files.readString(dir.resolve(EvidenceKey.FILE))).isEqualTo(OLD_EVIDENCE_KEY);
    }

    @Test
    void aNewKeyIsOwnerOnlyInTheSameFormatAndLoadsBackAsTheSameKey() throws Exception {
        Path file = dir.resolve("nested/dir/k.pem");
        Ed25519KeyFile created = Ed25519KeyFile.loadOrCreate(file);
        assertThat(created.created()).isTrue();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).matches("-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=]{64}\n-----END PRIVATE KEY-----\n"
                + "-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]{60}\n-----END PUBLIC KEY-----\n");
        assertThat(created.publicKeyPem()).isEqualTo(Files.readString(file).substring(Files.readString(file).indexOf("-----BEGIN PUBLIC")));

        Ed25519KeyFile again = Ed25519KeyFile.loadOrCreate(file);
        assertThat(again.created()).isFalse();
        assertThat(again.fingerprint()).isEqualTo(created.fingerprint()).hasSize(64);
        byte[] data = {9, 8, 7};
        assertThat(Ed25519KeyFile.verify(created.publicKey(), data, again.sign(data))).isTrue();
        assertThat(tempFiles(file.getParent())).isEmpty();
        assertThat(again.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void ofManyConcurrentCreatorsOneWinsAndEveryoneUsesTheKeyOnDisk() throws Exception {
        int creators = 8;
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            for (int round = 0; round < 10; round++) {
                Path file = dir.resolve("round" + round).resolve("k.pem");
                CyclicBarrier start = new CyclicBarrier(creators);
                List<Future<Ed25519KeyFile>> keys = new ArrayList<>();
                for (int i = 0; i < creators; i++) {
                    keys.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return Ed25519KeyFile.loadOrCreate(file);
                    }));
                }
                String onDisk = Ed25519KeyFile.fingerprint(Ed25519KeyFile.readPublic(keysDone(keys, file)));
                int winners = 0;
                for (Future<Ed25519KeyFile> k : keys) {
                    assertThat(k.get().fingerprint()).as("round %d", round).isEqualTo(onDisk);
                    if (k.get().created()) winners++;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                assertThat(tempFiles(file.getParent())).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void halvesFromTwoDifferentKeysAreRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("mixed.pem");
        Files.writeString(file, OLD_EVIDENCE_KEY.substring(0, OLD_EVIDENCE_KEY.indexOf("-----BEGIN PUBLIC"))
                + OLD_AUDIT_KEY.substring(OLD_AUDIT_KEY.indexOf("-----BEGIN PUBLIC")));
        assertRefused(file, "do not belong together");
    }

    @Test
    void whatIsNoKeyIsRefusedNamingTheFileAndNotReplaced() throws Exception {
        Path file = dir.resolve("k.pem");
        String[] noKeys = {"not a key\n", "\u00e9\u00ff binary \u0000", OLD_EVIDENCE_KEY.replace("MCowBQYDK2VwAyEA", ""),
            OLD_EVIDENCE_KEY.substring(0, OLD_EVIDENCE_KEY.indexOf("-----END PUBLIC")),
            OLD_EVIDENCE_KEY.replace("MCowBQYDK2VwAyEA", "MCowBQYDK2VxAyEA")};
        for (String text : noKeys) {
            Files.writeString(file, text, StandardCharsets.ISO_8859_1);
            assertRefused(file, "k.pem");
            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).isEqualTo(text);
        }
        // a large file named by mistake is refused without reading it all
        Files.write(file, new byte[Ed25519KeyFile.MAX_FILE_BYTES + 1]);
        assertRefused(file, "larger than");
    }

    @Test
    void aPublicKeyIsReadFromAPublicPemOrAKeyFileAndNotFromOtherText() throws Exception {
        Path pub = dir.resolve("k.pub");
        Files.writeString(pub, OLD_AUDIT_KEY.substring(OLD_AUDIT_KEY.indexOf("-----BEGIN PUBLIC")));
        assertThat(Ed25519KeyFile.fingerprint(Ed25519KeyFile.readPublic(pub))).isEqualTo(OLD_AUDIT_FINGERPRINT);
        Path whole = dir.resolve("k.pem");
        Files.writeString(whole, OLD_AUDIT_KEY);
        assertThat(Ed25519KeyFile.readPublic(whole)).isEqualTo(Ed25519KeyFile.readPublic(pub));

        Files.writeString(pub, OLD_AUDIT_KEY.substring(0, OLD_AUDIT_KEY.indexOf("-----BEGIN PUBLIC")));
        assertThatThrownBy(() -> Ed25519KeyFile.readPublic(pub)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("k.pub").hasMessageContaining("no PEM public key block");
    }

    @Test
    void aKeyFileOthersCanReadIsNoticed() throws Exception {
        Path file = dir.resolve("k.pem");
        Ed25519KeyFile.loadOrCreate(file);
        assertThat(Ed25519KeyFile.readableByOthers(file)).isFalse();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(Ed25519KeyFile.readableByOthers(file)).isTrue();
    }

    @Test
    void verifyIsFalseForAnythingMalformed() throws Exception {
        Ed25519KeyFile key = Ed25519KeyFile.loadOrCreate(dir.resolve("k.pem"));
        byte[] data = {1};
        byte[] sig = key.sign(data);
        assertThat(Ed25519KeyFile.verify(key.publicKey(), data, sig)).isTrue();
        assertThat(Ed25519KeyFile.verify(key.publicKey(), data, new byte[3])).isFalse();
        assertThat(Ed25519KeyFile.verify(key.publicKey(), data, null)).isFalse();
        assertThat(Ed25519KeyFile.verify(null, data, sig)).isFalse();
        assertThat(Ed25519KeyFile.verify(key.publicKey(), new byte[] {2}, sig)).isFalse();
    }

    private static void assertRefused(Path file, String detail) {
        assertThatThrownBy(() -> Ed25519KeyFile.loadOrCreate(file)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(detail);
    }

    private static Path keysDone(List<Future<Ed25519KeyFile>> keys, Path file) throws Exception {
        for (Future<Ed25519KeyFile> k : keys) k.get(30, TimeUnit.SECONDS);
        return file;
    }

    private static List<Path> tempFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
