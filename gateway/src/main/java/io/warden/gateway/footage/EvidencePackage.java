package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * An evidence package on disk ({@code data/evidence/<id>/}): the clips, {@code manifest.json},
 * {@code SHA256SUMS} (every file but itself and the signature, in {@code sha256sum -c} format) and
 * {@code manifest.json.sig} (a detached Ed25519 signature of manifest.json's bytes by the gateway's
 * {@link EvidenceKey}). Verifiable offline without Warden ({@code sha256sum -c}) and with
 * {@code warden evidence verify}.
 * (STUB: signature fixed by the lead; the evidence helper implements it.)
 */
public final class EvidencePackage {
    private EvidencePackage() {}

    /** Write manifest.json (as given, pretty-printed), SHA256SUMS and the signature into {@code dir}; blocking work on a worker. */
    public static Future<Void> seal(Vertx vertx, Path dir, JsonObject manifest, EvidenceKey key) {
        throw new UnsupportedOperationException("not built yet");
    }
}
