package io.warden.gateway;

import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.LinePermit;
import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.CardFormatException;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.device.DeviceDirectory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AdapterContext} the gateway gives every adapter: device events go to the audit trail
 * (and from there to the live stream), health goes to the {@link DeviceDirectory} ({@code /health},
 * {@code /api/v1/devices}, metrics), secrets come from the environment or the secrets file. A PIN is
 * never written down, only that one was entered.
 *
 * <p>Once {@link #decideReadsWith} has been given a handler, a card or keypad read at a door that
 * handler governs goes to it (the access decision, which writes its own record) instead of being
 * written as a plain {@code credential.read}; reads at other doors are recorded as before.
 */
public final class DeviceEventRecorder implements AdapterContext {
    private static final Logger log = LoggerFactory.getLogger(DeviceEventRecorder.class);

    private final Vertx vertx;
    private final Clock clock;
    private final AuditStore audit;
    private final Map<String, DoorInfo> doors;
    private final Function<String, Optional<String>> secrets;
    private final DeviceDirectory directory;
    private volatile ReadHandler reads;
    /** Cluster mode: each device's permit (its lease); on one node every device is always permitted. */
    private volatile Function<String, LinePermit> permits = id -> LinePermit.ALWAYS;
    /** Cluster mode: the devices driven on every node (cameras), whose events only the lease holder records. */
    private volatile java.util.Set<String> everywhere = java.util.Set.of();

    /** Who decides the card and keypad reads at the doors it governs (the gateway's {@code AccessControl}). */
    public interface ReadHandler {
        /** Whether reads at this door are decided (else only recorded). Cheap, thread-safe. */
        boolean governs(String doorId);

        /** Decide {@code read}; called on the adapter's (the line's) context, must not block. */
        void read(DeviceEvent.CredentialRead read);
    }

    public DeviceEventRecorder(Vertx vertx, Clock clock, AuditStore audit, Map<String, DoorInfo> doors,
                               Function<String, Optional<String>> secrets, DeviceDirectory directory) {
        this.vertx = vertx;
        this.clock = clock;
        this.audit = audit;
        this.doors = Map.copyOf(doors);
        this.secrets = secrets;
        this.directory = directory;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** Route reads at the doors {@code handler} governs to it from now on; null: record every read again. */
    public void decideReadsWith(ReadHandler handler) {
        this.reads = handler;
    }

    /**
     * Cluster mode: adapters ask {@code permits} for their line permit, and of the devices in {@code everywhere}
     * (run on every node, e.g. cameras for footage) only the node whose permit allows records their events, so a
     * camera's motion or online event is on the trail once, not once per node.
     */
    public void usePermits(Function<String, LinePermit> permits, java.util.Set<String> everywhere) {
        this.everywhere = java.util.Set.copyOf(everywhere);
        this.permits = permits;
    }

    @Override
    public LinePermit linePermit(String controllerId) {
        return permits.apply(controllerId);
    }

    @Override
    public void emit(DeviceEvent e) {
        emit(e, null);
    }

    /** As {@link #emit(DeviceEvent)}; the device's own time for it ends the audit detail ({@code device time <instant>}). */
    @Override
    public void emit(DeviceEvent e, Instant deviceTime) {
        if (everywhere.contains(e.deviceId()) && !permits.apply(e.deviceId()).mayDrive()) return; // the holder records it
        ReadHandler h = reads;
        if (h != null && e instanceof DeviceEvent.CredentialRead r && r.doorId() != null && h.governs(r.doorId())) {
            h.read(r);
            return;
        }
        DoorInfo d = e.doorId() == null ? null : doors.get(e.doorId());
        String detail = detail(e);
        if (deviceTime != null) detail = (detail == null ? "" : detail + "; ") + "device time " + deviceTime;
        // A camera's event names the camera in the camera column (its deviceId is the camera's id).
        String camera = e instanceof DeviceEvent.Motion ? e.deviceId() : null;
        AuditEntry entry = new AuditEntry(e.time(), e.type(), e.deviceId(), null, d == null ? null : d.site(), d == null ? null : d.zone(),
                e.doorId(), camera, credential(e), null, null, detail);
        // The store is the last line: if it fails, the event still reaches the log in full.
        audit.append(entry).onFailure(err -> log.error("event=audit_write_failed entry=\"{}\" error=\"{}\"", entry, err.getMessage()));
    }

    @Override
    public void health(String deviceId, DeviceHealth h) {
        directory.report(deviceId, h);
    }

    @Override
    public Optional<String> secret(String reference) {
        return secrets.apply(reference);
    }

    static String credential(DeviceEvent e) {
        Credential c = e instanceof DeviceEvent.CredentialRead r ? r.credential()
                : e instanceof DeviceEvent.AccessGranted g ? g.credential()
                : e instanceof DeviceEvent.AccessDenied a ? a.credential() : null;
        if (c == null) return null;
        if (c.kind() == Credential.Kind.PIN) return "PIN (" + c.value().length() + " keys)";
        if (c.kind() == Credential.Kind.TOKEN) return "token:" + c.value();
        try {
            return CardFormat.decode(c).id();
        } catch (CardFormatException | IllegalArgumentException bad) { // a parity error: the bits as read
            return c.bits() + "-bit " + c.value();
        }
    }

    static String detail(DeviceEvent e) {
        if (e instanceof DeviceEvent.CredentialRead r) {
            return r.credential().kind() == Credential.Kind.CARD ? "card " + r.credential().bits() + " bits " + r.credential().value()
                    + " at reader " + r.reader() : "keypad at reader " + r.reader();
        }
        if (e instanceof DeviceEvent.LockChanged l) return l.lock().name().toLowerCase();
        if (e instanceof DeviceEvent.DoorHeldOpen h) return "open for " + h.openForSeconds() + " s";
        if (e instanceof DeviceEvent.AccessGranted g) {
            return "granted by the controller" + (g.credential() == null ? " (anonymous)" : "") + holder(g.holder());
        }
        if (e instanceof DeviceEvent.AccessDenied a) {
            return "denied by the controller: " + a.reason() + (a.credential() == null ? " (anonymous)" : "") + holder(a.holder());
        }
        if (e instanceof DeviceEvent.DoorModeChanged m) return "mode " + m.mode().name().toLowerCase(Locale.ROOT);
        if (e instanceof DeviceEvent.DoorFault f) {
            return (f.active() ? "fault" : "fault cleared") + (f.reason() == null ? "" : ": " + f.reason());
        }
        if (e instanceof DeviceEvent.Motion m) return (m.active() ? "motion" : "motion ended") + (m.source() == null ? "" : " at " + m.source());
        if (e instanceof DeviceEvent.ClockSkew c) {
            return "clock " + seconds(c.offset().abs()) + " s " + (c.offset().isNegative() ? "behind" : "ahead of") + " the gateway"
                    + (c.exceeded() ? " (limit " : ", back within the limit (") + seconds(c.threshold()) + " s)";
        }
        if (e instanceof DeviceEvent.DeviceOnline o) return o.detail();
        if (e instanceof DeviceEvent.DeviceOffline o) return o.reason();
        if (e instanceof DeviceEvent.KeyProvisioned k) return k.detail();
        if (e instanceof DeviceEvent.SecureChannelDowngraded d) return d.reason();
        return null;
    }

    private static String holder(String name) {
        return name == null ? "" : "; holder " + name;
    }

    /** Seconds with up to three decimals, e.g. {@code 600}, {@code 2.5}. */
    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
