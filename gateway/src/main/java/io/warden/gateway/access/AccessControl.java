package io.warden.gateway.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.ReaderSignal;
import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditBacklog;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.door.DoorBus;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PinHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path at the door: a card or keypad read at a governed door is decided from memory (the
 * directory snapshot, the compiled policy, the door's lockdown), then granted (pulse, then GRANTED at
 * the reader) or denied (DENIED at the reader), and recorded without waiting for the store
 * ({@link AuditBacklog}). It runs on the node that owns the door, on the context the read arrived on;
 * nothing on the way to the strike command touches a disk or the network beyond the door's own line.
 *
 * <p>Card and PIN: a card accepted at a card-and-PIN door is held for {@code pinTimeoutSeconds}
 * while the reader shows PIN_REQUIRED. Readers send keys one per osdp_KEYPAD reply as they are
 * pressed, or several (the whole PIN) at once, so keys are collected per door: {@code *} clears what
 * was typed, and the entry ends at the enter key {@code #} (not part of the PIN), at
 * {@value #MAX_KEYS} keys, after a pause of {@link #KEY_PAUSE} without a key, or at the PIN timeout,
 * which bounds the whole entry: what was typed by then is checked, and with nothing typed (or all of
 * it cleared) the card is refused {@link DenyReason#PIN_TIMEOUT}; later keys are keys with no card. A
 * reader that sends a whole PIN with no enter key is thus answered after the pause. The keys
 * are then checked against the holder's PIN hash off the event loop; a PIN that matches has the card
 * decided again, so what changed while it was typed (a card reported lost, a lockdown) counts. A new
 * card replaces a held one. Keys with no held card are collected the same way and refused once per
 * entry ({@link DenyReason#PIN_WITHOUT_CARD}). The keys are never logged or recorded, only how many
 * there were; neither is the PIN's hash.
 *
 * <p>Wiring: {@code recorder.decideReadsWith(new AccessControl(...))} once the door service runs.
 */
public final class AccessControl implements DeviceEventRecorder.ReadHandler {
    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    /** How long the reader shows DENIED. */
    static final Duration DENIED_FOR = Duration.ofSeconds(2);
    /** The keypad's enter key ('#', 0x0D on OSDP): ends an entry, is not part of the PIN. */
    private static final char ENTER = '#';
    /** The keypad's clear key ('*', 0x7F on OSDP): forgets what was typed so far. */
    private static final char CLEAR = '*';
    /** An entry this long is complete: the PIN is checked without waiting for the enter key. */
    static final int MAX_KEYS = 8;
    /** A pause this long after a key ends an entry (readers whose users press no enter key); not above the shortest PIN timeout (3 s). */
    static final Duration KEY_PAUSE = Duration.ofSeconds(3);

    private final Vertx vertx;
    private final Clock clock;
    private final AccessPolicy policy;
    private final Supplier<Directory> directory;
    private final GatewayDoorService doors;
    private final DoorBus bus;
    private final AuditBacklog audit;
    private final Duration keyPause;
    /** The entry being typed, by door. Guarded by itself: reads and timers may arrive on different threads. */
    private final Map<String, Entry> entries = new HashMap<>();

    /** Keys being typed at a door, and the entry's timers (-1: none). Changed only while holding {@link #entries}. */
    private static final class Entry {
        /** The held card's grant that a right PIN completes; null for keys with no card. */
        final Decision grant;
        final StringBuilder keys = new StringBuilder();
        long deadline = -1;
        long pause = -1;

        Entry(Decision grant) {
            this.grant = grant;
        }
    }

    /**
     * @param directory the current directory snapshot (e.g. {@code DirectoryService::current}); read once per decision
     * @param audit     where decisions are recorded, never awaited
     */
    public AccessControl(Vertx vertx, Clock clock, AccessPolicy policy, Supplier<Directory> directory, GatewayDoorService doors,
                         AuditBacklog audit) {
        this(vertx, clock, policy, directory, doors, audit, KEY_PAUSE);
    }

    /** As above, with the pause that ends an entry ({@link #KEY_PAUSE}) chosen: tests shorten it. */
    AccessControl(Vertx vertx, Clock clock, AccessPolicy policy, Supplier<Directory> directory, GatewayDoorService doors,
                  AuditBacklog audit, Duration keyPause) {
        this.keyPause = keyPause;
        this.vertx = vertx;
        this.clock = clock;
        this.policy = policy;
        this.directory = directory;
        this.doors = doors;
        this.bus = doors.bus(); // knows every door's command timeout
        this.audit = audit;
    }

    @Override
    public boolean governs(String doorId) {
        return policy.governs(doorId);
    }

    @Override
    public void read(DeviceEvent.CredentialRead read) {
        try {
            decide(read);
        } catch (RuntimeException e) { // a bug, or a schedule that throws: fail closed, and say so
            log.error("event=access_decision_failed door={} error=\"{}\"", read.doorId(), e.toString());
            DoorInfo door = policy.door(read.doorId()).door();
            signal(door.id(), ReaderSignal.DENIED, DENIED_FOR);
            audit.append(new AuditEntry(clock.instant(), "access.denied", "unknown", null, door.site(), door.zone(), door.id(), null,
                    null, read.credential().kind() == Credential.Kind.PIN ? "pin" : "card", "denied", "error: the decision failed: " + e));
        }
    }

    private void decide(DeviceEvent.CredentialRead read) {
        String door = read.doorId();
        Credential c = read.credential();
        if (c.kind() == Credential.Kind.PIN) {
            keys(door, c.value());
            return;
        }
        Instant now = clock.instant();
        AccessDecider.Outcome o = AccessDecider.decide(directory.get(), policy, door, c, now, doors.lockdownCovering(door));
        Entry before;
        synchronized (entries) {
            before = end(door);
        }
        if (before != null && before.grant == null) judge(door, before); // keys typed with no card: refused before the card counts
        Decision d = o.decision(); // a held card is simply replaced by the new one
        if (o.pinRequired()) {
            holdForPin(door, d);
            return;
        }
        finish(door, d, o.passes(), "card", d.cardId() != null ? d.cardId() : c.bits() + "-bit " + c.value());
    }

    private void holdForPin(String door, Decision grant) {
        Duration wait = Duration.ofSeconds(policy.pinTimeoutSeconds());
        synchronized (entries) {
            start(door, grant);
        }
        bus.signal(door, ReaderSignal.PIN_REQUIRED, wait, bus.deadline(door)).onFailure(e -> signalFailed(door, ReaderSignal.PIN_REQUIRED, e));
    }

    /** A new entry at {@code door}, bounded by the PIN timeout. Holding {@link #entries}. */
    private Entry start(String door, Decision grant) {
        Entry e = new Entry(grant);
        e.deadline = vertx.setTimer(policy.pinTimeoutSeconds() * 1000L, id -> timedOut(door, e));
        Entry old = entries.put(door, e);
        if (old != null) cancelTimers(old);
        return e;
    }

    /** Removes the entry at {@code door} and stops its timers; null when there is none. Holding {@link #entries}. */
    private Entry end(String door) {
        Entry e = entries.remove(door);
        if (e != null) cancelTimers(e);
        return e;
    }

    private void cancelTimers(Entry e) {
        if (e.deadline != -1) vertx.cancelTimer(e.deadline);
        if (e.pause != -1) vertx.cancelTimer(e.pause);
    }

    /** The PIN timeout or the pause after a key: the entry ends with what was typed, unless it ended meanwhile. */
    private void timedOut(String door, Entry e) {
        synchronized (entries) {
            if (entries.get(door) != e) return;
            end(door);
        }
        judge(door, e);
    }

    /** Keys from one keypad report, one or many: each is typed into the door's entry; entries they complete are judged. */
    private void keys(String door, String typed) {
        List<Entry> complete = new ArrayList<>();
        synchronized (entries) {
            for (char k : typed.toCharArray()) {
                Entry e = entries.get(door);
                if (e == null) e = start(door, null); // keys with no card: an entry of their own, refused once at its end
                if (k == CLEAR) {
                    e.keys.setLength(0);
                } else if (k != ENTER) {
                    e.keys.append(k);
                }
                if (e.keys.length() > 0 && (k == ENTER || e.keys.length() == MAX_KEYS)) complete.add(end(door));
            }
            Entry typing = entries.get(door);
            if (typing != null) { // the pause counts from the last key; it runs only while something is typed
                if (typing.pause != -1) vertx.cancelTimer(typing.pause);
                typing.pause = typing.keys.length() == 0 ? -1 : vertx.setTimer(keyPause.toMillis(), id -> timedOut(door, typing));
            }
        }
        complete.forEach(e -> judge(door, e));
    }

    /** An entry has ended: its keys are checked against the held card's holder, or refused when no card was held. */
    private void judge(String door, Entry e) {
        String pin = e.keys.toString();
        Decision grant = e.grant;
        if (grant == null) {
            if (pin.isEmpty()) return; // only enter or clear pressed: nothing was tried
            Decision d = AccessDecider.decide(directory.get(), policy, door, Credential.pin(pin), clock.instant(), null).decision();
            finish(door, d, null, "pin", "PIN (" + pin.length() + " keys)");
            return;
        }
        if (pin.isEmpty()) { // only the PIN timeout ends an entry with nothing in it
            finish(door, Decision.deny(grant.personId(), grant.cardId(), DenyReason.PIN_TIMEOUT, "pin_timeout: no PIN within "
                    + policy.pinTimeoutSeconds() + " s after card " + grant.cardId()), null, "card+pin", grant.cardId());
            return;
        }
        String hash = directory.get().person(grant.personId()).map(Person::pinHash).orElse(null);
        if (hash == null) {
            finish(door, wrongPin(grant, "person " + grant.personId() + " has no PIN"), null, "card+pin", grant.cardId());
            return;
        }
        vertx.executeBlocking(() -> PinHash.verify(pin, hash), false).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                pinVerified(door, grant);
                return;
            }
            Decision d = ar.succeeded() ? wrongPin(grant, "the PIN does not match card " + grant.cardId() + "'s holder")
                    : wrongPin(grant, "the PIN could not be checked: " + ar.cause().getMessage()); // fail closed
            finish(door, d, null, "card+pin", grant.cardId());
        });
    }

    /**
     * The card is decided again now, from memory: while its holder typed, the card may have been
     * reported lost, the person suspended, or a lockdown started. Its answer, not the card's, opens the door.
     */
    private void pinVerified(String door, Decision atCard) {
        AccessDecider.Outcome now = AccessDecider.decideCard(directory.get(), policy, door, atCard.cardId(), clock.instant(),
                doors.lockdownCovering(door));
        Decision d = now.decision();
        if (d.granted() && !atCard.personId().equals(d.personId())) { // the card changed hands: the PIN was the old holder's
            finish(door, wrongPin(atCard, "card " + atCard.cardId() + " was given to someone else meanwhile"), null, "card+pin", atCard.cardId());
        } else if (d.granted()) {
            finish(door, new Decision(true, d.personId(), d.cardId(), null, d.detail() + ", PIN verified", d.lockdownEntry()), now.passes(),
                    "card+pin", atCard.cardId());
        } else {
            finish(door, d, null, "card+pin", atCard.cardId());
        }
    }

    private static Decision wrongPin(Decision grant, String why) {
        return Decision.deny(grant.personId(), grant.cardId(), DenyReason.WRONG_PIN, DenyReason.WRONG_PIN.id() + ": " + why);
    }

    /**
     * Grant (pulse first) or deny at the reader, then record; a pulse the device refuses gets its own record after the decision's.
     *
     * @param passes the lockdown level the grant was made through (see {@link GatewayDoorService#admit}); null for a denial
     */
    private void finish(String doorId, Decision d, LockdownRequest.Level passes, String action, String credential) {
        DoorInfo door = policy.door(doorId).door();
        Future<Void> pulse = d.granted() ? doors.admit(doorId, passes) : null; // the strike first, before any record
        if (!d.granted()) {
            signal(doorId, ReaderSignal.DENIED, DENIED_FOR);
            if (d.reason() == DenyReason.LOST) log.warn("event=lost_card_presented door={} person={}", doorId, d.personId());
        }
        audit.append(new AuditEntry(clock.instant(), d.granted() ? "access.granted" : "access.denied", d.personId() == null ? "unknown"
                : d.personId(), null, door.site(), door.zone(), doorId, null, credential, action, d.granted() ? "granted" : "denied", d.detail()));
        if (pulse == null) return;
        pulse.onFailure(e -> { // attached after the decision's record, so it follows that record even when it failed at once
            boolean refused = e instanceof PolicyException;
            audit.append(new AuditEntry(clock.instant(), "door.command", d.personId(), null, door.site(), door.zone(), doorId, null,
                    null, "pulse", refused ? "refused" : "failed", e.getMessage()));
            if (refused) signal(doorId, ReaderSignal.DENIED, DENIED_FOR);
        });
    }

    private void signal(String doorId, ReaderSignal s, Duration ledFor) {
        bus.signal(doorId, s, ledFor, bus.deadline(doorId)).onFailure(e -> signalFailed(doorId, s, e));
    }

    private static void signalFailed(String doorId, ReaderSignal s, Throwable e) {
        if (io.warden.adapter.api.WardenException.codeOf(e) == io.warden.adapter.api.ErrorCode.UNSUPPORTED) return;
        log.warn("event=reader_signal_failed door={} signal={} error=\"{}\"", doorId, s, e.getMessage());
    }
}
