package io.warden.gateway.footage;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A package download on record. Like a door command (requested, then confirmed or failed), it is audited twice
 * under one type, {@code footage.downloaded}: result {@code requested} before the first byte, then {@code ok} once
 * the whole zip went out or {@code failed} when the stream broke, naming the bytes sent and the requested seq.
 *
 * @param dir        the package directory to send
 * @param requestSeq the audit seq of the {@code requested} record
 */
public record FootageDownload(String id, Path dir, long requestSeq, Principal who, String source) {
    static final String TYPE = "footage.downloaded";

    static AuditEntry requested(Instant now, String id, Principal who, String source) {
        return entry(now, id, who, source, "requested", "job " + id);
    }

    /** The end's record; {@code failure} null when every one of {@code size} bytes was sent ({@code size} -1: unknown). */
    AuditEntry end(Instant now, long bytesSent, long size, Throwable failure) {
        String detail = "job " + id + ": " + bytesSent + " of " + (size < 0 ? "?" : Long.toString(size)) + " bytes sent (requested seq " + requestSeq + ")"
                + (failure == null ? "" : "; " + failure.getMessage());
        return entry(now, id, who, source, failure == null ? "ok" : "failed", detail);
    }

    private static AuditEntry entry(Instant now, String id, Principal who, String source, String result, String detail) {
        return new AuditEntry(now, TYPE, who.name(), source, null, null, null, null, null,
                "GET /api/v1/footage/" + id + "/package.zip", result, detail);
    }
}
