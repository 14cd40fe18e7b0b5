package io.warden.adapter.onvif.soap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP Digest (RFC 2617 / RFC 7616: MD5 and SHA-256, qop=auth) and Basic authentication for
 * SOAP calls and snapshot fetches. Pure functions; thread-safe. Header values carry secrets
 * derived from the password: never log them.
 */
public final class OnvifHttpDigest {

    /** One challenge of a {@code WWW-Authenticate} header. Scheme lower-case; parameter names lower-case. */
    public record Challenge(String scheme, Map<String, String> params) {
        public String param(String name) {
            return params.get(name);
        }

        public String algorithm() {
            String a = params.get("algorithm");
            return a == null ? "MD5" : a.toUpperCase(Locale.ROOT);
        }
    }

    private OnvifHttpDigest() {}

    /** Every challenge in the given header values (a device may send several headers or several in one). */
    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String h : headerValues) parseOne(h, out);
        return out;
    }

    private static void parseOne(String h, List<Challenge> out) {
        int i = 0;
        int n = h.length();
        Challenge current = null;
        while (i < n) {
            while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == ',' || h.charAt(i) == '\t')) i++;
            int start = i;
            while (i < n && h.charAt(i) != '=' && h.charAt(i) != ' ' && h.charAt(i) != ',') i++;
            String token = h.substring(start, i);
            if (token.isEmpty()) break;
            int j = i;
            while (j < n && h.charAt(j) == ' ') j++;
            if (j < n && h.charAt(j) == '=' && current != null) {
                i = j + 1;
                while (i < n && h.charAt(i) == ' ') i++;
                String value;
                if (i < n && h.charAt(i) == '"') {
                    StringBuilder v = new StringBuilder();
                    i++;
                    while (i < n && h.charAt(i) != '"') {
                        if (h.charAt(i) == '\\' && i + 1 < n) i++;
                        v.append(h.charAt(i++));
                    }
                    i++;
                    value = v.toString();
                } else {
                    int vs = i;
                    while (i < n && h.charAt(i) != ',') i++;
                    value = h.substring(vs, i).strip();
                }
                current.params().put(token.toLowerCase(Locale.ROOT), value);
            } else {
                current = new Challenge(token.toLowerCase(Locale.ROOT), new LinkedHashMap<>());
                out.add(current);
            }
        }
    }

    /**
     * The challenge to answer: Digest SHA-256 before Digest MD5 before Basic. Basic only over TLS
     * ({@code encrypted}): over plain HTTP it would send the password in clear to whoever answers.
     */
    public static Optional<Challenge> choose(List<Challenge> challenges, boolean encrypted) {
        Challenge md5 = null;
        Challenge basic = null;
        for (Challenge c : challenges) {
            if (c.scheme().equals("digest")) {
                if (c.algorithm().equals("SHA-256")) return Optional.of(c);
                if (c.algorithm().equals("MD5") && md5 == null) md5 = c;
            } else if (c.scheme().equals("basic") && encrypted) {
                basic = c;
            }
        }
        return Optional.ofNullable(md5 != null ? md5 : basic);
    }

    /**
     * The {@code Authorization} value answering {@code c} for one request.
     *
     * @param uri    the request-target as sent (path and query)
     * @param nc     the nonce count, 1 for the first use of this nonce
     * @param cnonce the client nonce (random, hex)
     */
    public static String authorization(Challenge c, String method, String uri, String user, String password,
                                       int nc, String cnonce) {
        if (c.scheme().equals("basic")) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String alg = c.algorithm();
        String hashName = alg.equals("SHA-256") ? "SHA-256" : "MD5";
        String realm = c.param("realm") == null ? "" : c.param("realm");
        String nonce = c.param("nonce") == null ? "" : c.param("nonce");
        String ha1 = hash(hashName, user + ":" + realm + ":" + password);
        String ha2 = hash(hashName, method + ":" + uri);
        String qop = c.param("qop");
        boolean auth = qop != null && List.of(qop.split("\\s*,\\s*")).contains("auth");
        String ncText = String.format("%08x", nc);
        String response = auth
                ? hash(hashName, ha1 + ":" + nonce + ":" + ncText + ":" + cnonce + ":auth:" + ha2)
                : hash(hashName, ha1 + ":" + nonce + ":" + ha2);
        StringBuilder b = new StringBuilder("Digest username=\"").append(quote(user))
                .append("\", realm=\"").append(quote(realm))
                .append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(uri))
                .append("\", algorithm=").append(alg)
                .append(", response=\"").append(response).append('"');
        if (auth) b.append(", qop=auth, nc=").append(ncText).append(", cnonce=\"").append(cnonce).append('"');
        if (c.param("opaque") != null) b.append(", opaque=\"").append(quote(c.param("opaque"))).append('"');
        return b.toString();
    }

    static String hash(String algorithm, String text) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
