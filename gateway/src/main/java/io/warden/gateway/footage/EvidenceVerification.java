package io.warden.gateway.footage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The result of checking an evidence package offline.
 *
 * @param ok          true when nothing is wrong
 * @param files       how many files the package holds
 * @param fingerprint SHA-256 (hex) of the public key the package includes, or null when it has none that parses
 * @param pinned      a pinned key was given and the package is signed by it
 * @param problems    each failing file and why, in the order found
 */
public record EvidenceVerification(boolean ok, int files, String fingerprint, boolean pinned, List<Problem> problems) {
    public EvidenceVerification {
        problems = List.copyOf(problems);
    }

    /** What is wrong with one file of the package. */
    public record Problem(String file, String reason) {}

    public JsonObject toJson() {
        JsonArray p = new JsonArray();
        for (Problem x : problems) p.add(new JsonObject().put("file", x.file()).put("reason", x.reason()));
        return new JsonObject().put("ok", ok).put("files", files).put("fingerprint", fingerprint).put("pinned", pinned).put("problems", p);
    }
}
