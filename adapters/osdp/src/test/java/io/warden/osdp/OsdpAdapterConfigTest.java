package io.warden.osdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.osdp.cp.OsdpCpDeviceConfig.SecurePolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A bad controller config is refused at start with the path and the problem, never a half-working line. */
class OsdpAdapterConfigTest {
    private static final String KEY = "000102030405060708090A0B0C0D0E0F";

    private static AdapterContext secrets(Map<String, String> values) {
        return new AdapterContext() {
            public Vertx vertx() { return null; }
            public Clock clock() { return Clock.systemUTC(); }
            public void emit(DeviceEvent event) { }
            public void health(String deviceId, DeviceHealth health) { }
            public Optional<String> secret(String reference) { return Optional.ofNullable(values.get(reference)); }
        };
    }

    private static JsonObject tcp(JsonObject... devices) {
        return new JsonObject().put("transport", "tcp").put("host", "127.0.0.1").put("port", 4001).put("devices", new JsonArray(List.of((Object[]) devices)));
    }

    private static AdapterSpec spec(JsonObject options, JsonObject point) {
        return new AdapterSpec("bldg-a", "osdp", options, point == null ? List.of()
                : List.of(new AdapterSpec.Door("gym", null, null, point, "doors[3]")), "controllers[1]");
    }

    private static String error(AdapterSpec spec, Map<String, String> secrets) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> OsdpAdapterConfig.parse(spec, secrets(secrets)));
        assertThat(t).isInstanceOf(WardenException.class);
        assertThat(((WardenException) t).code()).isEqualTo(ErrorCode.BAD_CONFIG);
        return t.getMessage();
    }

    @Test
    void readsAGoodConfig() {
        var c = OsdpAdapterConfig.parse(spec(tcp(new JsonObject().put("address", 1).put("secure", "required").put("scbkSecret", "K")),
                new JsonObject().put("address", 1).put("strike", 2).put("contact", 0).put("wiring", "fail-safe")), secrets(Map.of("K", KEY)));
        assertThat(c.devices().get(0).secure()).isEqualTo(SecurePolicy.REQUIRED);
        assertThat(c.devices().get(0).scbk().length()).isEqualTo(16);
        assertThat(c.points().get("gym")).isEqualTo(new OsdpDoorPoint(1, 0, 2, 0, -1, true));
        assertThat(c.timing().baud()).as("no transmit time on TCP").isZero();
    }

    @Test
    void namesThePathAndTheProblem() {
        assertThat(error(spec(new JsonObject().put("transport", "usb"), null), Map.of()))
                .isEqualTo("controllers[1].options.transport: must be serial or tcp, not 'usb'");
        assertThat(error(spec(new JsonObject().put("transport", "serial"), null), Map.of()))
                .isEqualTo("controllers[1].options.device: missing (needed with transport: serial)");
        assertThat(error(spec(tcp(), null), Map.of())).isEqualTo("controllers[1].options.devices: needs at least 1 item");
        assertThat(error(spec(tcp(new JsonObject().put("address", 200)), null), Map.of()))
                .isEqualTo("controllers[1].options.devices[0].address: must be between 0 and 126, not 200");
        assertThat(error(spec(tcp(new JsonObject().put("address", 1).put("secure", "maybe")), null), Map.of()))
                .isEqualTo("controllers[1].options.devices[0].secure: must be required, preferred or off, not 'maybe'");
        assertThat(error(spec(tcp(new JsonObject().put("address", 1).put("secure", "required")), null), Map.of()))
                .isEqualTo("controllers[1].options.devices[0].scbkSecret: secure: required needs a key");
        assertThat(error(spec(tcp(new JsonObject().put("address", 1)), new JsonObject().put("address", 2).put("strike", 0)), Map.of()))
                .isEqualTo("doors[3].point.address: no PD with address 2 on controller bldg-a");
        assertThat(error(spec(tcp(new JsonObject().put("address", 1)), new JsonObject().put("address", 1)), Map.of()))
                .isEqualTo("doors[3].point.strike: missing");
    }

    @Test
    void twoDoorsCannotShareAReaderOfOnePd() {
        // A card read there would be decided at both doors, and open the one nobody stands at.
        JsonObject first = new JsonObject().put("address", 1).put("strike", 0);
        JsonObject second = new JsonObject().put("address", 1).put("strike", 1); // reader left out: reader 0 too
        AdapterSpec spec = new AdapterSpec("bldg-a", "osdp", tcp(new JsonObject().put("address", 1)), List.of(
                new AdapterSpec.Door("gym", null, null, first, "doors[3]"), new AdapterSpec.Door("gym-office", null, null, second, "doors[4]")),
                "controllers[1]");
        assertThat(error(spec, Map.of())).isEqualTo("doors[4].point.reader: reader 0 of PD 1 already belongs to door gym; "
                + "a door wired without a reader of its own has reader: -1");
        AdapterSpec apart = new AdapterSpec("bldg-a", "osdp", tcp(new JsonObject().put("address", 1)), List.of(
                new AdapterSpec.Door("gym", null, null, first, "doors[3]"),
                new AdapterSpec.Door("gym-office", null, null, second.copy().put("reader", -1), "doors[4]"),
                new AdapterSpec.Door("gym-store", null, null, new JsonObject().put("address", 1).put("strike", 2).put("reader", -1), "doors[5]")),
                "controllers[1]");
        assertThat(OsdpAdapterConfig.parse(apart, secrets(Map.of())).points()).hasSize(3);
    }

    @Test
    void baudIsOneOfTheRatesTheSerialTransportOpens() {
        JsonObject serial = new JsonObject().put("device", "/dev/ttyUSB0").put("devices", new JsonArray().add(new JsonObject().put("address", 1)));
        assertThat(error(spec(serial.copy().put("baud", 4800), null), Map.of()))
                .isEqualTo("controllers[1].options.baud: must be one of 9600, 19200, 38400, 57600, 115200, 230400, not 4800");
        for (Object rate : OsdpAdapterConfig.OPTIONS.option("baud").allowed()) {
            int baud = ((Number) rate).intValue();
            assertThat(OsdpAdapterConfig.parse(spec(serial.copy().put("baud", baud), null), secrets(Map.of())).baud()).isEqualTo(baud);
            // what start does with it: the transport's own check must accept every declared rate
            assertThat(io.warden.osdp.transport.OsdpSerialOptions.of("/dev/ttyUSB0", baud).baud()).isEqualTo(baud);
        }
        assertThat(OsdpAdapterConfig.parse(spec(serial, null), secrets(Map.of())).baud()).isEqualTo(9600);
    }

    @Test
    void unknownKeysAreRefusedWhereTheyStand() {
        assertThat(error(spec(tcp(new JsonObject().put("address", 1)).put("replyTimeout", 100), null), Map.of()))
                .startsWith("controllers[1].options.replyTimeout: unknown key (known: baud, busyDelayMs,");
        assertThat(error(spec(tcp(new JsonObject().put("address", 1).put("scbk", KEY)), null), Map.of()))
                .startsWith("controllers[1].options.devices[0].scbk: unknown key");
        assertThat(error(spec(tcp(new JsonObject().put("address", 1)), new JsonObject().put("address", 1).put("strike", 0).put("relay", 2)), Map.of()))
                .startsWith("doors[3].point.relay: unknown key");
    }

    @Test
    void aConfiguredKeyMeansASecureChannelUnlessSaidOtherwise() {
        var keyed = OsdpAdapterConfig.parse(spec(tcp(new JsonObject().put("address", 1).put("scbkSecret", "K"),
                new JsonObject().put("address", 2), new JsonObject().put("address", 3).put("scbkSecret", "K").put("secure", "preferred")), null),
                secrets(Map.of("K", KEY)));
        assertThat(keyed.devices()).extracting(d -> d.secure())
                .containsExactly(SecurePolicy.REQUIRED, SecurePolicy.OFF, SecurePolicy.PREFERRED);
    }

    @Test
    void timingThatCannotFitIsRefused() {
        JsonObject pd = new JsonObject().put("address", 1);
        assertThat(error(spec(tcp(pd).put("replyTimeoutMs", 1500).put("commandRetries", 4), null), Map.of()))
                .startsWith("controllers[1].options: replyTimeoutMs, commandRetries, busyRetries and busyDelayMs let one door command take up to")
                .endsWith("at most 15 s fits");
        assertThat(error(spec(tcp(pd).put("busyRetries", 20).put("busyDelayMs", 1000), null), Map.of()))
                .startsWith("controllers[1].options: ").contains("at most 15 s fits");
        assertThat(error(spec(tcp(pd).put("replyTimeoutMs", 5000), null), Map.of()))
                .isEqualTo("controllers[1].options.replyTimeoutMs: must be between 1 and 2000, not 5000");
        assertThat(error(spec(tcp(pd).put("pollIntervalMs", 5000), null), Map.of()))
                .startsWith("controllers[1].options.pollIntervalMs: must be at most half of offlineAfterMs (8000)");
        assertThat(error(spec(tcp(pd).put("offlineAfterMs", 500), null), Map.of()))
                .startsWith("controllers[1].options.offlineAfterMs: must be at least 600: one command and its 2 retries");
    }

    @Test
    void theCommandTimeoutIsTheBoundOfTheLinesOptions() {
        JsonObject pd = new JsonObject().put("address", 1);
        var tcp = OsdpAdapterConfig.parse(spec(tcp(pd), null), secrets(Map.of())).timing();
        // 3 attempts + 3 BUSY re-sends, each 200 ms, 4 requests ahead of 200 ms, 3 BUSY pauses of 300 ms; OUT then OSTAT
        assertThat(tcp.doorCommandTimeout()).isEqualTo(java.time.Duration.ofMillis(2 * (6 * 200 + 4 * 200 + 3 * 300)));
        var serial = OsdpAdapterConfig.parse(spec(new JsonObject().put("transport", "serial").put("device", "/dev/ttyUSB0").put("baud", 9600)
                .put("devices", new JsonArray(List.of(pd))), null), secrets(Map.of())).timing();
        assertThat(serial.doorCommandTimeout()).as("transmit time at 9600 baud counts").isGreaterThan(tcp.doorCommandTimeout());
    }

    @Test
    void aBadSecretIsNamedButNeverEchoed() {
        JsonObject pd = new JsonObject().put("address", 1).put("secure", "preferred").put("scbkSecret", "PD_KEY");
        assertThat(error(spec(tcp(pd), null), Map.of())).isEqualTo("controllers[1].options.devices[0].scbkSecret: secret 'PD_KEY' is not defined");
        String msg = error(spec(tcp(pd), null), Map.of("PD_KEY", "not-a-hex-key-zz"));
        assertThat(msg).contains("'PD_KEY' is not hex").doesNotContain("not-a-hex-key-zz");
        assertThat(error(spec(tcp(pd), null), Map.of("PD_KEY", "0011"))).contains("must be 32 hex digits");
    }

    @Test
    void factoryRefusesBadConfigBeforeAnyIo() {
        assertThatThrownBy(() -> new OsdpAdapterFactory().create(spec(new JsonObject(), null), secrets(Map.of())))
                .isInstanceOf(WardenException.class).hasMessageStartingWith("controllers[1].options.device: missing (needed with transport: serial)");
    }
}
