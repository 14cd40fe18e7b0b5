package io.warden.gateway.access;

import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.config.SiteConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code access:} config compiled for deciding at the door: for each door, the group rules that
 * reach it, its card-and-PIN schedules and its site's zone and lockdown rules. Built once when the
 * config (or its schedules) change; immutable and thread-safe. A decision walks one door's rules
 * only, with set lookups, so 200 groups and 10,000 people cost no more than the rules of that door.
 *
 * <p>The policy governs every configured door as soon as the config has an access group: a door no
 * group reaches then refuses everyone ({@link DenyReason#NO_ACCESS}), failing closed. Without groups
 * it governs nothing, and card reads are only recorded, as before access decisions existed.
 */
public final class AccessPolicy {

    /**
     * One group as it reaches one door.
     *
     * @param everyoneMatching true when the group selects by kind and/or school (empty sets there match all);
     *                         false when it names people only
     */
    public record Rule(String group, Set<PersonKind> kinds, Set<String> schools, Set<String> people, boolean everyoneMatching,
                       Schedule schedule) {

        /** Whether this group holds {@code p}: named, or of a selected kind and school. */
        public boolean holds(Person p) {
            if (people.contains(p.id())) return true;
            if (!everyoneMatching || !kinds.isEmpty() && !kinds.contains(p.kind())) return false;
            if (schools.isEmpty()) return true;
            for (String s : p.schools()) if (schools.contains(s)) return true;
            return false;
        }
    }

    /**
     * One governed door and everything a decision there needs.
     *
     * @param rules              the groups that reach it, in config order
     * @param pinSchedules       while any is open the door needs a card and then its holder's PIN; empty: card only
     * @param lockdownEntryKinds kinds holding the lockdown-entry privilege at its site
     * @param secureExteriorKinds kinds an exterior door of its site admits during a {@code secure}
     */
    public record DoorPolicy(DoorInfo door, ZoneId zone, List<Rule> rules, List<Schedule> pinSchedules,
                             Set<PersonKind> lockdownEntryKinds, Set<PersonKind> secureExteriorKinds) {}

    private final Map<String, DoorPolicy> doors;
    private final int pinTimeoutSeconds;

    private AccessPolicy(Map<String, DoorPolicy> doors, int pinTimeoutSeconds) {
        this.doors = doors;
        this.pinTimeoutSeconds = pinTimeoutSeconds;
    }

    /** Governs nothing: every card read is only recorded. */
    public static AccessPolicy none() {
        return new AccessPolicy(Map.of(), AccessConfig.DEFAULT_PIN_TIMEOUT_SECONDS);
    }

    /**
     * Compiles a validated config.
     *
     * @param schedules {@link Schedules#compile} of the config's schedules ({@code always} is added if missing)
     * @throws IllegalArgumentException naming the group or card-and-PIN entry whose schedule is not in {@code schedules},
     *                                  or a kind or time zone that does not parse (the config loader reports these first)
     */
    public static AccessPolicy compile(AccessConfig config, List<DoorInfo> doorList, List<SiteConfig> sites, Map<String, Schedule> schedules) {
        if (config.groups().isEmpty()) return new AccessPolicy(Map.of(), config.pinTimeoutSeconds());
        Map<String, ZoneId> zones = new HashMap<>();
        for (SiteConfig s : sites) zones.put(s.id(), ZoneId.of(s.timeZone()));
        Map<String, AccessConfig.SiteRules> siteRules = new HashMap<>();
        for (AccessConfig.SiteRules r : config.sites()) siteRules.put(r.site(), r);

        List<Rule> compiled = new ArrayList<>();
        for (AccessConfig.Group g : config.groups()) {
            compiled.add(new Rule(g.id(), kinds(g.kinds(), "access.groups " + g.id()), Set.copyOf(g.schools()), Set.copyOf(g.people()),
                    !g.kinds().isEmpty() || !g.schools().isEmpty(), schedule(schedules, g.schedule(), "access.groups " + g.id())));
        }
        Map<String, DoorPolicy> out = new LinkedHashMap<>();
        for (DoorInfo d : doorList) {
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < compiled.size(); i++) {
                AccessConfig.Group g = config.groups().get(i);
                if (g.doors().contains(d.id()) || g.zones().contains(d.zone()) || g.sites().contains(d.site())) rules.add(compiled.get(i));
            }
            List<Schedule> pins = new ArrayList<>();
            for (AccessConfig.CardAndPin c : config.cardAndPin()) {
                if (c.doors().contains(d.id()) || c.zones().contains(d.zone())) pins.add(schedule(schedules, c.schedule(), "access.cardAndPin"));
            }
            AccessConfig.SiteRules r = siteRules.getOrDefault(d.site(), new AccessConfig.SiteRules(d.site(), null, null));
            String where = "access.sites " + d.site();
            out.put(d.id(), new DoorPolicy(d, zones.getOrDefault(d.site(), ZoneId.of("UTC")), List.copyOf(rules), List.copyOf(pins),
                    kinds(r.lockdownEntryKinds(), where), kinds(r.secureExteriorKinds(), where)));
        }
        return new AccessPolicy(out, config.pinTimeoutSeconds());
    }

    /** Whether card reads at this door are decided here (else they are only recorded). */
    public boolean governs(String doorId) {
        return doors.containsKey(doorId);
    }

    /** The door's compiled policy, or null when it is not governed. */
    public DoorPolicy door(String doorId) {
        return doors.get(doorId);
    }

    /** Every governed door, in config order. */
    public Collection<DoorPolicy> doors() {
        return doors.values();
    }

    /** How long a card-and-PIN door waits for the PIN after the card. */
    public int pinTimeoutSeconds() {
        return pinTimeoutSeconds;
    }

    private static Schedule schedule(Map<String, Schedule> schedules, String id, String where) {
        if (id == null || id.equals(Schedule.ALWAYS.id()) && !schedules.containsKey(id)) return Schedule.ALWAYS;
        Schedule s = schedules.get(id);
        if (s == null) throw new IllegalArgumentException(where + ": no schedule '" + id + "'");
        return s;
    }

    private static Set<PersonKind> kinds(List<String> ids, String where) {
        Set<PersonKind> out = EnumSet.noneOf(PersonKind.class);
        for (String k : ids) {
            try {
                out.add(PersonKind.parse(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return Set.copyOf(out);
    }
}
