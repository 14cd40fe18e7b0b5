package io.warden.gateway.access;

import java.util.Locale;

/** Why a card or PIN did not open a door: in the audit trail ({@code detail} starts with the id) and the API. */
public enum DenyReason {
    /** The bits did not decode: a parity error (a bad read, or a forged card). */
    BAD_READ,
    /** No such card in the directory. */
    UNKNOWN_CARD,
    /** The card, or its holder, is suspended. */
    SUSPENDED,
    /** The card was reported lost: refused and flagged. */
    LOST,
    /** The holder's validity window has not begun or has ended. */
    EXPIRED,
    /** No access group gives the holder this door. */
    NO_ACCESS,
    /** A group gives the holder this door, but none of its schedules is open now. */
    OUTSIDE_SCHEDULE,
    /** The door is in a lockdown and the holder lacks the lockdown-entry privilege. */
    LOCKDOWN,
    /** The door is exterior and in a {@code secure}; the holder is neither admitted kind nor privileged. */
    SECURE,
    /** A card-and-PIN door: the PIN was wrong, or the holder has none. */
    WRONG_PIN,
    /** A card-and-PIN door: no PIN came in time after the card. */
    PIN_TIMEOUT,
    /** Keys without a card: a PIN alone opens nothing (PINs are only a second factor). */
    PIN_WITHOUT_CARD;

    /** The lower-case id, e.g. {@code outside_schedule}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
