package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.CardNumber;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.access.AccessQuestions;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.door.CommandOutcome;
import io.warden.gateway.door.CommandOrigin;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonKind;
import io.warden.gateway.people.PersonStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People at the demo's doors, so the audit trail and the event stream have life in them. Every 2 to 4
 * seconds one scene starts at an idle, online door (the first is always a card that opens its door):
 * <ul>
 *   <li>someone from the directory presents their card at a door their groups open now (the access
 *       rules' {@link AccessQuestions#whoCanOpen}: administrators and first responders at any hour,
 *       staff and students in their hours), and walks through once the door unlocked:
 *       {@code access.granted};</li>
 *   <li>every third scene one of the things a site sees every day, in turn: a student at a door outside
 *       their groups ({@code no_access}), the lost card ({@code lost}, flagged), a card-and-PIN door
 *       with the card then the holder's PIN typed one key at a time (every third time a wrong one), the expired contractor, a
 *       card the directory does not know, someone out of their hours, and a bad read (a parity error);</li>
 *   <li>a buzz-in: a visitor rings and the front desk pulses the door through the gateway's
 *       {@link DoorService} as {@link #FRONT_DESK}, and the visitor walks through;</li>
 *   <li>at a door on an ONVIF controller the controller decides, not the gateway: someone badges in and is
 *       mostly granted (the controller accesses the door, they walk through), now and then denied with one of
 *       ONVIF's reasons (an expired credential, one not enabled, not at this time); the gateway hears both
 *       as the controller's events;</li>
 *   <li>someone leaving: the exit button (REX; on an ONVIF controller its request-to-exit, an anonymous
 *       grant), the door opens and closes;</li>
 *   <li>about once a minute a door propped open after an exit, past its held-open time:
 *       {@code door.held_open} (a door a camera sees, when there is one: automatic footage capture).</li>
 * </ul>
 * And every {@link #DRILL_EVERY} (the first after {@link #FIRST_DRILL}) a drill lockdown of the drill
 * door's whole site (its OSDP and ONVIF doors alike), started and released {@link #DRILL_LASTS} later through
 * the door service as {@link #DRILL}: during it a first responder badges in at the drill door and is admitted
 * (one pulse; the lockdown stays), a teacher is refused.
 *
 * <p>People are the simulated PDs' inputs, reader and keypad, and the simulated ONVIF controller's card
 * reads, door contacts and exit buttons; cards are sent in their own format ({@link CardFormat#encode});
 * commands go through the gateway like anyone else's, so a lockdown refuses the front desk's buzz-ins too.
 * A door found unlocked when it first comes online (a maglock, fail-safe, is unlocked while its output is
 * off, as a fresh PD's are) is locked by the front desk first.
 *
 * <p>A verticle: its timers belong to it, so undeploying it ends every scene (and releases a drill
 * still running). No thread ever sleeps.
 */
final class DemoActivity extends VerticleBase {
    /** Who buzzes people in (an operator, like the front office). */
    static final Principal FRONT_DESK = new Principal("demo-front-desk", Role.OPERATOR);
    /** Who starts and releases the drills (the lockdown role, like a principal's office). */
    static final Principal DRILL = new Principal("demo-drill", Role.LOCKDOWN);
    static final String SOURCE = "demo-activity";
    /** The door where first responders badge in during a drill; its site is locked down. */
    static final String DRILL_DOOR = "gym-east";
    static final Duration FIRST_DRILL = Duration.ofSeconds(60);
    static final Duration DRILL_EVERY = Duration.ofMinutes(3);
    static final Duration DRILL_LASTS = Duration.ofSeconds(40);
    private static final Logger log = LoggerFactory.getLogger(DemoActivity.class);
    private static final long MIN_GAP_MS = 2_000;
    private static final long MAX_GAP_MS = 4_000;
    /** Doors held open longer than this are not propped open: the wait would be too long to watch. */
    private static final Duration PROP_AT_MOST = Duration.ofSeconds(30);
    private static final int PROP_EVERY = 20;
    private static final int SPECIAL_EVERY = 3;
    /** How far ahead a door is looked for that a card opens at some hour, or at none. */
    private static final Duration WEEK = Duration.ofDays(7);
    /** One card read in this many at an ONVIF controller's door is denied by the controller. */
    private static final int ONVIF_DENIED_EVERY = 4;

    /** The door service, the access rules, the directory: what the people need to know of the site. */
    record Site(DoorService doors, AccessQuestions rules, Supplier<Directory> directory, Set<String> pinDoors, Clock clock) {}

    private enum Special { LOST_CARD, NO_ACCESS, CARD_AND_PIN, EXPIRED, UNKNOWN_CARD, OUT_OF_HOURS, BAD_READ }

    private final DoorService service;
    private final Site site;
    private final List<DemoDevices.Door> doors;
    private final Random random;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<String> seenOnline = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean propped = new AtomicBoolean();
    private volatile boolean running;
    private volatile String drill;
    private int scenes;
    private int specials;
    private int pinScenes;
    private int onvifReads;

    DemoActivity(Site site, List<DemoDevices.Door> doors, Random random) {
        this.service = site.doors();
        this.site = site;
        this.doors = List.copyOf(doors);
        this.random = random;
    }

    @Override
    public Future<?> start() {
        running = true;
        next();
        if (doors.stream().anyMatch(d -> d.id().equals(DRILL_DOOR) && d.reader())) {
            vertx.setTimer(FIRST_DRILL.toMillis(), id -> {
                drill();
                vertx.setPeriodic(DRILL_EVERY.toMillis(), p -> drill());
            });
        }
        return Future.succeededFuture();
    }

    /** Ends the scenes; a drill still running is released (a lockdown outlives a restart). */
    @Override
    public Future<?> stop() {
        running = false;
        String id = drill;
        return id == null ? Future.succeededFuture() : service.release(id, DRILL, SOURCE).otherwiseEmpty();
    }

    private void next() {
        vertx.setTimer(MIN_GAP_MS + (long) (random.nextDouble() * (MAX_GAP_MS - MIN_GAP_MS)), id -> {
            if (!running) return;
            scene();
            next();
        });
    }

    private void scene() {
        lockWhatCameUpUnlocked();
        List<DemoDevices.Door> idle = doors.stream().filter(d -> !busy.contains(d.id()) && online(d)).toList();
        // The first scene is a card that opens its door; the second and every third a special one; the
        // fifth and then every twentieth (about once a minute) a door propped open.
        double r = scenes == 0 ? 0.2 : scenes % PROP_EVERY == 4 ? -1 : scenes % SPECIAL_EVERY == 1 ? -2 : random.nextDouble();
        DemoDevices.Door d;
        Future<Void> scene;
        if (r == -1 && !propped.get() && (d = pick(idle, x -> x.hasContact() && x.hasExitButton(), true)) != null) {
            scene = proppedOpen(d);
        } else if (r == -2 && special(idle)) {
            scenes++;
            return;
        } else if (r >= 0 && r < 0.5 && (d = grantable(idle)) != null) {
            scene = cardThatOpens(d);
        } else if (r >= 0 && r < 0.7 && (d = pick(idle, x -> true, false)) != null) {
            scene = buzzIn(d);
        } else if ((d = pick(idle, DemoDevices.Door::hasExitButton, false)) != null) {
            scene = exit(d);
        } else {
            return;
        }
        scenes++;
        run(d, scene);
    }

    /** Marks the door busy until the scene ends. */
    private void run(DemoDevices.Door d, Future<Void> scene) {
        String id = d.id();
        busy.add(id);
        scene.onComplete(ar -> {
            busy.remove(id);
            if (ar.failed()) log.debug("event=demo_scene_failed door={} error=\"{}\"", id, ar.cause().getMessage());
        });
    }

    private void lockWhatCameUpUnlocked() {
        for (DemoDevices.Door d : doors) {
            DoorState s = service.door(d.id()).map(DoorView::state).orElse(null);
            if (s == null || !s.online() || s.lock() == DoorState.LockState.UNKNOWN || !seenOnline.add(d.id())) continue;
            if (s.lock() == DoorState.LockState.UNLOCKED && busy.add(d.id())) {
                service.execute(d.id(), new DoorCommand.Lock(), FRONT_DESK, SOURCE, CommandOrigin.DEMO).onComplete(ar -> busy.remove(d.id()));
            }
        }
    }

    /** A visitor rings; the front desk buzzes them in. */
    private Future<Void> buzzIn(DemoDevices.Door d) {
        return service.execute(d.id(), new DoorCommand.Pulse(d.pulse()), FRONT_DESK, SOURCE, CommandOrigin.DEMO)
                .compose((CommandOutcome o) -> o.confirmed() ? pause(600).compose(v -> walkThrough(d)) : Future.succeededFuture());
    }

    /**
     * Someone leaves through the exit button. An ONVIF controller grants the egress and releases the lock unless
     * its mode refuses (a lockdown): they walk through only once it did, as opening it locked would be forced.
     */
    private Future<Void> exit(DemoDevices.Door d) {
        if (d.onvif() != null) return exitButton(d).compose(v -> throughIfUnlocked(d));
        return exitButton(d).compose(v -> pause(400)).compose(v -> walkThrough(d));
    }

    /** Someone leaves and props the door open; it is closed a few seconds after its held-open time. */
    private Future<Void> proppedOpen(DemoDevices.Door d) {
        propped.set(true);
        return exitButton(d).compose(v -> pause(400)).compose(v -> contact(d, true))
                .compose(v -> pause(d.heldOpen().toMillis() + 3_000)).compose(v -> contact(d, false))
                .onComplete(ar -> propped.set(false));
    }

    private Future<Void> walkThrough(DemoDevices.Door d) {
        if (!d.hasContact()) return Future.succeededFuture();
        return contact(d, true).compose(v -> pause(1_500)).compose(v -> contact(d, false));
    }

    /** The exit button pressed (a PD's REX input held for a moment; an ONVIF controller's request-to-exit). */
    private Future<Void> exitButton(DemoDevices.Door d) {
        if (d.onvif() != null) return onController(() -> d.onvif().pressRequestToExit(d.token()));
        return d.pd().setInput(d.rex(), true).compose(v -> pause(300)).compose(v -> d.pd().setInput(d.rex(), false));
    }

    /** The door opened or closed (a PD's contact input; an ONVIF controller's door contact). */
    private Future<Void> contact(DemoDevices.Door d, boolean open) {
        if (d.onvif() != null) return onController(() -> d.onvif().setContact(d.token(), open));
        return d.pd().setInput(d.contact(), open);
    }

    /**
     * Something done at the simulated controller. Its scripting calls wait for the controller's own event loop,
     * so they run on a worker, never on this verticle's event loop; a failure ends the scene.
     */
    private Future<Void> onController(Runnable action) {
        return vertx.executeBlocking(() -> {
            action.run();
            return null;
        }, false);
    }

    /** Someone whose groups open the door now presents their card, and walks through once it unlocked. */
    private Future<Void> cardThatOpens(DemoDevices.Door d) {
        if (d.onvif() != null) return controllerDecides(d);
        List<String> cards = site.rules().whoCanOpen(d.id(), site.clock().instant()).stream()
                .flatMap(p -> p.cards().stream()).filter(DemoActivity::encodable).toList();
        if (cards.isEmpty()) return Future.succeededFuture();
        return present(d, cards.get(random.nextInt(cards.size()))).compose(v -> throughIfUnlocked(d));
    }

    /**
     * A card at a door on an ONVIF controller, which decides with its own credentials: mostly granted (it
     * accesses the door; they walk through once it unlocked), every {@link #ONVIF_DENIED_EVERY}th denied with
     * the reason the person's record gives (expired, suspended) or, for anyone else, not at this time.
     * The credential token is the controller's name for the person's credential.
     */
    private Future<Void> controllerDecides(DemoDevices.Door d) {
        Directory dir = site.directory().get();
        Instant now = site.clock().instant();
        boolean denied = onvifReads++ % ONVIF_DENIED_EVERY == ONVIF_DENIED_EVERY - 1;
        List<Person> people = List.copyOf(dir.people());
        List<Person> valid = people.stream().filter(p -> p.status() == PersonStatus.ACTIVE && p.validAt(now)).toList();
        if (valid.isEmpty()) return Future.succeededFuture();
        if (!denied) {
            Person who = any(valid);
            return onController(() -> d.onvif().presentCard(d.token(), credentialToken(who), who.name(), true, null))
                    .compose(v -> throughIfUnlocked(d));
        }
        List<Person> refused = people.stream().filter(p -> p.status() != PersonStatus.ACTIVE || !p.validAt(now)).toList();
        Person who = refused.isEmpty() || random.nextBoolean() ? any(valid) : any(refused);
        String reason = who.status() != PersonStatus.ACTIVE ? "CredentialNotEnabled"
                : !who.validAt(now) ? "CredentialExpired" : "NotPermittedAtThisTime";
        return onController(() -> d.onvif().presentCard(d.token(), credentialToken(who), who.name(), false, reason));
    }

    /** The controller's token for the person's credential (a controller keeps its own credentials, named its own way). */
    private static String credentialToken(Person p) {
        return "cred-" + p.id();
    }

    /** Starts the next special scene that can be played now (at most one round of them); false when none could. */
    private boolean special(List<DemoDevices.Door> idle) {
        List<DemoDevices.Door> readers = idle.stream().filter(DemoDevices.Door::reader).toList();
        if (readers.isEmpty()) return false;
        Special[] all = Special.values();
        for (int tried = 0; tried < all.length; tried++) {
            Special s = all[specials++ % all.length];
            if (play(s, readers)) return true;
        }
        return false;
    }

    private boolean play(Special s, List<DemoDevices.Door> readers) {
        Directory dir = site.directory().get();
        Instant now = site.clock().instant();
        List<DemoDevices.Door> plain = readers.stream().filter(d -> !site.pinDoors().contains(d.id())).toList();
        switch (s) {
            case LOST_CARD -> {
                Card lost = dir.cards().stream().filter(c -> c.status() == CardStatus.LOST && encodable(c.id())).findFirst().orElse(null);
                return lost != null && !plain.isEmpty() && start(any(plain), lost.id());
            }
            case NO_ACCESS -> { // a door none of the student's groups opens at any hour
                if (drill != null) return false; // a lockdown refuses them first
                for (String card : shuffled(activeCards(dir, PersonKind.STUDENT, now))) {
                    Set<String> ever = opensWithin(card, now, WEEK);
                    List<DemoDevices.Door> never = plain.stream().filter(d -> !ever.contains(d.id())).toList();
                    if (!never.isEmpty()) return start(any(never), card);
                }
                return false;
            }
            case OUT_OF_HOURS -> { // a door their groups open, but not now
                if (drill != null) return false;
                for (String card : shuffled(activeCards(dir, null, now))) {
                    Set<String> ever = opensWithin(card, now, WEEK);
                    Set<String> nowOpen = opensWithin(card, now, Duration.ofMinutes(1));
                    List<DemoDevices.Door> later = plain.stream().filter(d -> ever.contains(d.id()) && !nowOpen.contains(d.id())).toList();
                    if (!later.isEmpty()) return start(any(later), card);
                }
                return false;
            }
            case EXPIRED -> {
                String card = dir.people().stream().filter(p -> p.validUntil() != null && !now.isBefore(p.validUntil()))
                        .flatMap(p -> dir.cardsOf(p.id()).stream()).filter(c -> c.status() == CardStatus.ACTIVE).map(Card::id)
                        .filter(DemoActivity::encodable).findFirst().orElse(null);
                return card != null && !plain.isEmpty() && start(any(plain), card);
            }
            case UNKNOWN_CARD -> {
                String card;
                do {
                    card = new CardNumber(CardFormat.H10301, 40, 9000 + random.nextInt(1000), null, 26).id();
                } while (dir.card(card).isPresent());
                return start(any(readers), card);
            }
            case BAD_READ -> {
                byte[] bits = CardFormat.H10301.encode(40, 1000 + random.nextInt(9000));
                bits[3] ^= 0x40; // the trailing (odd) parity bit, bit 26 of 26: the read fails its parity check
                DemoDevices.Door d = any(readers);
                return start(d, d.pd().swipeCard(bits, CardFormat.H10301.bits()));
            }
            case CARD_AND_PIN -> {
                List<DemoDevices.Door> pin = readers.stream().filter(d -> site.pinDoors().contains(d.id())).toList();
                if (pin.isEmpty()) return false;
                DemoDevices.Door d = any(pin);
                // In a lockdown the privileged are admitted on their card alone, the others refused: no keys to type.
                if (service.door(d.id()).map(DoorView::lockdownId).orElse(null) != null) return false;
                List<AccessQuestions.PersonAccess> can = site.rules().whoCanOpen(d.id(), now).stream()
                        .filter(p -> DemoPeople.PINS.containsKey(p.personId()) && p.cards().stream().anyMatch(DemoActivity::encodable)).toList();
                if (can.isEmpty()) return false;
                AccessQuestions.PersonAccess who = can.get(random.nextInt(can.size()));
                String card = who.cards().stream().filter(DemoActivity::encodable).findFirst().orElseThrow();
                String right = DemoPeople.PINS.get(who.personId());
                boolean wrong = pinScenes++ % 3 == 2;
                String keys = wrong ? wrongPin(right) : right;
                // One key per keypad report, a person's pace apart, ended with the enter key: as most readers send an entry.
                return start(d, present(d, card).compose(v -> pause(1_500)).compose(v -> d.pd().typeKeys(keys + "#"))
                        .compose(v -> wrong ? Future.<Void>succeededFuture() : throughIfUnlocked(d)));
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A drill lockdown of the drill door's site, OSDP and ONVIF doors together: a first responder badges in at
     * the drill door (admitted, one pulse), a teacher is refused; released {@link #DRILL_LASTS} after it started.
     */
    private void drill() {
        if (!running || drill != null) return;
        DemoDevices.Door door = doors.stream().filter(d -> d.id().equals(DRILL_DOOR)).findFirst().orElse(null);
        String siteId = service.door(DRILL_DOOR).map(v -> v.info().site()).orElse(null);
        if (door == null || siteId == null) return;
        Directory dir = site.directory().get();
        Instant now = site.clock().instant();
        List<String> responders = activeCards(dir, PersonKind.FIRST_RESPONDER, now);
        List<String> teachers = dir.people().stream().filter(p -> p.kind() == PersonKind.STAFF && !p.lockdownEntry()
                        && p.status() == PersonStatus.ACTIVE && p.validAt(now))
                .flatMap(p -> dir.cardsOf(p.id()).stream()).filter(c -> c.status() == CardStatus.ACTIVE).map(Card::id)
                .filter(DemoActivity::encodable).toList();
        LockdownRequest request = new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope(siteId, null, null), true,
                "demo: lockdown drill of the whole site");
        busy.add(DRILL_DOOR);
        service.startLockdown(request, DRILL, SOURCE).compose(report -> {
            drill = report.id();
            if (!running) return service.release(report.id(), DRILL, SOURCE); // stopped while it started
            Future<Void> badges = pause(8_000);
            if (!responders.isEmpty()) {
                String card = responders.get(random.nextInt(responders.size()));
                badges = badges.compose(v -> present(door, card)).compose(v -> throughIfUnlocked(door));
            }
            if (!teachers.isEmpty()) {
                String card = teachers.get(random.nextInt(teachers.size()));
                badges = badges.compose(v -> pause(8_000)).compose(v -> present(door, card));
            }
            return badges.eventually(() -> pause(Math.max(1_000,
                            DRILL_LASTS.minus(Duration.between(report.startedAt(), site.clock().instant())).toMillis())))
                    .compose(v -> service.release(report.id(), DRILL, SOURCE));
        }).onComplete(ar -> {
            busy.remove(DRILL_DOOR);
            if (ar.succeeded()) drill = null;
            else log.debug("event=demo_drill_failed error=\"{}\"", ar.cause().getMessage());
        });
    }

    /** The active cards of active, valid people of {@code kind} (any kind when null), in a format the simulator can send. */
    private static List<String> activeCards(Directory dir, PersonKind kind, Instant now) {
        return dir.people().stream().filter(p -> (kind == null || p.kind() == kind) && p.status() == PersonStatus.ACTIVE && p.validAt(now))
                .flatMap(p -> dir.cardsOf(p.id()).stream()).filter(c -> c.status() == CardStatus.ACTIVE).map(Card::id)
                .filter(DemoActivity::encodable).toList();
    }

    /** The doors {@code card} opens at some hour from {@code from} on, within {@code ahead} (from memory: 24 questions a day). */
    private Set<String> opensWithin(String card, Instant from, Duration ahead) {
        Set<String> doors = new HashSet<>();
        for (Instant t = from; t.isBefore(from.plus(ahead)); t = t.plus(Duration.ofHours(1))) {
            site.rules().whatCanOpen(card, t).forEach(a -> doors.add(a.doorId()));
        }
        return doors;
    }

    /** A card at the door's reader, its bits in its own format. */
    private Future<Void> present(DemoDevices.Door d, String cardId) {
        CardNumber card = CardNumber.parse(cardId);
        return d.pd().swipeCard(card.format().encode(card.facility(), card.number()), card.format().bits());
    }

    /** Walks through when the door unlocked for them (a grant's pulse), as someone refused does not. */
    private Future<Void> throughIfUnlocked(DemoDevices.Door d) {
        return pause(1_500).compose(v -> {
            boolean open = service.door(d.id()).map(DoorView::state).map(s -> s.lock() == DoorState.LockState.UNLOCKED).orElse(false);
            return open ? walkThrough(d) : Future.succeededFuture();
        });
    }

    /** The card at the door: what the rules say is the scene. */
    private boolean start(DemoDevices.Door d, String card) {
        return start(d, present(d, card));
    }

    private boolean start(DemoDevices.Door d, Future<Void> scene) {
        run(d, scene);
        return true;
    }

    private DemoDevices.Door grantable(List<DemoDevices.Door> idle) {
        Instant now = site.clock().instant();
        List<DemoDevices.Door> open = idle.stream().filter(d -> d.onvif() != null || d.reader() && !site.pinDoors().contains(d.id())
                        && site.rules().whoCanOpen(d.id(), now).stream().anyMatch(p -> p.cards().stream().anyMatch(DemoActivity::encodable)))
                .toList();
        return open.isEmpty() ? null : any(open);
    }

    private static boolean encodable(String cardId) {
        try {
            return CardNumber.parse(cardId).format() != CardFormat.RAW;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String wrongPin(String right) {
        String wrong;
        do {
            wrong = String.format("%04d", random.nextInt(10_000));
        } while (wrong.equals(right));
        return wrong;
    }

    private <T> T any(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private <T> List<T> shuffled(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    /**
     * A random door that qualifies; for propping, one that a camera sees when there is one, and of
     * those one held open the shortest time (within {@link #PROP_AT_MOST}).
     */
    private DemoDevices.Door pick(List<DemoDevices.Door> idle, Predicate<DemoDevices.Door> fits, boolean forPropping) {
        List<DemoDevices.Door> fitting = idle.stream().filter(fits).toList();
        if (forPropping) {
            // A propped door that a camera sees starts an automatic footage capture: the better show.
            List<DemoDevices.Door> seen = fitting.stream().filter(d -> !d.cameras().isEmpty()).toList();
            if (!seen.isEmpty()) fitting = seen;
            List<DemoDevices.Door> quick = fitting.stream().filter(d -> d.heldOpen().compareTo(PROP_AT_MOST) <= 0).toList();
            if (quick.isEmpty()) {
                fitting = fitting.stream().min(Comparator.comparing(DemoDevices.Door::heldOpen)).stream().toList();
            } else {
                fitting = quick;
            }
        }
        return fitting.isEmpty() ? null : fitting.get(random.nextInt(fitting.size()));
    }

    private boolean online(DemoDevices.Door d) {
        return service.door(d.id()).map(DoorView::state).map(s -> s != null && s.online()).orElse(false);
    }

    /** A timer of this verticle (so undeploying it ends the scene), set from whichever context the chain is on. */
    private Future<Void> pause(long ms) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (running) vertx.setTimer(ms, id -> done.tryComplete());
        });
        return done.future();
    }
}
