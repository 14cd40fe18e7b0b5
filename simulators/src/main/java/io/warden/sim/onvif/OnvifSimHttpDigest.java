package io.warden.sim.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Server side of RFC 2617/7616 HTTP Digest, MD5 with qop=auth only (onvif.md §1.4), as the simulated camera uses
 * on its snapshot URI and, as an alternative to WS-Security, on SOAP. Basic is refused. Server nonces live
 * {@link #NONCE_LIFETIME} and at most {@link #MAX_NONCES} are kept (the oldest is dropped first, so its client
 * simply gets a fresh challenge); each nonce's nc must rise, so a captured Authorization cannot be replayed.
 *
 * <p>Threading: synchronized; cheap (MD5 of short strings), so it runs on the event loop.
 */
public final class OnvifSimHttpDigest {
    static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
    static final int MAX_NONCES = 1024;

    /** Outcome of a check: ok, or refused with a reason and whether the nonce was merely stale. */
    public record Result(boolean ok, String reason, boolean stale) {}

    private final String realm;
    private final String username;
    private final String password;
    private final SecureRandom random = new SecureRandom();
    /** server nonce → [issued nanoTime, highest nc seen]. */
    private final Map<String, long[]> nonces = new LinkedHashMap<>();

    public OnvifSimHttpDigest(String realm, String username, String password) {
        this.realm = realm;
        this.username = username;
        this.password = password;
    }

    /** A fresh {@code WWW-Authenticate} value. */
    public synchronized String challenge(boolean stale) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String nonce = HexFormat.of().formatHex(b);
        if (nonces.size() >= MAX_NONCES) {
            Iterator<String> it = nonces.keySet().iterator();
            it.next();
            it.remove();
        }
        nonces.put(nonce, new long[] {System.nanoTime(), 0});
        return "Digest realm=\"" + realm + "\", qop=\"auth\", nonce=\"" + nonce + "\", algorithm=MD5" + (stale ? ", stale=true" : "");
    }

    /**
     * Checks an Authorization header for {@code method} on {@code uri} (the request target as sent).
     *
     * @param authorization the header value, may be null
     */
    public synchronized Result verify(String authorization, String method, String uri) {
        if (authorization == null) return new Result(false, "no credentials", false);
        if (!authorization.regionMatches(true, 0, "Digest ", 0, 7)) return new Result(false, "only Digest authentication is accepted", false);
        Map<String, String> p = params(authorization.substring(7));
        String nonce = p.get("nonce");
        String nc = p.get("nc");
        String cnonce = p.get("cnonce");
        String response = p.get("response");
        if (nonce == null || nc == null || cnonce == null || response == null || p.get("uri") == null) {
            return new Result(false, "Digest needs nonce, nc, cnonce, uri and response (qop=auth)", false);
        }
        if (!"auth".equals(p.get("qop"))) return new Result(false, "qop must be auth", false);
        String algorithm = p.getOrDefault("algorithm", "MD5");
        if (!"MD5".equalsIgnoreCase(algorithm)) return new Result(false, "algorithm must be MD5", false);
        if (!realm.equals(p.get("realm"))) return new Result(false, "wrong realm", false);
        if (!uri.equals(p.get("uri"))) return new Result(false, "uri does not match the request", false);
        long[] state = nonces.get(nonce);
        if (state == null || System.nanoTime() - state[0] > NONCE_LIFETIME.toNanos()) {
            nonces.remove(nonce);
            return new Result(false, "nonce unknown or expired", true);
        }
        long count;
        try {
            count = Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return new Result(false, "nc is not hex", false);
        }
        String ha1 = md5(username + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String expected = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        boolean match = username.equals(p.get("username"))
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!match) return new Result(false, "wrong username or password", false);
        if (count <= state[1]) return new Result(false, "nc replayed", false);
        state[1] = count;
        return new Result(true, "ok", false);
    }

    /** Parses {@code k=v, k="v"} pairs; quoted values may contain commas and escaped quotes. */
    static Map<String, String> params(String s) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) i++;
            int eq = s.indexOf('=', i);
            if (eq < 0) break;
            String key = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) i++;
                    v.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ',') v.append(s.charAt(i++));
            }
            out.put(key, v.toString().strip());
        }
        return out;
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
