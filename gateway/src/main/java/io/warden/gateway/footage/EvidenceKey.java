package io.warden.gateway.footage;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.crypto.Ed25519KeyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own Ed25519 key for signing evidence manifests (JCA), created on first start under
 * the data directory ({@code evidence-key.pem}, owner-only permissions) and loaded after that. Its
 * public key is served at {@code GET /api/v1/evidence/key} and written into every package.
 *
 * <p>The key file is an {@link Ed25519KeyFile}: the private key (PKCS#8) and the public key
 * (SubjectPublicKeyInfo) as two PEM blocks. Loading and creating are blocking; signing is CPU only and
 * thread-safe (a new {@link Signature} per call). Failures are {@link WardenException}s: BAD_CONFIG when
 * the file is not a key, INTERNAL when it cannot be read or written.
 */
public final class EvidenceKey {
    /** The key file's name under the data directory. */
    public static final String FILE = "evidence-key.pem";
    public static final String ALGORITHM = Ed25519KeyFile.ALGORITHM;
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceKey.class);

    private final Ed25519KeyFile key;

    private EvidenceKey(Ed25519KeyFile key) {
        this.key = key;
    }

    /** Load the key under {@code dataDir}, creating it when absent (blocking: call from a worker or at start). */
    public static EvidenceKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Ed25519KeyFile key = Ed25519KeyFile.loadOrCreate(file);
            if (key.created()) {
                LOG.info("event=evidence_key_created file={} fingerprint={}", file, key.fingerprint());
            } else if (Ed25519KeyFile.readableByOthers(file)) {
                LOG.warn("event=evidence_key_readable_by_others file={} hint=\"chmod 600\"", file);
            }
            return new EvidenceKey(key);
        } catch (IOException e) {
            throw new WardenException(ErrorCode.INTERNAL, "cannot read or write the evidence key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            // the message names the file
            throw new WardenException(ErrorCode.BAD_CONFIG, e.getMessage(), e);
        }
    }

    /** The public key as PEM (SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return key.publicKeyPem();
    }

    public PublicKey publicKey() {
        return key.publicKey();
    }

    /** Lower-case hex SHA-256 of the public key's DER (SubjectPublicKeyInfo) encoding. */
    public String fingerprint() {
        return key.fingerprint();
    }

    /** What {@code GET /api/v1/evidence/key} answers: {@code {"algorithm","publicKeyPem","fingerprint"}}. */
    public JsonObject describe() {
        return new JsonObject().put("algorithm", ALGORITHM).put("publicKeyPem", publicKeyPem()).put("fingerprint", fingerprint());
    }

    /** Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            return key.sign(data);
        } catch (GeneralSecurityException e) {
            throw new WardenException(ErrorCode.INTERNAL, "cannot sign with the evidence key: " + e.getMessage(), e);
        }
    }

    /** True when {@code signature} is a valid Ed25519 signature of {@code data} by {@code key}; false for anything malformed. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        return Ed25519KeyFile.verify(key, data, signature);
    }

    /** Lower-case hex SHA-256 of {@code key}'s DER encoding. */
    public static String fingerprint(PublicKey key) {
        return Ed25519KeyFile.fingerprint(key);
    }

    /** Parses a PEM public key (SubjectPublicKeyInfo, Ed25519). */
    public static PublicKey parsePublicPem(String pem) throws GeneralSecurityException {
        return Ed25519KeyFile.parsePublicPem(pem);
    }

    @Override
    public String toString() {
        return "EvidenceKey[" + ALGORITHM + " " + fingerprint() + "]"; // never the private key
    }
}
