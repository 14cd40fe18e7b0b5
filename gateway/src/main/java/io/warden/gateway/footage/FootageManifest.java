package io.warden.gateway.footage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/** The {@code manifest.json} of an evidence package (fields as SHARED-SPEC lists them). Pure. */
final class FootageManifest {
    private FootageManifest() {}

    /**
     * @param names         camera id to its configured name
     * @param version       the gateway's version ("dev" outside a built jar)
     * @param fingerprint   hex SHA-256 of the signing key's DER public key
     */
    static JsonObject build(FootageJob job, java.util.function.Function<String, String> names, String version, String fingerprint,
                            Instant finishedAt) {
        JsonObject request = new JsonObject().put("from", job.from().toString()).put("to", job.to().toString())
                .put("doors", new JsonArray(job.doors())).put("cameras", new JsonArray(job.askedCameras()))
                .put("reason", job.reason()).put("requestedBy", job.requestedBy()).put("automatic", job.automatic())
                .put("requestSeq", job.requestSeq());
        JsonArray cameras = new JsonArray();
        for (CameraJob c : job.cameras()) {
            JsonObject j = new JsonObject().put("id", c.id()).put("name", names.apply(c.id())).put("info", c.info());
            if (c.infoError() != null) j.put("infoError", c.infoError());
            j.put("recorder", c.recorder()).put("recordingTokens", new JsonArray(c.recordingTokens()))
                    .put("requested", new JsonObject().put("from", job.from().toString()).put("to", job.to().toString()));
            JsonArray covered = new JsonArray();
            c.coveredRanges().forEach(r -> covered.add(r.toJson()));
            JsonArray gaps = new JsonArray();
            c.gaps().forEach(r -> gaps.add(r.toJson()));
            j.put("covered", covered).put("gaps", gaps).put("clockOffsetMs", c.clockOffsetMs()).put("status", c.status().id());
            if (c.clockOffsetMs() != null) {
                // times above are the gateway's; this is the window as asked of the device, on its clock
                Duration off = CameraExport.deviceShift(c.clockOffsetMs());
                j.put("deviceRequested", new JsonObject().put("from", job.from().plus(off).toString()).put("to", job.to().plus(off).toString()));
            }
            if (c.detail() != null) j.put("detail", c.detail());
            JsonArray clips = new JsonArray();
            c.clips().forEach(k -> clips.add(CameraJob.clipJson(k)));
            cameras.add(j.put("clips", clips));
        }
        return new JsonObject().put("id", job.id()).put("request", request).put("createdAt", job.createdAt().toString())
                .put("finishedAt", finishedAt.toString()).put("gateway", new JsonObject().put("version", version))
                .put("signing", new JsonObject().put("algorithm", "Ed25519").put("fingerprint", fingerprint))
                .put("cameras", cameras);
    }
}
