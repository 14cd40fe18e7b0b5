package io.warden.gateway.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The roles a bearer token can carry, and what each may do. */
public enum Role {
    /** Sees doors, cameras, state and the live event stream. */
    VIEWER(EnumSet.of(Permission.VIEW)),
    /** Front office: also locks, unlocks and buzzes doors. */
    OPERATOR(EnumSet.of(Permission.VIEW, Permission.DOOR_CONTROL)),
    /** Administrators and school resource officers: also start and release lockdowns. */
    LOCKDOWN(EnumSet.of(Permission.VIEW, Permission.DOOR_CONTROL, Permission.LOCKDOWN, Permission.RELEASE_LOCKDOWN)),
    /**
     * Reads and exports the audit trail; requests, follows, cancels and downloads footage, takes
     * snapshots; reads the directory and asks who can open what.
     */
    INVESTIGATOR(EnumSet.of(Permission.VIEW, Permission.AUDIT_READ, Permission.FOOTAGE, Permission.PEOPLE_READ)),
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    public boolean allows(Permission p) {
        return permissions.contains(p);
    }

    /** The lower-case name used in config and the API: "viewer", "operator", ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "operator" etc.; throws IllegalArgumentException naming the allowed values. */
    public static Role parse(String s) {
        for (Role r : values()) if (r.id().equals(s)) return r;
        throw new IllegalArgumentException("unknown role '" + s + "': must be viewer, operator, lockdown, investigator or admin");
    }

    /**
     * What an operation needs. FOOTAGE: request, see, cancel and download footage jobs and take
     * snapshots (video of students is an education record: only investigators and admins). PEOPLE_READ:
     * read people, cards and the calendar, ask who can open what (student records too: investigators and
     * admins). Changing the directory (imports, cards, PINs, the calendar) needs ADMIN.
     */
    public enum Permission { VIEW, DOOR_CONTROL, LOCKDOWN, RELEASE_LOCKDOWN, AUDIT_READ, FOOTAGE, PEOPLE_READ, ADMIN }
}
