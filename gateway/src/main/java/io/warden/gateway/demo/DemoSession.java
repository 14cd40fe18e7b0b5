package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The control-panel session of the demo: waits until every PD is online, prints the site, then
 * plays scenes at the doors in turn, for ever: a card and a buzz-in, a door propped open (held
 * open), someone leaving with REX, a forced door, an unlock then a lock. People are the simulated
 * PDs' inputs and reader; the commands go through the adapters and are printed once confirmed.
 *
 * <p>One scene at a time, as a future chain; pauses are timers of this verticle, so undeploying it
 * ends the chain. No thread ever sleeps.
 */
final class DemoSession extends VerticleBase {
    static final Duration ONLINE_TIMEOUT = Duration.ofSeconds(20);
    private static final int CONTACT = 0;
    private static final int REX = 1;
    private static final long PAUSE_MS = 700;
    /** Longer than the doors' 10 s held-open time. */
    private static final long PROPPED_MS = 11_500;
    /** Demo cards, 26-bit H10301: facility, number. */
    private static final int[][] CARDS = {{20, 13912}, {20, 4021}, {20, 771}, {31, 50113}, {31, 7}};

    private final List<DemoDoor> doors;
    private final List<String> lines;
    private final DemoConsole console;
    private final Promise<Void> online = Promise.promise();
    private final Set<String> proppedOpen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile boolean running;

    DemoSession(List<DemoDoor> doors, List<String> lines, DemoConsole console) {
        this.doors = List.copyOf(doors);
        this.lines = List.copyOf(lines);
        this.console = console;
    }

    /** Completes when every PD is online (then the scenes begin); fails after {@link #ONLINE_TIMEOUT}. */
    Future<Void> online() {
        return online.future();
    }

    @Override
    public Future<?> start() {
        running = true;
        long started = System.nanoTime();
        vertx.setPeriodic(100, id -> {
            if (doors.stream().allMatch(DemoDoor::ready)) {
                vertx.cancelTimer(id);
                printSite(Duration.ofNanos(System.nanoTime() - started));
                online.tryComplete();
                loop(0);
            } else if (System.nanoTime() - started > ONLINE_TIMEOUT.toNanos()) {
                vertx.cancelTimer(id);
                String waiting = doors.stream().filter(d -> !d.ready()).map(d -> d.deviceId() + " (" + d.health().detail() + ")")
                        .collect(Collectors.joining(", "));
                online.tryFail(new WardenException(ErrorCode.DEVICE_OFFLINE,
                        "not every PD came online within " + ONLINE_TIMEOUT.toSeconds() + " s: " + waiting));
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        running = false;
        return Future.succeededFuture();
    }

    private void printSite(Duration after) {
        console.text("Warden demo: %d OSDP lines, %d doors, every PD online after %.1f s (simulated site, demo keys only)"
                .formatted(lines.size(), doors.size(), after.toMillis() / 1000.0));
        lines.forEach(l -> console.text("  " + l));
        for (DemoDoor d : doors) {
            boolean provisioned = d.pd().config().installMode() && !d.pd().installMode();
            DeviceHealth h = d.health();
            console.text("  door %-13s %-9s %-30s %s: %s".formatted(d.id(), d.deviceId(),
                    d.security() + (provisioned ? ": key provisioned" : ""), h.status().name().toLowerCase(Locale.ROOT), h.detail()));
        }
        console.text("Scenes follow: '----' is what people do at a door, then what the control panel saw and confirmed.");
    }

    private void loop(int n) {
        if (!running) return;
        DemoDoor door = nextDoor();
        Future<Void> scene = door == null ? Future.succeededFuture() : play(n, door);
        scene.recover(e -> Future.succeededFuture()) // failed commands are printed where they fail
                .compose(v -> pause(PAUSE_MS))
                .onComplete(v -> loop(n + 1));
    }

    private DemoDoor nextDoor() {
        for (int i = 0; i < doors.size(); i++) {
            DemoDoor d = doors.get(Math.floorMod(rotation.getAndIncrement(), doors.size()));
            if (!proppedOpen.contains(d.id()) && d.ready()) return d;
        }
        return null;
    }

    private Future<Void> play(int n, DemoDoor d) {
        int[] card = CARDS[n % CARDS.length];
        switch (n % 5) {
            case 0: return proppedOpen(d, card);
            case 1: return access(d, card);
            case 2: return exit(d);
            case 3: return forced(d);
            default: return unlockThenLock(d);
        }
    }

    private Future<Void> access(DemoDoor d, int[] card) {
        console.scene(d.id(), "card %d:%d at the reader, buzzed in, walks through".formatted(card[0], card[1]));
        return swipe(d, card).compose(v -> pause(400))
                .compose(v -> command(d, new DoorCommand.Pulse(null)))
                .compose(v -> pause(400)).compose(v -> d.pd().setInput(CONTACT, true))
                .compose(v -> pause(1500)).compose(v -> d.pd().setInput(CONTACT, false));
    }

    /** Returns once the door is open; it is closed again in the background after {@link #PROPPED_MS}. */
    private Future<Void> proppedOpen(DemoDoor d, int[] card) {
        console.scene(d.id(), "card %d:%d, buzzed in, door propped open for %d s".formatted(card[0], card[1], PROPPED_MS / 1000));
        proppedOpen.add(d.id());
        return swipe(d, card).compose(v -> pause(400))
                .compose(v -> command(d, new DoorCommand.Pulse(null)))
                .compose(v -> pause(400)).compose(v -> d.pd().setInput(CONTACT, true))
                .onFailure(e -> proppedOpen.remove(d.id()))
                .onSuccess(v -> pause(PROPPED_MS).compose(x -> {
                    console.scene(d.id(), "propped door closed");
                    return d.pd().setInput(CONTACT, false);
                }).onComplete(x -> proppedOpen.remove(d.id())));
    }

    private Future<Void> exit(DemoDoor d) {
        console.scene(d.id(), "someone inside presses the exit button and leaves");
        return d.pd().setInput(REX, true).compose(v -> pause(300)).compose(v -> d.pd().setInput(REX, false))
                .compose(v -> pause(300)).compose(v -> d.pd().setInput(CONTACT, true))
                .compose(v -> pause(1200)).compose(v -> d.pd().setInput(CONTACT, false));
    }

    private Future<Void> forced(DemoDoor d) {
        console.scene(d.id(), "door pushed open while locked: no card, no exit button");
        Future<Void> locked = d.controller().state().lock() == LockState.LOCKED ? Future.succeededFuture() : command(d, new DoorCommand.Lock());
        return locked.compose(v -> d.pd().setInput(CONTACT, true))
                .compose(v -> pause(1200)).compose(v -> d.pd().setInput(CONTACT, false));
    }

    private Future<Void> unlockThenLock(DemoDoor d) {
        console.scene(d.id(), "unlocked for visitors, then locked again");
        return command(d, new DoorCommand.Unlock()).compose(v -> pause(1500)).compose(v -> command(d, new DoorCommand.Lock()));
    }

    private Future<Void> command(DemoDoor d, DoorCommand c) {
        return d.controller().execute(c).onSuccess(console::confirmed).onFailure(e -> console.failed(d.id(), c, e)).mapEmpty();
    }

    private Future<Void> swipe(DemoDoor d, int[] card) {
        return d.pd().swipeCard(wiegand26(card[0], card[1]), 26);
    }

    /** A timer of this verticle, so that undeploying it cancels the pause and ends the chain. */
    private Future<Void> pause(long ms) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> vertx.setTimer(ms, id -> {
            if (running) done.complete();
        }));
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
