package io.warden.gateway.people;

import java.util.Locale;

/** A card's own status: a lost card is refused and its use flagged in the audit trail. */
public enum CardStatus {
    ACTIVE, SUSPENDED, LOST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #id()}; IllegalArgumentException naming the allowed values. */
    public static CardStatus parse(String s) {
        for (CardStatus c : values()) if (c.id().equals(s)) return c;
        throw new IllegalArgumentException("unknown card status '" + s + "': must be active, suspended or lost");
    }
}
