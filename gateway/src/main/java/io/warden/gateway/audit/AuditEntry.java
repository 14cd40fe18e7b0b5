package io.warden.gateway.audit;

import java.time.Instant;

/**
 * One thing that happened, as written to the audit trail. Fields that do not apply are null.
 *
 * @param time       when it happened (gateway clock)
 * @param type       what kind: {@code door.command}, {@code lockdown.started}, {@code lockdown.released},
 *                   {@code auth.refused}, {@code auth.refused.summary} (refusals counted, {@code detail} starts {@code count=N}),
 *                   {@code console.sign_in}, {@code console.sign_in_refused} and its {@code .summary}, {@code console.sign_out},
 *                   {@code audit.query}, {@code audit.export}, {@code config.loaded},
 *                   or a device event type such as {@code door.forced}, {@code credential.read}
 * @param actor      the token holder's name, {@code system}, or the device id for device events
 * @param source     where the request came from (remote address), null for device events
 * @param site       the door's site
 * @param zone       the door's zone (building)
 * @param door       the door id
 * @param camera     the camera id
 * @param credential the credential presented (card hex or "facility:number", PIN masked, {@code token:<value>} for a
 *                   credential a controller names by its token)
 * @param action     what was asked or done: {@code pulse}, {@code unlock}, {@code lockdown}, {@code GET /api/v1/audit}
 * @param result     {@code requested}, {@code confirmed}, {@code failed}, {@code refused}, {@code ok}
 * @param detail     free text for people, e.g. the device's answer or the refusal reason
 */
public record AuditEntry(Instant time, String type, String actor, String source, String site, String zone, String door,
                         String camera, String credential, String action, String result, String detail) {
    public AuditEntry {
        if (time == null || type == null || type.isBlank()) throw new IllegalArgumentException("audit entry needs a time and a type");
    }

    /** Card numbers in a text (canonical ids, raw bits), all but their last two characters masked. */
    private static final java.util.regex.Pattern CARD_NUMBERS = java.util.regex.Pattern.compile(
            "(?i)((?:H10301|C1000|H10304):\\d+:|RAW:\\d+:|\\d+-bit )([0-9A-F]+)");

    /**
     * For logs only (e.g. a record the store refused, logged so it is not lost): every field, with card
     * numbers and credential tokens masked ({@code H10301:40:**89}, {@code token:******01}), so a log
     * never holds a usable credential. The trail keeps them whole.
     */
    @Override
    public String toString() {
        return "AuditEntry[time=" + time + ", type=" + type + ", actor=" + actor + ", source=" + source + ", site=" + site + ", zone=" + zone
                + ", door=" + door + ", camera=" + camera + ", credential=" + masked(credential) + ", action=" + action
                + ", result=" + result + ", detail=" + masked(detail) + "]";
    }

    /** A controller's credential token ({@code token:<value>}, ONVIF Profile C). */
    private static final java.util.regex.Pattern TOKENS = java.util.regex.Pattern.compile("(?i)(token:)([^\\s;,]+)");

    static String masked(String text) {
        if (text == null) return null;
        return mask(TOKENS, mask(CARD_NUMBERS, text));
    }

    private static String mask(java.util.regex.Pattern p, String text) {
        return p.matcher(text).replaceAll(m -> {
            String n = m.group(2);
            String shown = n.length() <= 2 ? "" : n.substring(n.length() - 2);
            return java.util.regex.Matcher.quoteReplacement(m.group(1) + "*".repeat(n.length() - shown.length()) + shown);
        });
    }
}
