package io.warden.gateway.footage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A small evidence package: three stand-in clips (random bytes), a manifest naming them, sealed. */
final class EvidenceFixture {
    private EvidenceFixture() {}

    /** Writes the clips and manifest into {@code dir} (created) and seals it; returns the manifest. */
    static JsonObject sealed(Path dir, EvidenceKey key) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(7);
        JsonArray front = new JsonArray();
        front.add(clip(dir, "cam-front-1.mp4", 200_000, r));
        front.add(clip(dir, "cam-front-2.mp4", 50_000, r));
        JsonArray back = new JsonArray().add(clip(dir, "cam-back-1.mp4", 120_000, r));
        JsonObject manifest = new JsonObject()
                .put("id", dir.getFileName().toString())
                .put("request", new JsonObject().put("from", "2026-03-02T10:02:00Z").put("to", "2026-03-02T10:10:00Z")
                        .put("doors", new JsonArray().add("gym-east")).put("reason", "incident 4711").put("requestedBy", "alice")
                        .put("automatic", false).put("requestSeq", 42))
                .put("signing", new JsonObject().put("algorithm", "Ed25519").put("fingerprint", key.fingerprint()))
                .put("cameras", new JsonArray()
                        .add(new JsonObject().put("id", "cam-front").put("clips", front))
                        .add(new JsonObject().put("id", "cam-back").put("clips", back)));
        EvidencePackage.sealNow(dir, manifest, key);
        return manifest;
    }

    private static JsonObject clip(Path dir, String name, int size, Random r) throws IOException {
        byte[] b = new byte[size];
        r.nextBytes(b);
        Files.write(dir.resolve(name), b);
        return new JsonObject().put("file", name).put("bytes", size).put("sha256", EvidencePackage.sha256(dir.resolve(name)));
    }

    /** Flips one byte of {@code file} in place. */
    static void flipByte(Path file, long at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) at] ^= 0x01;
        Files.write(file, b);
    }
}
