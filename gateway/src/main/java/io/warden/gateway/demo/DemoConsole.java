package io.warden.gateway.demo;

import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.WardenException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The demo's {@link AdapterContext}: prints every event, health change and confirmed command as one
 * readable line, e.g. {@code 10:02:03 door front-office  credential.read  card 26 bits 20:13912},
 * and keeps them for tests. Serves secrets from a map and never prints them. Any thread.
 */
public final class DemoConsole implements AdapterContext {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final Vertx vertx;
    private final Clock clock;
    private final Map<String, String> secrets;
    private final Consumer<String> out;
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<DoorCommandResult> confirmed = new CopyOnWriteArrayList<>();
    private volatile boolean muted;

    DemoConsole(Vertx vertx, Clock clock, Map<String, String> secrets, Consumer<String> out) {
        this.vertx = vertx;
        this.clock = clock;
        this.secrets = Map.copyOf(secrets);
        this.out = out;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void emit(DeviceEvent event) {
        events.add(event);
        // Online and offline also arrive as a health change, which is what gets printed.
        if (event instanceof DeviceEvent.DeviceOnline || event instanceof DeviceEvent.DeviceOffline) return;
        boolean door = event.doorId() != null;
        print(event.time(), door ? "door" : "pd", door ? event.doorId() : event.deviceId(), event.type(), detail(event));
    }

    @Override
    public void health(String deviceId, DeviceHealth health) {
        print(health.since(), "pd", deviceId, health.status().name().toLowerCase(Locale.ROOT), health.detail());
    }

    @Override
    public Optional<String> secret(String reference) {
        return Optional.ofNullable(secrets.get(reference));
    }

    /** Every event the adapters reported, in order. */
    public List<DeviceEvent> events() {
        return List.copyOf(events);
    }

    /** Every command a device confirmed, in order. */
    public List<DoorCommandResult> confirmed() {
        return List.copyOf(confirmed);
    }

    void confirmed(DoorCommandResult r) {
        confirmed.add(r);
        print(clock.instant(), "door", r.doorId(), "> " + r.command().name(),
                "ok %d ms  %s".formatted(r.latency().toMillis(), r.detail()));
    }

    void failed(String doorId, DoorCommand command, Throwable cause) {
        print(clock.instant(), "door", doorId, "> " + command.name(), "FAILED " + WardenException.codeOf(cause) + ": " + cause.getMessage());
    }

    /** What the simulated people do at a door, so the events that follow make sense. */
    void scene(String doorId, String what) {
        if (!muted) out.accept(TIME.format(clock.instant()) + " ---- " + doorId + ": " + what);
    }

    void text(String line) {
        if (!muted) out.accept(line);
    }

    /** Stops printing (events are still kept): while the site shuts down, links dropping is not news. */
    void mute() {
        muted = true;
    }

    private void print(Instant at, String kind, String name, String type, String detail) {
        if (muted) return;
        out.accept("%s %-4s %-13s %-16s %s".formatted(TIME.format(at), kind, name, type, detail).stripTrailing());
    }

    private static String detail(DeviceEvent e) {
        if (e instanceof DeviceEvent.CredentialRead r) return credential(r.credential()) + (r.reader() == 0 ? "" : " reader " + r.reader());
        if (e instanceof DeviceEvent.LockChanged l) return l.lock().name().toLowerCase(Locale.ROOT);
        if (e instanceof DeviceEvent.DoorHeldOpen h) return "open for " + h.openForSeconds() + " s";
        if (e instanceof DeviceEvent.AccessDenied d) return credential(d.credential()) + ": " + d.reason();
        if (e instanceof DeviceEvent.AccessGranted g) return credential(g.credential());
        return "";
    }

    private static String credential(Credential c) {
        if (c.kind() == Credential.Kind.PIN) return "keypad entry (" + c.value().length() + " keys)"; // a PIN is not printed
        String w = c.wiegand26();
        return "card " + c.bits() + " bits " + (w != null ? w : c.value());
    }
}
