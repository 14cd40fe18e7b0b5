package io.warden.adapter.api;

/** A card read that does not decode in its format: a parity bit is wrong (a bad read or a forged card). */
public final class CardFormatException extends Exception {
    private final CardFormat format;

    public CardFormatException(CardFormat format, String message) {
        super(message);
        this.format = format;
    }

    /** The format the bits were read as. */
    public CardFormat format() {
        return format;
    }
}
