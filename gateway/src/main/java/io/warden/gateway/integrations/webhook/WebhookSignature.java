package io.warden.gateway.integrations.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Warden-Signature} header of a webhook delivery:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>}.
 *
 * <p>The timestamp is signed with the body so a receiver can refuse replays (a {@code t} older than a few
 * minutes) and a captured body cannot be re-sent under a fresh time. Each attempt is signed anew, so a
 * delivery retried an hour later still passes a receiver's replay window; the body and
 * {@code Warden-Delivery} stay the same. {@code v1} names the scheme so a later one can be added beside it
 * while receivers migrate. The key is the secret's UTF-8 bytes. Immutable and thread-safe; never shows the key.
 */
public final class WebhookSignature {
    public static final String HEADER = "Warden-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public WebhookSignature(String secret) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("webhook secret is empty");
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public String header(long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hex(unixSeconds, body);
    }

    /** Hex HMAC-SHA256 over {@code "<t>." + body} (lower case). */
    String hex(long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is stateful: one per call keeps this thread-safe
            mac.init(key);
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e); // every Java SE has it
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[HMAC-SHA256]";
    }
}
