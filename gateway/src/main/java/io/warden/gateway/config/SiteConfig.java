package io.warden.gateway.config;

import java.util.List;
import java.util.Optional;

/**
 * A site (a school campus) and its zones (buildings). Zone ids are unique across all sites, so a
 * zone alone names a building (lockdown scopes and door filters rely on it).
 *
 * @param name     for people; defaults to the id
 * @param timeZone the IANA zone its schedules and calendar are in, e.g. {@code America/Chicago}; default UTC
 */
public record SiteConfig(String id, String name, String timeZone, List<Zone> zones) {
    public SiteConfig {
        name = name == null ? id : name;
        timeZone = timeZone == null ? "UTC" : timeZone;
        zones = zones == null ? List.of() : ConfigLists.copy(zones);
    }

    public Optional<Zone> zone(String zoneId) {
        return zones.stream().filter(z -> z != null && z.id() != null && z.id().equals(zoneId)).findFirst();
    }

    /** A building, or another part of a site that is locked down as one. */
    public record Zone(String id, String name) {
        public Zone {
            name = name == null ? id : name;
        }
    }
}
