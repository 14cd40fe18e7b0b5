package io.warden.adapter.onvif.soap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * WS-Security UsernameToken with PasswordDigest (ONVIF Core 5.12.2):
 * {@code Base64(SHA-1(nonceBytes + Created + password))}, over the decoded nonce bytes and the
 * exact Created text that is sent. Pure functions; thread-safe. The header text carries the
 * digest and nonce: never log it.
 */
public final class OnvifWsSecurity {
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private OnvifWsSecurity() {}

    /** The Created text for {@code deviceNow}: UTC, milliseconds, e.g. {@code 2026-12-01T09:05:03.120Z}. */
    public static String created(Instant deviceNow) {
        return CREATED.format(deviceNow);
    }

    /** The PasswordDigest value. */
    public static String passwordDigest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the JDK", e);
        }
    }

    /** The {@code wsse:Security} header element, with the nonce and Created text hashed exactly as written. */
    public static String header(String username, String password, byte[] nonce, String created) {
        return "<wsse:Security xmlns:wsse=\"" + OnvifNs.WSSE + "\" xmlns:wsu=\"" + OnvifNs.WSU + "\" s:mustUnderstand=\"1\">"
                + "<wsse:UsernameToken><wsse:Username>" + escape(username) + "</wsse:Username>"
                + "<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">"
                + passwordDigest(nonce, created, password) + "</wsse:Password>"
                + "<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">"
                + Base64.getEncoder().encodeToString(nonce) + "</wsse:Nonce>"
                + "<wsu:Created>" + created + "</wsu:Created></wsse:UsernameToken></wsse:Security>";
    }

    /** Escape text for an XML element or attribute value. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&apos;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
