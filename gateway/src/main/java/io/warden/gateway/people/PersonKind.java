package io.warden.gateway.people;

import java.util.Locale;

/** What a person is to the district; access groups and lockdown rules select people by it. */
public enum PersonKind {
    STAFF, STUDENT, VISITOR, CONTRACTOR, FIRST_RESPONDER;

    /** The lower-case name used in config, CSV and the API: {@code staff}, {@code first_responder}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #id()}; IllegalArgumentException naming the allowed values. */
    public static PersonKind parse(String s) {
        for (PersonKind k : values()) if (k.id().equals(s)) return k;
        throw new IllegalArgumentException("unknown kind '" + s + "': must be staff, student, visitor, contractor or first_responder");
    }
}
