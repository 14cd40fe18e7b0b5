package io.warden.sim.onvif;

import static io.warden.adapter.onvif.soap.OnvifNs.WSSE;
import static io.warden.adapter.onvif.soap.OnvifNs.WSU;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Server side of the WS-Security UsernameToken with PasswordDigest (onvif.md §1.2): recomputes
 * {@code Base64(SHA-1(nonce ‖ Created ‖ password))}, requires |Created − device now| ≤ the window, and refuses a
 * nonce seen within the window. The nonce cache holds at most {@link #MAX_NONCES} entries; an entry leaves it once
 * its Created is outside the window (it could no longer pass the time check). When it is full of live entries
 * new tokens are refused rather than old nonces forgotten.
 *
 * <p>Threading: synchronized; called from the HTTP server's event loop. Failures are
 * {@link OnvifSoapFault} Sender/NotAuthorized whose reason names the check that failed (never the secret).
 */
public final class OnvifSimWsSecurity {
    static final int MAX_NONCES = 10_000;
    private static final String DIGEST_TYPE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";

    private final String username;
    private final byte[] password;
    private final Duration window;
    /** nonce (Base64 text) → its Created. */
    private final Map<String, Instant> seen = new HashMap<>();

    public OnvifSimWsSecurity(String username, String password, Duration window) {
        this.username = username;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.window = window;
    }

    /**
     * Checks the wsse:Security header block.
     *
     * @param security  the wsse:Security element
     * @param deviceNow the device's clock (host clock + skew)
     * @throws OnvifSoapFault Sender/NotAuthorized when the token is absent, malformed, stale, replayed or wrong
     */
    public synchronized void verify(Element security, Instant deviceNow) {
        Element token = OnvifSimXml.child(security, WSSE, "UsernameToken");
        if (token == null) throw OnvifSoapFault.notAuthorized("wsse:Security has no UsernameToken");
        String user = OnvifSimXml.childText(token, WSSE, "Username");
        Element pw = OnvifSimXml.child(token, WSSE, "Password");
        String nonceText = OnvifSimXml.childText(token, WSSE, "Nonce");
        String createdText = OnvifSimXml.childText(token, WSU, "Created");
        if (user == null || pw == null) throw OnvifSoapFault.notAuthorized("UsernameToken needs Username and Password");
        if (!DIGEST_TYPE.equals(pw.getAttribute("Type"))) {
            throw OnvifSoapFault.notAuthorized("only the PasswordDigest password type is accepted");
        }
        if (nonceText == null || nonceText.isEmpty()) throw OnvifSoapFault.notAuthorized("UsernameToken has no Nonce");
        if (createdText == null || createdText.isEmpty()) throw OnvifSoapFault.notAuthorized("UsernameToken has no Created");
        byte[] nonce;
        try {
            nonce = Base64.getMimeDecoder().decode(nonceText);
        } catch (IllegalArgumentException e) {
            throw OnvifSoapFault.notAuthorized("Nonce is not Base64");
        }
        Instant created;
        try {
            created = OnvifSimXml.parseTime("Created", createdText);
        } catch (OnvifSoapFault f) {
            throw OnvifSoapFault.notAuthorized("Created is not an xs:dateTime with a zone");
        }
        // The digest covers the exact Created characters sent, so hash the raw text (not a re-formatted instant).
        byte[] expected = digest(nonce, createdText, password);
        byte[] given;
        try {
            given = Base64.getMimeDecoder().decode(pw.getTextContent().strip());
        } catch (IllegalArgumentException e) {
            throw OnvifSoapFault.notAuthorized("Password digest is not Base64");
        }
        if (!username.equals(user) || !MessageDigest.isEqual(expected, given)) {
            throw OnvifSoapFault.notAuthorized("Sender not authorized: wrong username or password");
        }
        if (Duration.between(created, deviceNow).abs().compareTo(window) > 0) {
            throw OnvifSoapFault.notAuthorized("Created " + OnvifSimXml.clip(createdText) + " is more than "
                    + window.toSeconds() + " s from the device time " + OnvifSimXml.time(deviceNow));
        }
        prune(deviceNow);
        if (seen.containsKey(nonceText)) throw OnvifSoapFault.notAuthorized("Nonce already used (replay refused)");
        if (seen.size() >= MAX_NONCES) throw OnvifSoapFault.notAuthorized("too many recent tokens; retry later");
        seen.put(nonceText, created);
    }

    /** Nonces currently remembered (for tests). */
    public synchronized int cachedNonces() {
        return seen.size();
    }

    private void prune(Instant deviceNow) {
        Instant oldest = deviceNow.minus(window);
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(oldest)) it.remove();
        }
    }

    /** Base64-less digest: SHA-1(nonce ‖ UTF-8(created) ‖ password). */
    static byte[] digest(byte[] nonce, String created, byte[] password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password);
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
