package io.warden.gateway.footage;

import java.nio.file.Path;

/**
 * The gateway's own Ed25519 key for signing evidence manifests (JCA), created on first start under
 * the data directory ({@code evidence-key.pem}, owner-only permissions) and loaded after that. Its
 * public key is served at {@code GET /api/v1/evidence/key} and written into every package.
 * (STUB: signature fixed by the lead; the evidence helper implements it.)
 */
public final class EvidenceKey {

    /** Load the key under {@code dataDir}, creating it when absent (blocking: call from a worker or at start). */
    public static EvidenceKey loadOrCreate(Path dataDir) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The public key as PEM (SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        throw new UnsupportedOperationException("not built yet");
    }
}
