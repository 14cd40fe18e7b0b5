package io.warden.gateway.access;

import java.util.Objects;

/**
 * The answer to one credential at one door.
 *
 * @param personId whose card it was; null when unknown
 * @param cardId   the canonical card id, null for a bad read or keys alone
 * @param reason   null when granted
 * @param detail   for people: which group and schedule granted, or what the denial found
 * @param lockdownEntry granted through a lockdown or secure by the lockdown-entry privilege (the lockdown stays active)
 */
public record Decision(boolean granted, String personId, String cardId, DenyReason reason, String detail, boolean lockdownEntry) {
    public Decision {
        if (granted == (reason != null)) throw new IllegalArgumentException("a grant has no reason, a denial needs one");
        Objects.requireNonNull(detail, "detail");
    }

    public static Decision grant(String personId, String cardId, String detail) {
        return new Decision(true, personId, cardId, null, detail, false);
    }

    public static Decision deny(String personId, String cardId, DenyReason reason, String detail) {
        return new Decision(false, personId, cardId, reason, detail, false);
    }
}
