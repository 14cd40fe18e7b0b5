package io.warden.gateway.audit;

import java.time.Instant;

/**
 * One thing that happened, as written to the audit trail. Fields that do not apply are null.
 *
 * @param time       when it happened (gateway clock)
 * @param type       what kind: {@code door.command}, {@code lockdown.started}, {@code lockdown.released},
 *                   {@code auth.refused}, {@code auth.refused.summary} (refusals counted, {@code detail} starts {@code count=N}),
 *                   {@code audit.query}, {@code audit.export}, {@code config.loaded},
 *                   or a device event type such as {@code door.forced}, {@code credential.read}
 * @param actor      the token holder's name, {@code system}, or the device id for device events
 * @param source     where the request came from (remote address), null for device events
 * @param site       the door's site
 * @param zone       the door's zone (building)
 * @param door       the door id
 * @param camera     the camera id
 * @param credential the credential presented (card hex or "facility:number", PIN masked)
 * @param action     what was asked or done: {@code pulse}, {@code unlock}, {@code lockdown}, {@code GET /api/v1/audit}
 * @param result     {@code requested}, {@code confirmed}, {@code failed}, {@code refused}, {@code ok}
 * @param detail     free text for people, e.g. the device's answer or the refusal reason
 */
public record AuditEntry(Instant time, String type, String actor, String source, String site, String zone, String door,
                         String camera, String credential, String action, String result, String detail) {
    public AuditEntry {
        if (time == null || type == null || type.isBlank()) throw new IllegalArgumentException("audit entry needs a time and a type");
    }
}
