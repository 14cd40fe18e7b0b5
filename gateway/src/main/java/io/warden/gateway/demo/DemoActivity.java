package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.door.CommandOutcome;
import io.warden.gateway.door.CommandOrigin;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.DoorView;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * People at the demo's doors, so the audit trail and the event stream have life in them. Every 2 to 4
 * seconds one scene starts at an idle, online door (the first is always a card):
 * <ul>
 *   <li>a card at the reader (26-bit H10301), nothing more: {@code credential.read};</li>
 *   <li>a buzz-in: a card (when the door has a reader), then the front desk pulses the door through
 *       the gateway's {@link DoorService} as {@link #FRONT_DESK}, and someone walks through:
 *       {@code door.command} requested and confirmed, the door opening and closing;</li>
 *   <li>someone leaving: the exit button (REX), the door opens and closes;</li>
 *   <li>about once a minute a door propped open after an exit, past its held-open time:
 *       {@code door.held_open} (a door a camera sees, when there is one: automatic footage capture).</li>
 * </ul>
 * People are the simulated PDs' inputs and reader; commands go through the gateway like anyone
 * else's, so a lockdown refuses the front desk's buzz-ins too. A door found unlocked when it first
 * comes online (a maglock, fail-safe, is unlocked while its output is off, as a fresh PD's are) is
 * locked by the front desk first.
 *
 * <p>A verticle: its timers belong to it, so undeploying it ends every scene. No thread ever sleeps.
 */
final class DemoActivity extends VerticleBase {
    /** Who buzzes people in (an operator, like the front office). */
    static final Principal FRONT_DESK = new Principal("demo-front-desk", Role.OPERATOR);
    static final String SOURCE = "demo-activity";
    private static final Logger log = LoggerFactory.getLogger(DemoActivity.class);
    private static final long MIN_GAP_MS = 2_000;
    private static final long MAX_GAP_MS = 4_000;
    /** Doors held open longer than this are not propped open: the wait would be too long to watch. */
    private static final Duration PROP_AT_MOST = Duration.ofSeconds(30);
    private static final int PROP_EVERY = 20;
    /** Demo cards, 26-bit H10301: facility, number. */
    private static final int[][] CARDS = {{20, 13912}, {20, 4021}, {20, 771}, {20, 10488}, {31, 50113}, {31, 7}, {31, 2290}};

    private final DoorService service;
    private final List<DemoDevices.Door> doors;
    private final Random random;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<String> seenOnline = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean propped = new AtomicBoolean();
    private volatile boolean running;
    private int scenes;

    DemoActivity(DoorService service, List<DemoDevices.Door> doors, Random random) {
        this.service = service;
        this.doors = List.copyOf(doors);
        this.random = random;
    }

    @Override
    public Future<?> start() {
        running = true;
        next();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        running = false;
        return Future.succeededFuture();
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
        // The first scene is a card at a reader, so the trail has a credential.read within seconds; the
        // fifth and then every twentieth (about once a minute) a door propped open.
        double r = scenes == 0 ? 0.2 : scenes % PROP_EVERY == 4 ? -1 : random.nextDouble();
        DemoDevices.Door d;
        Future<Void> scene;
        if (r < 0 && !propped.get() && (d = pick(idle, x -> x.contact() >= 0 && x.rex() >= 0, true)) != null) {
            scene = proppedOpen(d);
        } else if (r < 0.4 && (d = pick(idle, DemoDevices.Door::reader, false)) != null) {
            scene = swipe(d);
        } else if (r < 0.7 && (d = pick(idle, x -> true, false)) != null) {
            scene = buzzIn(d);
        } else if ((d = pick(idle, x -> x.rex() >= 0, false)) != null) {
            scene = exit(d);
        } else {
            return;
        }
        scenes++;
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

    private Future<Void> buzzIn(DemoDevices.Door d) {
        Future<Void> card = d.reader() ? swipe(d).compose(v -> pause(700)) : Future.succeededFuture();
        return card.compose(v -> service.execute(d.id(), new DoorCommand.Pulse(d.pulse()), FRONT_DESK, SOURCE, CommandOrigin.DEMO))
                .compose((CommandOutcome o) -> o.confirmed() ? pause(600).compose(v -> walkThrough(d)) : Future.succeededFuture());
    }

    private Future<Void> exit(DemoDevices.Door d) {
        return d.pd().setInput(d.rex(), true).compose(v -> pause(300)).compose(v -> d.pd().setInput(d.rex(), false))
                .compose(v -> pause(400)).compose(v -> walkThrough(d));
    }

    /** Someone leaves and props the door open; it is closed a few seconds after its held-open time. */
    private Future<Void> proppedOpen(DemoDevices.Door d) {
        propped.set(true);
        return d.pd().setInput(d.rex(), true).compose(v -> pause(300)).compose(v -> d.pd().setInput(d.rex(), false))
                .compose(v -> pause(400)).compose(v -> d.pd().setInput(d.contact(), true))
                .compose(v -> pause(d.heldOpen().toMillis() + 3_000)).compose(v -> d.pd().setInput(d.contact(), false))
                .onComplete(ar -> propped.set(false));
    }

    private Future<Void> walkThrough(DemoDevices.Door d) {
        if (d.contact() < 0) return Future.succeededFuture();
        return d.pd().setInput(d.contact(), true).compose(v -> pause(1_500)).compose(v -> d.pd().setInput(d.contact(), false));
    }

    private Future<Void> swipe(DemoDevices.Door d) {
        int[] card = CARDS[random.nextInt(CARDS.length)];
        return d.pd().swipeCard(wiegand26(card[0], card[1]), 26);
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

    /**
     * H10301: even parity over the first 12 data bits, 8-bit facility, 16-bit number, odd parity over
     * the last 12; 26 bits left-justified in 4 bytes, as a reader sends them in a RAW reply.
     */
    static byte[] wiegand26(int facility, int number) {
        int data = (facility & 0xFF) << 16 | (number & 0xFFFF);
        int even = Integer.bitCount(data >>> 12) & 1;
        int odd = (Integer.bitCount(data & 0xFFF) & 1) ^ 1;
        int bits = (even << 25 | data << 1 | odd) << 6;
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }
}
