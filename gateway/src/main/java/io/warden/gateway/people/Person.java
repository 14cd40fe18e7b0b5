package io.warden.gateway.people;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Someone who may be given cards. Only what decisions, questions and imports need; nothing more of a
 * student is kept (no email, grade, guardians, birth date).
 *
 * @param id            stable id: the SIS {@code sourcedId} for imported people, otherwise given when added
 * @param name          display name, e.g. "Ana Lopez"
 * @param sisId         the SIS's own user id (OneRoster {@code identifier} or {@code userIds} SIS entry), null if none
 * @param schools       the schools (OneRoster org {@code sourcedId}s) the person belongs to; access groups select by them
 * @param validFrom     null: no start
 * @param validUntil    null: no end (visitors and contractors usually have one)
 * @param lockdownEntry named lockdown-entry privilege (administrators); first responders may hold it by kind (see the site rules)
 * @param pinHash       the PIN as a salted hash ({@code PinHash}), null when the person has no PIN; never the PIN
 * @param source        where the record comes from: {@code oneroster}, {@code csv} or {@code api}. A full OneRoster
 *                      sync suspends only missing people whose source is {@code oneroster}
 */
public record Person(String id, String name, PersonKind kind, String sisId, List<String> schools, PersonStatus status,
                     Instant validFrom, Instant validUntil, boolean lockdownEntry, String pinHash, String source) {
    public Person {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        schools = schools == null ? List.of() : List.copyOf(schools);
    }

    /** Within its validity window at {@code t}. */
    public boolean validAt(Instant t) {
        return (validFrom == null || !t.isBefore(validFrom)) && (validUntil == null || t.isBefore(validUntil));
    }

    /** Never prints the PIN hash. */
    @Override
    public String toString() {
        return "Person[" + id + ", " + kind.id() + ", " + status.id() + (pinHash == null ? "" : ", PIN set") + "]";
    }
}
