package io.warden.osdp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.cp.OsdpCpDeviceConfig;
import io.warden.osdp.cp.OsdpCpDeviceConfig.SecurePolicy;
import io.warden.osdp.cp.OsdpCpOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of one OSDP controller (a line), read from its {@link AdapterSpec} and checked once.
 * Every error names its config path.
 *
 * <pre>
 * options:
 *   transport: serial            # or tcp
 *   device: /dev/ttyUSB0         # serial;  host: 10.0.0.5 + port: 4001 for tcp
 *   baud: 9600
 *   replyTimeoutMs: 200          # optional timing, protocol defaults otherwise (at most 2000)
 *   pollIntervalMs: 50
 *   offlineAfterMs: 8000         # at least one command with all its retries
 *   probeIntervalMs: 1000
 *   commandRetries: 2            # re-sends of an unanswered command
 *   busyRetries: 3               # re-sends after osdp_BUSY before DEVICE_BUSY
 *   busyDelayMs: 300
 *   devices:
 *     - address: 1
 *       secure: required         # required | preferred | off
 *       scbkSecret: PD1_SCBK     # secret reference: 32 hex digits, never in the file itself
 *       install: false           # provision the key through SCBK-D (first installation only)
 * doors[].point: {address: 1, strike: 0, contact: 0, rex: 1, reader: 0, wiring: fail-secure}
 *                  (contact, rex: -1 or left out for none; reader: -1 for a door without a reader)
 * </pre>
 *
 * <p>Timing that cannot fit is refused: the door command bound these options give (every retry,
 * BUSY re-send and pause, the request in flight ahead, transmit time at the baud rate, for OUT
 * and then OSTAT) must be at most {@link #MAX_COMMAND_TIMEOUT}, or the caller would wait longer
 * than anyone waits for a door; and {@code offlineAfterMs} must cover one command with all its
 * retries, or a PD would be called offline in the middle of them.
 */
record OsdpAdapterConfig(String transport, String device, int baud, String host, int port, OsdpCpOptions timing,
                         List<OsdpCpDeviceConfig> devices, Map<String, OsdpDoorPoint> points) {

    /** The longest a door command on an OSDP line may be allowed to take. */
    static final Duration MAX_COMMAND_TIMEOUT = Duration.ofSeconds(15);

    static OsdpAdapterConfig parse(AdapterSpec spec, AdapterContext ctx) {
        JsonObject o = spec.options();
        String at = spec.path() + ".options";
        String transport = text(o, "transport", at, "serial").toLowerCase(Locale.ROOT);
        String device = null;
        String host = null;
        int port = 0;
        int baud = integer(o, "baud", at, 9600, 1200, 921_600);
        if (transport.equals("serial")) {
            device = required(o, "device", at);
        } else if (transport.equals("tcp")) {
            host = required(o, "host", at);
            port = integer(o, "port", at, -1, 1, 65_535);
            if (port < 0) throw bad(at + ".port", "missing");
            baud = 0;
        } else {
            throw bad(at + ".transport", "must be 'serial' or 'tcp', not '" + transport + "'");
        }
        OsdpCpOptions d = OsdpCpOptions.DEFAULTS;
        OsdpCpOptions timing = new OsdpCpOptions(
                millis(o, "replyTimeoutMs", at, d.replyTimeout(), 2_000), baud, millis(o, "pollIntervalMs", at, d.pollInterval(), 60_000),
                millis(o, "offlineAfterMs", at, d.offlineAfter(), 3_600_000), millis(o, "probeIntervalMs", at, d.probeInterval(), 600_000),
                integer(o, "commandRetries", at, d.commandRetries(), 0, 10), millis(o, "busyDelayMs", at, d.busyDelay(), 2_000),
                integer(o, "busyRetries", at, d.busyRetries(), 0, 20), d.maxFrame(), d.mark());
        checkTiming(timing, at);

        JsonArray list = o.getJsonArray("devices");
        if (list == null || list.isEmpty()) throw bad(at + ".devices", "at least one PD is needed");
        List<OsdpCpDeviceConfig> devices = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String dp = at + ".devices[" + i + "]";
            if (!(list.getValue(i) instanceof JsonObject pd)) throw bad(dp, "must be a mapping");
            devices.add(device(pd, dp, ctx));
        }
        Map<String, OsdpDoorPoint> points = new LinkedHashMap<>();
        for (AdapterSpec.Door door : spec.doors()) {
            OsdpDoorPoint p = point(door.point(), door.path() + ".point");
            if (devices.stream().noneMatch(x -> x.address() == p.address())) {
                throw bad(door.path() + ".point.address", "no PD with address " + p.address() + " on controller " + spec.id());
            }
            points.put(door.id(), p);
        }
        return new OsdpAdapterConfig(transport, device, baud, host, port, timing, devices, points);
    }

    private static void checkTiming(OsdpCpOptions timing, String at) {
        Duration bound = timing.doorCommandTimeout();
        if (bound.compareTo(MAX_COMMAND_TIMEOUT) > 0) {
            throw bad(at, "replyTimeoutMs, commandRetries, busyRetries and busyDelayMs%s let one door command take up to %.1f s; at most %d s fits"
                    .formatted(timing.baud() > 0 ? " at " + timing.baud() + " baud" : "", bound.toMillis() / 1000.0, MAX_COMMAND_TIMEOUT.toSeconds()));
        }
        Duration cycle = timing.retryCycle();
        if (timing.offlineAfter().compareTo(cycle) < 0) {
            throw bad(at + ".offlineAfterMs", "must be at least %d: one command and its %d retries take that long, a PD must not be offline in the middle of them"
                    .formatted(cycle.toMillis(), timing.commandRetries()));
        }
        if (timing.pollInterval().compareTo(timing.offlineAfter().dividedBy(2)) > 0) {
            throw bad(at + ".pollIntervalMs", "must be at most half of offlineAfterMs (%d): a PD polled that rarely would be called offline between two polls"
                    .formatted(timing.offlineAfter().toMillis()));
        }
    }

    private static OsdpCpDeviceConfig device(JsonObject pd, String at, AdapterContext ctx) {
        int address = integer(pd, "address", at, -1, 0, 0x7E);
        if (address < 0) throw bad(at + ".address", "missing");
        String policy = text(pd, "secure", at, "off").toUpperCase(Locale.ROOT);
        SecurePolicy secure;
        try {
            secure = SecurePolicy.valueOf(policy);
        } catch (IllegalArgumentException e) {
            throw bad(at + ".secure", "must be required, preferred or off");
        }
        byte[] scbk = null;
        String ref = pd.getString("scbkSecret");
        if (ref != null) {
            String hex = ctx.secret(ref).orElseThrow(() -> bad(at + ".scbkSecret", "secret '" + ref + "' is not defined"));
            try {
                scbk = HexFormat.of().parseHex(hex.strip());
            } catch (IllegalArgumentException e) {
                throw bad(at + ".scbkSecret", "secret '" + ref + "' is not hex"); // never echo the value
            }
            if (scbk.length != 16) throw bad(at + ".scbkSecret", "secret '" + ref + "' must be 32 hex digits (16 bytes)");
        }
        if (secure != SecurePolicy.OFF && scbk == null) throw bad(at + ".scbkSecret", "secure: " + policy.toLowerCase(Locale.ROOT) + " needs a key");
        boolean install = pd.getBoolean("install", false);
        if (install && scbk == null) throw bad(at + ".install", "install mode needs scbkSecret, the key to provision");
        return new OsdpCpDeviceConfig(address, secure, scbk == null ? null : Bytes.of(scbk), install);
    }

    private static OsdpDoorPoint point(JsonObject p, String at) {
        int address = integer(p, "address", at, -1, 0, 0x7E);
        if (address < 0) throw bad(at + ".address", "missing");
        int strike = integer(p, "strike", at, -1, 0, 255);
        if (strike < 0) throw bad(at + ".strike", "missing: the output that drives the lock");
        String wiring = text(p, "wiring", at, "fail-secure");
        if (!wiring.equals("fail-secure") && !wiring.equals("fail-safe")) throw bad(at + ".wiring", "must be fail-secure or fail-safe");
        return new OsdpDoorPoint(address, integer(p, "reader", at, 0, -1, 255), strike,
                integer(p, "contact", at, -1, -1, 255), integer(p, "rex", at, -1, -1, 255), wiring.equals("fail-safe"));
    }

    private static String required(JsonObject o, String key, String at) {
        String v = text(o, key, at, null);
        if (v == null || v.isBlank()) throw bad(at + "." + key, "missing");
        return v;
    }

    private static String text(JsonObject o, String key, String at, String dflt) {
        Object v = o.getValue(key);
        if (v == null) return dflt;
        if (!(v instanceof String s)) throw bad(at + "." + key, "must be text");
        return s;
    }

    private static int integer(JsonObject o, String key, String at, int dflt, int min, int max) {
        Object v = o.getValue(key);
        if (v == null) return dflt;
        if (!(v instanceof Number n) || n.doubleValue() != n.intValue()) throw bad(at + "." + key, "must be a whole number");
        if (n.intValue() < min || n.intValue() > max) throw bad(at + "." + key, "must be between " + min + " and " + max);
        return n.intValue();
    }

    private static Duration millis(JsonObject o, String key, String at, Duration dflt, int max) {
        int v = integer(o, key, at, (int) dflt.toMillis(), 1, max);
        return Duration.ofMillis(v);
    }

    private static WardenException bad(String path, String problem) {
        return new WardenException(ErrorCode.BAD_CONFIG, path + ": " + problem);
    }
}
