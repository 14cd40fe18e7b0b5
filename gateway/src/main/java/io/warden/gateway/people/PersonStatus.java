package io.warden.gateway.people;

import java.util.Locale;

/** Whether a person's cards open anything. A suspended person keeps their history and cards. */
public enum PersonStatus {
    ACTIVE, SUSPENDED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
