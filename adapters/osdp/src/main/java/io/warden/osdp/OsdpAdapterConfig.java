package io.warden.osdp;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOption;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.cp.OsdpCpDeviceConfig;
import io.warden.osdp.cp.OsdpCpDeviceConfig.SecurePolicy;
import io.warden.osdp.cp.OsdpCpOptions;
import io.warden.osdp.transport.OsdpSerialOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of one OSDP controller (a line), declared once in {@link #OPTIONS}, {@link #DEVICE}
 * and {@link #POINT} (which the gateway's config schema is generated from), read from its
 * {@link AdapterSpec} and checked once. Every error names its config path.
 *
 * <pre>
 * options:
 *   transport: serial            # or tcp
 *   device: /dev/ttyUSB0         # serial;  host: 10.0.0.5 + port: 4001 for tcp
 *   baud: 9600                   # 9600, 19200, 38400, 57600, 115200 or 230400
 *   replyTimeoutMs: 200          # optional timing, protocol defaults otherwise (at most 2000)
 *   pollIntervalMs: 50
 *   offlineAfterMs: 8000         # at least one command with all its retries
 *   probeIntervalMs: 1000
 *   commandRetries: 2            # re-sends of an unanswered command
 *   busyRetries: 3               # re-sends after osdp_BUSY before DEVICE_BUSY
 *   busyDelayMs: 300
 *   devices:
 *     - address: 1
 *       secure: required         # required | preferred | off; default required with a key, else off
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

    private static final OsdpCpOptions D = OsdpCpOptions.DEFAULTS;

    /** One PD on the line ({@code options.devices[i]}). */
    static final AdapterOptions DEVICE = AdapterOptions.of(
            AdapterOption.integer("address", 0, 0x7E, "the PD's address on the line").required(),
            AdapterOption.choice("secure", List.of("required", "preferred", "off"),
                    "secure channel; default: required when scbkSecret is set, else off"),
            AdapterOption.text("scbkSecret", "secret name: the PD's SCBK, 32 hex digits; never the key itself"),
            AdapterOption.bool("install", "provision scbkSecret through SCBK-D (first installation only)").withDefault(false));

    /** {@code options:} of a controller of type osdp. */
    static final AdapterOptions OPTIONS = AdapterOptions.of(
            AdapterOption.choice("transport", List.of("serial", "tcp"), "serial (RS-485) or tcp (a serial device server)").withDefault("serial"),
            AdapterOption.text("device", "serial only: the serial device, e.g. /dev/ttyUSB0").requiredWhen("transport", "serial"),
            AdapterOption.integerOf("baud", OsdpSerialOptions.OSDP_BAUD_RATES.stream().sorted().toList(),
                    "serial only: line speed, one of the rates OSDP allows").withDefault(9600),
            AdapterOption.text("host", "tcp only: the serial device server").requiredWhen("transport", "tcp"),
            AdapterOption.integer("port", 1, 65_535, "tcp only: its TCP port").requiredWhen("transport", "tcp"),
            millis("replyTimeoutMs", D.replyTimeout(), 2_000, "wait for a reply after a command's last byte"),
            millis("pollIntervalMs", D.pollInterval(), 60_000, "each online PD is polled at least this often; at most half of offlineAfterMs"),
            millis("offlineAfterMs", D.offlineAfter(), 3_600_000, "no valid reply for this long: offline; at least one command with all its retries"),
            millis("probeIntervalMs", D.probeInterval(), 600_000, "how often an offline PD is probed again"),
            AdapterOption.integer("commandRetries", 0, 10, "re-sends of an unanswered door command").withDefault(D.commandRetries()),
            AdapterOption.integer("busyRetries", 0, 20, "re-sends after osdp_BUSY before DEVICE_BUSY").withDefault(D.busyRetries()),
            millis("busyDelayMs", D.busyDelay(), 2_000, "wait before re-sending after osdp_BUSY"),
            AdapterOption.list("devices", 1, DEVICE, "the PDs on this line").required());

    /** {@code doors[i].point} of a door on an OSDP controller. */
    static final AdapterOptions POINT = AdapterOptions.of(
            AdapterOption.integer("address", 0, 0x7E, "the PD the door is wired to").required(),
            AdapterOption.integer("strike", 0, 255, "the output that drives the lock").required(),
            AdapterOption.integer("contact", -1, 255, "the door contact input; -1 or left out: none").withDefault(-1),
            AdapterOption.integer("rex", -1, 255, "the request-to-exit input; -1 or left out: none").withDefault(-1),
            AdapterOption.integer("reader", -1, 255, "the reader whose card reads belong to the door; -1: none").withDefault(0),
            AdapterOption.choice("wiring", List.of("fail-secure", "fail-safe"), "fail-secure strike or fail-safe maglock").withDefault("fail-secure"));

    private static AdapterOption millis(String name, Duration dflt, int max, String description) {
        return AdapterOption.integer(name, 1, max, description).withDefault(dflt.toMillis());
    }

    static OsdpAdapterConfig parse(AdapterSpec spec, AdapterContext ctx) {
        String at = spec.path() + ".options";
        AdapterOptions.Values o = OPTIONS.read(spec.options(), at);
        String transport = o.text("transport");
        boolean serial = transport.equals("serial");
        int baud = serial ? o.integer("baud", 0) : 0;
        OsdpCpOptions timing = new OsdpCpOptions(
                ms(o, "replyTimeoutMs"), baud, ms(o, "pollIntervalMs"), ms(o, "offlineAfterMs"), ms(o, "probeIntervalMs"),
                o.integer("commandRetries", 0), ms(o, "busyDelayMs"), o.integer("busyRetries", 0), D.maxFrame(), D.mark());
        checkTiming(timing, at);

        List<OsdpCpDeviceConfig> devices = new ArrayList<>();
        for (AdapterOptions.Values pd : o.list("devices")) devices.add(device(pd, ctx));
        Map<String, OsdpDoorPoint> points = new LinkedHashMap<>();
        for (AdapterSpec.Door door : spec.doors()) {
            OsdpDoorPoint p = point(POINT.read(door.point(), door.path() + ".point"));
            if (devices.stream().noneMatch(x -> x.address() == p.address())) {
                throw bad(door.path() + ".point.address", "no PD with address " + p.address() + " on controller " + spec.id());
            }
            if (p.reader() >= 0) { // one card read is one door's: two doors on a reader would both decide it, and both open
                for (Map.Entry<String, OsdpDoorPoint> other : points.entrySet()) {
                    if (other.getValue().address() == p.address() && other.getValue().reader() == p.reader()) {
                        throw bad(door.path() + ".point.reader", "reader " + p.reader() + " of PD " + p.address() + " already belongs to door "
                                + other.getKey() + "; a door wired without a reader of its own has reader: -1");
                    }
                }
            }
            points.put(door.id(), p);
        }
        return new OsdpAdapterConfig(transport, serial ? o.text("device") : null, baud, serial ? null : o.text("host"),
                serial ? 0 : o.integer("port", 0), timing, devices, points);
    }

    private static Duration ms(AdapterOptions.Values o, String name) {
        return Duration.ofMillis(o.integer(name, 0));
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

    private static OsdpCpDeviceConfig device(AdapterOptions.Values pd, AdapterContext ctx) {
        byte[] scbk = null;
        String ref = pd.text("scbkSecret");
        String at = pd.path("scbkSecret");
        if (ref != null) {
            String hex = ctx.secret(ref).orElseThrow(() -> bad(at, "secret '" + ref + "' is not defined"));
            try {
                scbk = HexFormat.of().parseHex(hex.strip());
            } catch (IllegalArgumentException e) {
                throw bad(at, "secret '" + ref + "' is not hex"); // never echo the value
            }
            if (scbk.length != 16) throw bad(at, "secret '" + ref + "' must be 32 hex digits (16 bytes)");
        }
        // a configured key means a secure channel unless the file says otherwise: never plaintext by omission
        String policy = pd.has("secure") ? pd.text("secure") : scbk != null ? "required" : "off";
        SecurePolicy secure = SecurePolicy.valueOf(policy.toUpperCase(Locale.ROOT));
        if (secure != SecurePolicy.OFF && scbk == null) throw bad(at, "secure: " + policy + " needs a key");
        boolean install = pd.bool("install");
        if (install && scbk == null) throw bad(pd.path("install"), "install mode needs scbkSecret, the key to provision");
        return new OsdpCpDeviceConfig(pd.integer("address", 0), secure, scbk == null ? null : Bytes.of(scbk), install);
    }

    private static OsdpDoorPoint point(AdapterOptions.Values p) {
        return new OsdpDoorPoint(p.integer("address", 0), p.integer("reader", 0), p.integer("strike", 0),
                p.integer("contact", -1), p.integer("rex", -1), p.text("wiring").equals("fail-safe"));
    }

    private static WardenException bad(String path, String problem) {
        return AdapterOptions.bad(path, problem);
    }
}
