package io.warden.gateway.door;

import java.util.List;
import java.util.Locale;

/**
 * Start a lockdown (Standard Response Protocol): {@code secure} locks the exterior doors in scope,
 * {@code lockdown} every door in scope. Exactly one of site, zone or doors names the scope.
 */
public record LockdownRequest(Level level, Scope scope, boolean drill, String reason) {

    public enum Level {
        SECURE, LOCKDOWN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A site, a zone (building) or a list of doors. */
    public record Scope(String site, String zone, List<String> doors) {
        public Scope {
            int named = (site != null ? 1 : 0) + (zone != null ? 1 : 0) + (doors != null && !doors.isEmpty() ? 1 : 0);
            if (named != 1) throw new IllegalArgumentException("scope must name exactly one of site, zone or doors");
            doors = doors == null ? List.of() : List.copyOf(doors);
        }

        @Override
        public String toString() {
            return site != null ? "site " + site : zone != null ? "zone " + zone : "doors " + String.join(",", doors);
        }
    }
}
