package io.warden.gateway.config;

import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.PersonKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks of the {@code access:} section against the rest of the config: schedules well formed,
 * and every group, door schedule, card-and-PIN rule and site rule naming things that exist. Each
 * problem is a {@code path: problem} line, as {@link ConfigValidator}'s.
 */
final class AccessValidator {
    private static final String ALWAYS = "always";
    private static final Set<String> CLOSED_ON = Set.of(CalendarDay.Kind.HOLIDAY.id(), CalendarDay.Kind.BREAK.id());

    private final ConfigValidator base;
    private final List<String> problems;
    private final Set<String> sites;
    private final Set<String> zones;
    private final Map<String, DoorConfig> doors = new HashMap<>();
    private final List<String> schedules = new ArrayList<>(List.of(ALWAYS));

    /**
     * @param sites the usable site ids
     * @param zones the zone ids of every site
     * @param doors the doors as bound (nulls skipped)
     */
    AccessValidator(ConfigValidator base, List<String> problems, Set<String> sites, Set<String> zones, List<DoorConfig> doors) {
        this.base = base;
        this.problems = problems;
        this.sites = sites;
        this.zones = zones;
        for (DoorConfig d : doors) if (d != null && d.id() != null) this.doors.putIfAbsent(d.id(), d);
    }

    void check(AccessConfig a) {
        base.range("access.pinTimeoutSeconds", a.pinTimeoutSeconds(), 3, 60);
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < a.schedules().size(); i++) {
            AccessConfig.Schedule s = a.schedules().get(i);
            String at = "access.schedules[" + i + "]";
            if (s == null) continue; // did not bind: already reported
            if (ALWAYS.equals(s.id())) problems.add(at + ".id: 'always' is built in (open every minute of every day, holidays too); choose another id");
            else if (base.id(at, s.id(), ids, "schedule")) schedules.add(s.id());
            hours(at + ".hours", s.hours(), true);
            if (s.earlyRelease() != null) hours(at + ".earlyRelease", s.earlyRelease(), false);
            each(at + ".closedOn", s.closedOn(), k -> CLOSED_ON.contains(k) ? null : "'" + k + "' is not a calendar day kind that closes (allowed: holiday, break)");
        }
        groups(a.groups());
        doorSchedules(a.doorSchedules());
        for (int i = 0; i < a.cardAndPin().size(); i++) {
            AccessConfig.CardAndPin c = a.cardAndPin().get(i);
            if (c == null) continue;
            String at = "access.cardAndPin[" + i + "]";
            doorsAndZones(at, c.doors(), c.zones());
            schedule(at, c.schedule());
        }
        siteRules(a.sites());
    }

    private void hours(String at, List<AccessConfig.Hours> hours, boolean withDays) {
        for (int j = 0; j < hours.size(); j++) {
            AccessConfig.Hours h = hours.get(j);
            String here = at + "[" + j + "]";
            if (h == null) {
                problems.add(here + ": empty entry");
                continue;
            }
            if (withDays && h.days().isEmpty()) problems.add(here + ".days: missing (" + String.join(", ", AccessConfig.Hours.DAY_NAMES) + ")");
            if (!withDays && !h.days().isEmpty()) problems.add(here + ".days: early-release hours have no days (the calendar says which days)");
            if (withDays) each(here + ".days", h.days(), d -> message(() -> AccessConfig.Hours.day(d)));
            Integer from = minute(here + ".from", h.from());
            Integer to = minute(here + ".to", h.to());
            if (from != null && to != null && from >= to) problems.add(here + ": from " + h.from() + " must be before to " + h.to());
        }
    }

    private Integer minute(String at, String hhmm) {
        if (hhmm == null) {
            problems.add(at + ": missing");
            return null;
        }
        try {
            return AccessConfig.Hours.minuteOfDay(hhmm);
        } catch (IllegalArgumentException e) {
            problems.add(at + ": " + e.getMessage());
            return null;
        }
    }

    private void groups(List<AccessConfig.Group> groups) {
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            AccessConfig.Group g = groups.get(i);
            if (g == null) continue;
            String at = "access.groups[" + i + "]";
            base.id(at, g.id(), ids, "group");
            schedule(at, g.schedule());
            kinds(at + ".kinds", g.kinds());
            each(at + ".schools", g.schools(), s -> s == null || s.isBlank() ? "must not be empty" : null);
            each(at + ".people", g.people(), p -> p == null || p.isBlank() ? "must not be empty" : null);
            doorsAndZones(at, g.doors(), g.zones());
            each(at + ".sites", g.sites(), s -> sites.contains(s) ? null : "no site '" + s + "'");
            if (g.kinds().isEmpty() && g.schools().isEmpty() && g.people().isEmpty()) {
                problems.add(at + ": names no one: give kinds, schools or people");
            }
            if (g.doors().isEmpty() && g.zones().isEmpty() && g.sites().isEmpty()) {
                problems.add(at + ": opens nothing: give doors, zones or sites");
            }
        }
    }

    private void doorSchedules(List<AccessConfig.DoorSchedule> list) {
        Map<String, String> ids = new HashMap<>();
        Map<String, String> doorOwner = new HashMap<>(); // door id -> the door schedule that has it, as "id (path)"
        for (int i = 0; i < list.size(); i++) {
            AccessConfig.DoorSchedule s = list.get(i);
            if (s == null) continue;
            String at = "access.doorSchedules[" + i + "]";
            base.id(at, s.id(), ids, "door schedule");
            schedule(at, s.schedule());
            doorsAndZones(at, s.doors(), s.zones());
            if (s.doors().isEmpty() && s.zones().isEmpty()) problems.add(at + ": unlocks nothing: give doors or zones");
            String me = "'" + s.id() + "' (" + at + ")";
            Map<String, String> mine = new LinkedHashMap<>(); // door -> where this schedule names it
            for (int j = 0; j < s.doors().size(); j++) if (doors.containsKey(s.doors().get(j))) mine.putIfAbsent(s.doors().get(j), at + ".doors[" + j + "]");
            for (int j = 0; j < s.zones().size(); j++) {
                String zone = s.zones().get(j);
                for (DoorConfig d : doors.values()) if (zone != null && zone.equals(d.zone())) mine.putIfAbsent(d.id(), at + ".zones[" + j + "]");
            }
            mine.forEach((door, where) -> {
                String other = doorOwner.putIfAbsent(door, me);
                if (other != null) problems.add(where + ": door '" + door + "' is already in door schedule " + other + "; a door follows one door schedule");
            });
        }
    }

    private void siteRules(List<AccessConfig.SiteRules> rules) {
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            AccessConfig.SiteRules r = rules.get(i);
            if (r == null) continue;
            String at = "access.sites[" + i + "]";
            if (r.site() == null) problems.add(at + ".site: missing");
            else if (!sites.contains(r.site())) problems.add(at + ".site: no site '" + r.site() + "'");
            else if (seen.putIfAbsent(r.site(), at) != null) problems.add(at + ".site: site '" + r.site() + "' has rules already (" + seen.get(r.site()) + ")");
            kinds(at + ".lockdownEntryKinds", r.lockdownEntryKinds());
            kinds(at + ".secureExteriorKinds", r.secureExteriorKinds());
        }
    }

    private void schedule(String at, String id) {
        if (id == null) problems.add(at + ".schedule: missing");
        else if (!schedules.contains(id)) problems.add(at + ".schedule: no schedule '" + id + "' (schedules: " + String.join(", ", schedules) + ")");
    }

    private void kinds(String at, List<String> kinds) {
        each(at, kinds, k -> message(() -> PersonKind.parse(k)));
    }

    private void doorsAndZones(String at, List<String> doorIds, List<String> zoneIds) {
        each(at + ".doors", doorIds, d -> doors.containsKey(d) ? null : "no door '" + d + "'");
        each(at + ".zones", zoneIds, z -> zones.contains(z) ? null : "no zone '" + z + "'");
    }

    /** Reports {@code at[j]: problem} for each element whose check gives a problem (null: fine). */
    private void each(String at, List<String> values, Function<String, String> check) {
        for (int j = 0; j < values.size(); j++) {
            String problem = values.get(j) == null ? "empty entry" : check.apply(values.get(j));
            if (problem != null) problems.add(at + "[" + j + "]: " + problem);
        }
    }

    private static String message(Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
