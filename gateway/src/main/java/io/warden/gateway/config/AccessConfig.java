package io.warden.gateway.config;

import java.time.DayOfWeek;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who may open which doors when, as written under {@code access:} in the config (see the README's
 * "Access decisions"). Schedule times are local times of the door's site ({@code sites[].timeZone}).
 * STUB: binding and validation to be written (issue 9); every list defaults to empty.
 *
 * @param pinTimeoutSeconds how long a card-and-PIN door waits for the PIN after the card, 3..60, default 10
 * @param schedules         weekly schedules; {@code always} is built in (every minute of every day, holidays too)
 * @param groups            access groups: people (by kind, school, or id) x doors (by id, zone or site) x a schedule
 * @param doorSchedules     free access: doors the gateway unlocks while their schedule is open ({@code schedule} commands)
 * @param cardAndPin        doors that need a card and then its holder's PIN while their schedule is open
 * @param sites             per-site lockdown entry and secure rules; a site not listed gets the defaults
 */
public record AccessConfig(Integer pinTimeoutSeconds, List<Schedule> schedules, List<Group> groups, List<DoorSchedule> doorSchedules,
                           List<CardAndPin> cardAndPin, List<SiteRules> sites) {
    public static final int DEFAULT_PIN_TIMEOUT_SECONDS = 10;

    public AccessConfig {
        pinTimeoutSeconds = pinTimeoutSeconds == null ? DEFAULT_PIN_TIMEOUT_SECONDS : pinTimeoutSeconds;
        schedules = ConfigLists.copy(schedules);
        groups = ConfigLists.copy(groups);
        doorSchedules = ConfigLists.copy(doorSchedules);
        cardAndPin = ConfigLists.copy(cardAndPin);
        sites = ConfigLists.copy(sites);
    }

    public static AccessConfig none() {
        return new AccessConfig(null, null, null, null, null, null);
    }

    /**
     * Hours on some days of the week: {@code days} are {@code mon}..{@code sun} (empty on
     * {@code earlyRelease}, where the calendar picks the day), {@code from} and {@code to} are
     * {@code HH:mm} local times with from before to ({@code to} may be {@code 24:00}).
     */
    public record Hours(List<String> days, String from, String to) {
        /** The day names, in week order. */
        public static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
        private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])|24:00");

        public Hours {
            days = ConfigLists.copy(days);
        }

        /** {@code HH:mm} as minutes since midnight, 0..1440 ({@code 24:00}); IllegalArgumentException saying the form. */
        public static int minuteOfDay(String hhmm) {
            if (hhmm == null || !HH_MM.matcher(hhmm).matches()) {
                throw new IllegalArgumentException("'" + hhmm + "' is not a time of day: HH:mm, 00:00 to 24:00");
            }
            return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
        }

        /** {@code mon}..{@code sun}; IllegalArgumentException naming the allowed values. */
        public static DayOfWeek day(String name) {
            int i = DAY_NAMES.indexOf(name);
            if (i < 0) throw new IllegalArgumentException("'" + name + "' is not a day: " + String.join(", ", DAY_NAMES));
            return DayOfWeek.of(i + 1);
        }
    }

    /**
     * A weekly schedule.
     *
     * @param earlyRelease the hours on early-release days, replacing {@code hours} on them; null: the same as on other days
     * @param closedOn     calendar day kinds on which it is closed all day: {@code holiday}, {@code break}; default both
     */
    public record Schedule(String id, String name, List<Hours> hours, List<Hours> earlyRelease, List<String> closedOn) {
        public Schedule {
            name = name == null ? id : name;
            hours = ConfigLists.copy(hours);
            earlyRelease = earlyRelease == null ? null : ConfigLists.copy(earlyRelease);
            closedOn = closedOn == null ? List.of("holiday", "break") : ConfigLists.copy(closedOn);
        }
    }

    /**
     * An access group: everyone matching {@code kinds} and {@code schools} (an empty list matches all;
     * at least one of kinds, schools, people must be given), plus the people named in {@code people},
     * may open the doors named directly or through their zone or site while {@code schedule} is open.
     */
    public record Group(String id, String name, List<String> kinds, List<String> schools, List<String> people,
                        List<String> doors, List<String> zones, List<String> sites, String schedule) {
        public Group {
            name = name == null ? id : name;
            kinds = ConfigLists.copy(kinds);
            schools = ConfigLists.copy(schools);
            people = ConfigLists.copy(people);
            doors = ConfigLists.copy(doors);
            zones = ConfigLists.copy(zones);
            sites = ConfigLists.copy(sites);
        }
    }

    /** Free access: the doors (by id or zone) are unlocked while {@code schedule} is open and locked when it closes. */
    public record DoorSchedule(String id, List<String> doors, List<String> zones, String schedule) {
        public DoorSchedule {
            doors = ConfigLists.copy(doors);
            zones = ConfigLists.copy(zones);
        }
    }

    /** Card and PIN: the doors (by id or zone) need the card's holder's PIN after the card while {@code schedule} is open. */
    public record CardAndPin(List<String> doors, List<String> zones, String schedule) {
        public CardAndPin {
            doors = ConfigLists.copy(doors);
            zones = ConfigLists.copy(zones);
        }
    }

    /**
     * One site's rules for lockdowns.
     *
     * @param lockdownEntryKinds kinds that hold the lockdown-entry privilege by kind; default {@code [first_responder]}
     *                           (people marked {@code lockdownEntry} hold it too)
     * @param secureExteriorKinds during a {@code secure}, the kinds an exterior door admits besides the privileged; default {@code [staff]}
     */
    public record SiteRules(String site, List<String> lockdownEntryKinds, List<String> secureExteriorKinds) {
        public SiteRules {
            lockdownEntryKinds = lockdownEntryKinds == null ? List.of("first_responder") : ConfigLists.copy(lockdownEntryKinds);
            secureExteriorKinds = secureExteriorKinds == null ? List.of("staff") : ConfigLists.copy(secureExteriorKinds);
        }
    }
}
