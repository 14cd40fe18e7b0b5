package io.warden.adapter.onvif.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP authentication as RTSP uses it: Digest with MD5 (RFC 2617, with {@code qop=auth} or without
 * qop, RFC 2069 style) on both sides, and Basic as a client fallback. Pure. Nothing here logs.
 */
public final class RtspDigest {
    private RtspDigest() {}

    /** One parsed challenge ({@code WWW-Authenticate}) or credential ({@code Authorization}). */
    public record Params(String scheme, Map<String, String> values) {
        public String get(String name) {
            return values.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean isDigest() {
            return scheme.equalsIgnoreCase("Digest");
        }

        public boolean isBasic() {
            return scheme.equalsIgnoreCase("Basic");
        }

        /** True when the challenge offers {@code qop=auth}. */
        public boolean qopAuth() {
            String q = get("qop");
            if (q == null) return false;
            for (String v : q.split(",")) if (v.trim().equalsIgnoreCase("auth")) return true;
            return false;
        }
    }

    /**
     * Parses {@code Scheme k=v, k="quoted, value", ...}; null when the header is null or blank.
     * Unknown or malformed parameters are skipped, never thrown.
     */
    public static Params parse(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        int sp = h.indexOf(' ');
        String scheme = sp < 0 ? h : h.substring(0, sp);
        Map<String, String> values = new LinkedHashMap<>();
        int i = sp < 0 ? h.length() : sp + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) i++;
            int eq = h.indexOf('=', i);
            if (eq < 0) break;
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < h.length() && h.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) i++;
                    sb.append(h.charAt(i++));
                }
                i++;
                value = sb.toString();
            } else {
                int end = h.indexOf(',', i);
                if (end < 0) end = h.length();
                value = h.substring(i, end).trim();
                i = end;
            }
            values.put(key, value);
        }
        return new Params(scheme, values);
    }

    /** The best challenge among several {@code WWW-Authenticate} values: Digest MD5 first, then Basic; null if none fits. */
    public static Params choose(List<String> challenges) {
        Params basic = null;
        for (String c : challenges) {
            Params p = parse(c);
            if (p == null) continue;
            if (p.isDigest() && p.get("nonce") != null && p.get("realm") != null) {
                String alg = p.get("algorithm");
                if (alg == null || alg.equalsIgnoreCase("MD5")) return p;
            } else if (p.isBasic() && basic == null) {
                basic = p;
            }
        }
        return basic;
    }

    /**
     * The {@code Authorization} value answering {@code challenge} for one request.
     *
     * @param nc     the nonce count of this request (1 for the first use of the nonce); only with qop
     * @param cnonce the client nonce (random, per request or per nonce); only with qop
     */
    public static String authorization(Params challenge, String user, String password, String method, String uri, int nc,
                                       String cnonce) {
        if (challenge.isBasic()) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        StringBuilder sb = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append("\", ");
        if (challenge.qopAuth()) {
            String ncText = String.format("%08x", nc);
            sb.append("qop=auth, nc=").append(ncText).append(", cnonce=\"").append(cnonce).append("\", response=\"")
                    .append(response(user, realm, password, method, uri, nonce, ncText, cnonce, "auth")).append('"');
        } else {
            sb.append("response=\"").append(response(user, realm, password, method, uri, nonce, null, null, null)).append('"');
        }
        if (challenge.get("opaque") != null) sb.append(", opaque=\"").append(challenge.get("opaque")).append('"');
        sb.append(", algorithm=MD5");
        return sb.toString();
    }

    /** The request-digest of RFC 2617 §3.2.2.1 (qop null: the RFC 2069 form). */
    public static String response(String user, String realm, String password, String method, String uri, String nonce,
                                  String nc, String cnonce, String qop) {
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        return qop == null ? md5(ha1 + ":" + nonce + ":" + ha2) : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** A server's challenge: {@code Digest realm="…", nonce="…"} (with {@code qop="auth"} when asked). */
    public static String challenge(String realm, String nonce, boolean qop) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\"" + (qop ? ", qop=\"auth\"" : "") + ", algorithm=MD5";
    }

    /**
     * Server side: does {@code authorization} prove {@code user}/{@code password} for this request?
     * The nonce must be one the server issued ({@code nonceIssued}). Constant-time comparison.
     */
    public static boolean verify(String authorization, String method, String realm, String user, String password,
                                 java.util.function.Predicate<String> nonceIssued) {
        Params p = parse(authorization);
        if (p == null || !p.isDigest()) return false;
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String given = p.get("response");
        if (nonce == null || uri == null || given == null || !nonceIssued.test(nonce)) return false;
        if (!user.equals(p.get("username")) || !realm.equals(p.get("realm"))) return false;
        String qop = p.get("qop");
        String expected = qop == null ? response(user, realm, password, method, uri, nonce, null, null, null)
                : response(user, realm, password, method, uri, nonce, p.get("nc"), p.get("cnonce"), qop);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII));
    }

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }
}
