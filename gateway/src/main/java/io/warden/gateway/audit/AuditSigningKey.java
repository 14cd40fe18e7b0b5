package io.warden.gateway.audit;

import io.warden.gateway.crypto.Ed25519KeyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * The Ed25519 key that signs audit checkpoints. It lives in a file of its own, never in the database:
 * whoever holds it can sign checkpoints, so it belongs where the audit database's copier cannot read
 * it. The file is an {@link Ed25519KeyFile} (PEM: PKCS#8 private key, X.509 public key). Blocking file
 * I/O: call off the event loop. Signing is thread-safe.
 */
public final class AuditSigningKey {
    private final Ed25519KeyFile key;

    private AuditSigningKey(Ed25519KeyFile key) {
        this.key = key;
    }

    /**
     * Read the key from {@code file}, or generate one and write it there (mode 0600 where the file system
     * has POSIX permissions) when the file does not exist. The file holds the private and the public key.
     *
     * @throws IOException when the file cannot be read or written
     * @throws GeneralSecurityException naming the file when it is not an Ed25519 key file
     */
    public static AuditSigningKey loadOrCreate(Path file) throws IOException, GeneralSecurityException {
        return new AuditSigningKey(Ed25519KeyFile.loadOrCreate(file));
    }

    /** True when group or others may read the key file (it should be 0600). */
    public static boolean readableByOthers(Path file) throws IOException {
        return Ed25519KeyFile.readableByOthers(file);
    }

    public PublicKey publicKey() {
        return key.publicKey();
    }

    /** The checkpoint with its signature. */
    public AuditCheckpoint sign(AuditCheckpoint cp) throws GeneralSecurityException {
        return cp.withSig(Base64.getEncoder().encodeToString(key.sign(cp.signedBytes())));
    }

    /** True when {@code cp}'s signature is valid under {@code key}; false for a missing or malformed one. */
    public static boolean verifies(PublicKey key, AuditCheckpoint cp) {
        try {
            return cp.sig() != null && Ed25519KeyFile.verify(key, cp.signedBytes(), Base64.getDecoder().decode(cp.sig()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key as PEM text. */
    public static String publicPem(PublicKey key) {
        return Ed25519KeyFile.publicPem(key);
    }

    /** Read a PEM public key written by {@link #publicPem} (or a whole key file). */
    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return Ed25519KeyFile.readPublic(file);
    }
}
