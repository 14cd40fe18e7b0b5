package io.warden.gateway.access;

import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.CardFormatException;
import io.warden.adapter.api.Credential;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The access decision for one credential at one door: a pure function of the directory snapshot,
 * the compiled policy, the instant and the lockdown covering the door. No I/O, no clock, no state:
 * the hot path ({@code AccessControl}) and the questions ({@link AccessRules}) use the same rules.
 *
 * <p>Order: decode (parity) → card known → lost → suspended → validity window → lockdown/secure →
 * groups and schedules → card-and-PIN. The first refusal wins, so a lost card is flagged as lost
 * even when it would also be outside its schedule.
 */
public final class AccessDecider {
    private AccessDecider() {}

    /**
     * What to do with a read.
     *
     * @param decision    the decision; when {@code pinRequired}, the grant that a right PIN completes
     * @param pinRequired a card-and-PIN door: ask for the holder's PIN before granting
     * @param group       the granting group, null unless granted through a group
     * @param schedule    that group's schedule id, null unless granted through a group
     */
    public record Outcome(Decision decision, boolean pinRequired, String group, String schedule) {
        static Outcome of(Decision d) {
            return new Outcome(d, false, null, null);
        }

        /**
         * The strongest lockdown level this grant may pulse through ({@link io.warden.gateway.door.GatewayDoorService#admit}):
         * {@code LOCKDOWN} for the lockdown-entry privilege, {@code SECURE} for a secure's admitted kind through a group,
         * null when no lockdown covered the door.
         */
        public LockdownRequest.Level passes() {
            if (!decision.lockdownEntry()) return null;
            return group == null ? LockdownRequest.Level.LOCKDOWN : LockdownRequest.Level.SECURE;
        }

        /** Granted now, or granted once the PIN is right. */
        public boolean admits() {
            return decision.granted();
        }
    }

    /**
     * Decides a read at {@code doorId}.
     *
     * @param lockdown the active lockdown covering the door, or null
     * @throws IllegalArgumentException when the policy does not govern the door
     */
    public static Outcome decide(Directory directory, AccessPolicy policy, String doorId, Credential credential, Instant now,
                                 LockdownReport lockdown) {
        if (credential.kind() == Credential.Kind.PIN) {
            return Outcome.of(Decision.deny(null, null, DenyReason.PIN_WITHOUT_CARD,
                    "pin_without_card: keys were entered with no card before them; a PIN is only a second factor"));
        }
        String cardId;
        try {
            cardId = CardFormat.decode(credential).id();
        } catch (CardFormatException | IllegalArgumentException e) {
            return Outcome.of(Decision.deny(null, null, DenyReason.BAD_READ, "bad_read: " + e.getMessage()));
        }
        return decideCard(directory, policy, doorId, cardId, now, lockdown);
    }

    /** Decides a card already decoded to its canonical id (see {@link #decide}). */
    public static Outcome decideCard(Directory directory, AccessPolicy policy, String doorId, String cardId, Instant now,
                                     LockdownReport lockdown) {
        AccessPolicy.DoorPolicy door = policy.door(doorId);
        if (door == null) throw new IllegalArgumentException("door " + doorId + " is not governed by the access policy");
        Optional<Card> found = directory.card(cardId);
        Person p = found.flatMap(c -> directory.person(c.personId())).orElse(null);
        if (p == null) {
            return Outcome.of(Decision.deny(null, cardId, DenyReason.UNKNOWN_CARD, "unknown_card: card " + cardId + " is not in the directory"));
        }
        Card card = found.get();
        if (card.status() == CardStatus.LOST) {
            return deny(p, cardId, DenyReason.LOST, "card " + cardId + " was reported lost");
        }
        if (card.status() == CardStatus.SUSPENDED) return deny(p, cardId, DenyReason.SUSPENDED, "card " + cardId + " is suspended");
        if (p.status() == PersonStatus.SUSPENDED) return deny(p, cardId, DenyReason.SUSPENDED, "person " + p.id() + " is suspended");
        if (!p.validAt(now)) {
            return deny(p, cardId, DenyReason.EXPIRED, p.validFrom() != null && now.isBefore(p.validFrom())
                    ? "valid from " + p.validFrom() : "valid until " + p.validUntil());
        }
        boolean privileged = p.lockdownEntry() || door.lockdownEntryKinds().contains(p.kind());
        if (lockdown != null) {
            boolean secure = lockdown.level() == LockdownRequest.Level.SECURE;
            if (privileged) {
                return Outcome.of(new Decision(true, p.id(), cardId, null, "lockdown entry during " + lockdown.id(), true));
            }
            if (!secure) {
                return deny(p, cardId, DenyReason.LOCKDOWN, "door " + doorId + " is in " + drill(lockdown) + "lockdown " + lockdown.id()
                        + "; only lockdown-entry holders are admitted");
            }
            if (door.door().exterior() && !door.secureExteriorKinds().contains(p.kind())) {
                return deny(p, cardId, DenyReason.SECURE, "exterior door " + doorId + " is in " + drill(lockdown) + "secure " + lockdown.id()
                        + "; a " + p.kind().id() + " is not admitted");
            }
        }
        AccessPolicy.Rule reached = null;
        for (AccessPolicy.Rule r : door.rules()) {
            if (!r.holds(p)) continue;
            if (r.schedule().isOpen(now, door.zone(), directory)) {
                String detail = "group " + r.group() + ", schedule " + r.schedule().id()
                        + (lockdown == null ? "" : "; secure entry during " + lockdown.id());
                Decision d = new Decision(true, p.id(), cardId, null, detail, lockdown != null);
                return new Outcome(d, pinNeeded(door, now, directory), r.group(), r.schedule().id());
            }
            if (reached == null) reached = r;
        }
        if (reached != null) {
            LocalDateTime local = LocalDateTime.ofInstant(now, door.zone()).truncatedTo(ChronoUnit.MINUTES);
            return deny(p, cardId, DenyReason.OUTSIDE_SCHEDULE, "group " + reached.group() + " (schedule " + reached.schedule().id()
                    + ") is closed at " + local + " " + door.zone());
        }
        return deny(p, cardId, DenyReason.NO_ACCESS, "no access group gives " + p.id() + " door " + doorId);
    }

    private static boolean pinNeeded(AccessPolicy.DoorPolicy door, Instant now, Directory directory) {
        for (Schedule s : door.pinSchedules()) if (s.isOpen(now, door.zone(), directory)) return true;
        return false;
    }

    private static Outcome deny(Person p, String cardId, DenyReason reason, String why) {
        return Outcome.of(Decision.deny(p.id(), cardId, reason, reason.id() + ": " + why));
    }

    private static String drill(LockdownReport l) {
        return l.drill() ? "drill " : "";
    }
}
