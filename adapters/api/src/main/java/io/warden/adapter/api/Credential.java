package io.warden.adapter.api;

import java.util.HexFormat;
import java.util.Objects;

/**
 * What a person presented at a reader.
 *
 * @param kind  a card, a keypad entry, or a credential a controller names by its own token
 * @param value for a card, its bits as upper-case hex, left-justified as the reader sent them; for
 *              a PIN, the keys pressed; for a token, the controller's credential token (ONVIF
 *              CredentialToken)
 * @param bits  the number of meaningful card bits (0 for a PIN or a token)
 */
public record Credential(Kind kind, String value, int bits) {

    public enum Kind {
        CARD, PIN,
        /** A credential known to the controller that decided (ONVIF Profile C): only its token is reported. */
        TOKEN
    }

    public Credential {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    public static Credential card(byte[] data, int bits) {
        return new Credential(Kind.CARD, HexFormat.of().withUpperCase().formatHex(data), bits);
    }

    public static Credential pin(String keys) {
        return new Credential(Kind.PIN, keys, 0);
    }

    public static Credential token(String controllerToken) {
        return new Credential(Kind.TOKEN, controllerToken, 0);
    }

    /**
     * Kind and size only, never the number or the keys: events print through this, and logs must
     * not hold credentials. The audit trail reads {@link #value()} on purpose.
     */
    @Override
    public String toString() {
        return switch (kind) {
            case CARD -> "Credential[CARD, " + bits + " bits, redacted]";
            case PIN -> "Credential[PIN, " + value.length() + " keys, redacted]";
            case TOKEN -> "Credential[TOKEN, redacted]";
        };
    }

    /**
     * For a 26-bit Wiegand card (H10301): "facility:number", e.g. {@code "40:6789"}; otherwise null.
     * Layout: even parity, 8-bit facility code, 16-bit card number, odd parity; parity is not checked
     * here because the reader already did.
     */
    public String wiegand26() {
        if (kind != Kind.CARD || bits != 26 || value.length() < 8) return null;
        long raw = Long.parseLong(value.substring(0, 8), 16) >>> 6; // 32 bits received, 26 used
        int facility = (int) (raw >>> 17) & 0xFF;
        int number = (int) (raw >>> 1) & 0xFFFF;
        return facility + ":" + number;
    }
}
