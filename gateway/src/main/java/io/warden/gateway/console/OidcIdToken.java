package io.warden.gateway.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.auth.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The checks an ID token's claims must pass (OpenID Connect Core 1.0, section 3.1.3.7), the role its
 * claims give, and the names it yields. The signature is checked before (by vertx-auth-oauth2 against
 * the provider's published keys); this checks issuer and audience (the library's own issuer check is
 * turned off, as it cannot accept Google's legacy {@code iss}) and adds what it leaves out: expiry,
 * issue time and nonce. Pure functions of the claims.
 */
final class OidcIdToken {
    /** Clock difference allowed between the provider and the gateway. */
    static final Duration LEEWAY = Duration.ofSeconds(60);
    private static final int MAX_NAME_CHARS = 80;
    private static final String GOOGLE = "https://accounts.google.com";

    private OidcIdToken() {}

    /** Why {@code claims} may not sign anybody in, or null when they may. */
    static String problem(JsonObject claims, String issuer, String clientId, String nonce, Instant now) {
        if (!(claims.getValue("iss") instanceof String iss) || !sameIssuer(iss, issuer)) {
            return "ID token from another issuer (" + claims.getValue("iss") + ", expected " + issuer + ")";
        }
        Object aud = claims.getValue("aud");
        List<?> audiences = aud instanceof JsonArray a ? a.getList() : aud == null ? List.of() : List.of(aud);
        if (!audiences.contains(clientId)) return "ID token for another client (aud " + aud + ")";
        if (audiences.size() > 1 && !clientId.equals(claims.getValue("azp"))) return "ID token for several clients without azp naming this one";
        if (!(claims.getValue("exp") instanceof Number exp)) return "ID token without expiry";
        if (!now.isBefore(Instant.ofEpochSecond(exp.longValue()).plus(LEEWAY))) return "ID token expired at " + Instant.ofEpochSecond(exp.longValue());
        if (claims.getValue("iat") instanceof Number iat && Instant.ofEpochSecond(iat.longValue()).isAfter(now.plus(LEEWAY))) {
            return "ID token issued in the future (" + Instant.ofEpochSecond(iat.longValue()) + ")";
        }
        if (!(claims.getValue("nonce") instanceof String n)
                || !MessageDigest.isEqual(n.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
            return "ID token nonce does not match this sign-in (a token from another sign-in?)";
        }
        if (!(claims.getValue("sub") instanceof String sub) || sub.isBlank()) return "ID token without subject";
        return null;
    }

    /**
     * The role of the first rule whose claim equals its value, or is a list holding it. An {@code email}
     * matches only when the provider says it verified it ({@code email_verified: true}): Entra ID sends no
     * such claim, and its {@code email} is whatever the account's mail attribute says, which a guest's home
     * tenant or an administrator elsewhere may set to a district address (use groups or app roles there).
     */
    static Optional<Role> role(JsonObject claims, List<ConsoleOptions.RoleRule> rules) {
        for (ConsoleOptions.RoleRule r : rules) {
            Object v = claims.getValue(r.claim());
            if (r.claim().equals("email") && !Boolean.TRUE.equals(claims.getValue("email_verified"))) continue;
            boolean match = v instanceof JsonArray list ? list.getList().stream().anyMatch(e -> r.value().equals(String.valueOf(e)))
                    : v != null && !(v instanceof JsonObject) && r.value().equals(String.valueOf(v));
            if (match) return Optional.of(r.role());
        }
        return Optional.empty();
    }

    /** What the console shows: the name, else the e-mail address, else the username, else the subject; printable, capped. */
    static String displayName(JsonObject claims) {
        for (String key : List.of("name", "email", "preferred_username", "sub")) {
            if (claims.getValue(key) instanceof String s) {
                String clean = printable(s);
                if (!clean.isEmpty()) return clean;
            }
        }
        return "unknown";
    }

    /** Who the provider says it is: {@code oidc <issuer host>/<sub>}, e.g. {@code oidc accounts.google.com/1098}. */
    static String subject(String issuerHost, JsonObject claims) {
        return "oidc " + issuerHost + "/" + printable(claims.getString("sub"));
    }

    /** {@link #clean}, at most 80 characters. */
    static String printable(String s) {
        String clean = clean(s);
        return clean.codePointCount(0, clean.length()) <= MAX_NAME_CHARS ? clean : clean.substring(0, clean.offsetByCodePoints(0, MAX_NAME_CHARS)) + "…";
    }

    /** Control characters and line breaks dropped (a name must not forge a log line), trimmed. */
    static String clean(String s) {
        return s.codePoints().filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                        && Character.getType(c) != Character.LINE_SEPARATOR && Character.getType(c) != Character.PARAGRAPH_SEPARATOR)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    }

    /** Equal but for a trailing slash; Google documents its ID tokens' {@code iss} as either form of its issuer. */
    private static boolean sameIssuer(String iss, String issuer) {
        String want = trimSlash(issuer);
        return trimSlash(iss).equals(want) || want.equals(GOOGLE) && iss.equals("accounts.google.com");
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
