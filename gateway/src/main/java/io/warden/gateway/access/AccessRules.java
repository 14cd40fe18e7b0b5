package io.warden.gateway.access;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link AccessQuestions} answered with {@link AccessDecider}, the rules the door itself applies, over
 * the current directory. A lockdown counts only for a question about now (within {@link #NOW} of the
 * clock): whether one will still hold at another time is unknown. Someone admitted only after a PIN
 * counts as able to open the door. Thread-safe; CPU only (10,000 people × one door's rules).
 */
public final class AccessRules implements AccessQuestions {
    /** How close to the clock {@code at} must be for the active lockdowns to count. */
    static final Duration NOW = Duration.ofSeconds(1);

    private final AccessPolicy policy;
    private final Supplier<Directory> directory;
    private final Function<String, LockdownReport> lockdownCovering;
    private final Clock clock;
    private final Function<String, String> doorNames;

    /**
     * @param lockdownCovering the active lockdown covering a door, or null (e.g. {@code GatewayDoorService::lockdownCovering})
     */
    public AccessRules(AccessPolicy policy, Supplier<Directory> directory, Function<String, LockdownReport> lockdownCovering, Clock clock) {
        this.policy = policy;
        this.directory = directory;
        this.lockdownCovering = lockdownCovering;
        this.clock = clock;
        this.doorNames = id -> policy.door(id).door().name();
    }

    @Override
    public List<PersonAccess> whoCanOpen(String doorId, Instant at) {
        if (!policy.governs(doorId)) throw new WardenException(ErrorCode.NOT_FOUND, "no door '" + doorId + "' decided by the access rules");
        Directory dir = directory.get();
        LockdownReport ld = lockdownAt(doorId, at);
        List<PersonAccess> out = new ArrayList<>();
        for (Person p : dir.people()) {
            if (p.status() != PersonStatus.ACTIVE) continue;
            List<String> cards = new ArrayList<>();
            AccessDecider.Outcome admitted = null;
            for (Card c : dir.cardsOf(p.id())) {
                if (c.status() != CardStatus.ACTIVE) continue;
                cards.add(c.id());
                if (admitted == null) {
                    AccessDecider.Outcome o = AccessDecider.decideCard(dir, policy, doorId, c.id(), at, ld);
                    if (o.admits()) admitted = o;
                }
            }
            if (admitted != null) {
                out.add(new PersonAccess(p.id(), p.name(), p.kind().id(), List.copyOf(cards), groupOf(admitted), admitted.schedule()));
            }
        }
        return out;
    }

    @Override
    public List<DoorAccess> whatCanOpen(String cardId, Instant at) {
        Directory dir = directory.get();
        if (dir.card(cardId).isEmpty()) throw new WardenException(ErrorCode.NOT_FOUND, "no card '" + cardId + "' in the directory");
        List<DoorAccess> out = new ArrayList<>();
        for (AccessPolicy.DoorPolicy d : policy.doors()) {
            String doorId = d.door().id();
            AccessDecider.Outcome o = AccessDecider.decideCard(dir, policy, doorId, cardId, at, lockdownAt(doorId, at));
            if (o.admits()) out.add(new DoorAccess(doorId, doorNames.apply(doorId), groupOf(o), o.schedule()));
        }
        return out;
    }

    private LockdownReport lockdownAt(String doorId, Instant at) {
        return Duration.between(clock.instant(), at).abs().compareTo(NOW) <= 0 ? lockdownCovering.apply(doorId) : null;
    }

    /** The group, or {@code lockdown-entry} for someone admitted by the privilege alone. */
    private static String groupOf(AccessDecider.Outcome o) {
        return o.group() != null ? o.group() : o.decision().lockdownEntry() ? "lockdown-entry" : null;
    }
}
