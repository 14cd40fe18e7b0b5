package io.warden.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterContext;
import io.warden.gateway.Gateway;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.door.DoorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped configs load, and what the gateway reads from a loaded config. */
class GatewayConfigTest {
    static final Path CONFIG_DIR = Path.of("..", "config");
    static final Set<String> OSDP = Set.of("osdp");
    /** The shipped configs name ONVIF cameras too (camera types are checked like controller types). */
    static final Set<String> SHIPPED = Set.of("osdp", "onvif");

    @TempDir
    Path dir;

    private GatewayConfig demo() {
        return ConfigLoader.load(CONFIG_DIR.resolve("demo.yaml"), Set.of("osdp", "onvif"), Map.of(), dir);
    }

    @Test
    void demoPublishesToALocalBrokerReadOnlyForHomeAssistant() {
        IntegrationsConfig i = demo().integrations();
        assertThat(i.mqtt()).isEqualTo(new IntegrationsConfig.Mqtt("127.0.0.1", 1883, false, null, null, null, "warden-demo", "warden-demo",
                IntegrationsConfig.DEFAULT_BUFFER, new IntegrationsConfig.HomeAssistant("homeassistant", null), false));
        assertThat(i.webhooks()).as("shown commented: they need a receiver").isEmpty();
        assertThat(i.siem()).isEmpty();
    }

    @Test
    void demoLoads() {
        GatewayConfig c = demo();
        assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8080, null));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.auditPath()).isEqualTo(dir.resolve("data/audit.db"));
        assertThat(c.sites()).hasSize(1);
        assertThat(c.sites().get(0).zones()).extracting(SiteConfig.Zone::id).containsExactly("main", "north", "east");
        assertThat(c.doors()).hasSize(14);
        assertThat(c.doors()).extracting(DoorInfo::zone).contains("main", "north", "east");
        assertThat(c.doors()).extracting(DoorInfo::exterior).contains(true, false);
        assertThat(c.tokens()).extracting(TokenConfig::role).containsExactly("viewer", "operator", "lockdown", "investigator", "admin");
        DoorInfo office = c.doors().stream().filter(d -> d.id().equals("front-office")).findFirst().orElseThrow();
        assertThat(office).isEqualTo(new DoorInfo("front-office", "Front office", "lincoln-ms", "main", false, "line-a", "osdp",
                Duration.ofSeconds(3), Duration.ofSeconds(20), List.of("cam-front-office"), "Lincoln Middle School", "Main building"));
        assertThat(c.cameras()).extracting(CameraConfig::id)
                .containsExactly("cam-main-entrance", "cam-front-office", "cam-bus-loop", "cam-gym", "cam-science");
        assertThat(c.cameras()).extracting(CameraConfig::type).containsOnly("onvif");
        assertThat(c.doors()).filteredOn(DoorInfo::exterior).filteredOn(d -> d.cameras().isEmpty()).extracting(DoorInfo::id)
                .as("most exterior doors have a camera; the east wing has none").containsExactly("cafeteria", "east-entrance", "east-loading");
        assertThat(c.doors()).filteredOn(d -> d.zone().equals("east")).extracting(DoorInfo::controllerId).containsOnly("ctl-east");
    }

    @Test
    void demoAdapterSpecs() {
        List<AdapterSpec> specs = demo().adapterSpecs();
        assertThat(specs).extracting(AdapterSpec::id).containsExactly("line-a", "line-b", "ctl-east");
        AdapterSpec a = specs.get(0);
        assertThat(a.path()).isEqualTo("controllers[0]");
        assertThat(a.options().getString("transport")).isEqualTo("serial");
        assertThat(a.options().getString("device")).isEqualTo("data/demo/a");
        assertThat(a.options().getJsonArray("devices").getJsonObject(0).getString("secure")).isEqualTo("off");
        AdapterSpec.Door first = a.doors().get(0);
        assertThat(first.id()).isEqualTo("main-entrance");
        assertThat(first.path()).isEqualTo("doors[0]");
        assertThat(first.pulse()).isEqualTo(Duration.ofSeconds(5));
        assertThat(first.point()).isEqualTo(new JsonObject("{\"address\":1,\"strike\":0,\"contact\":0,\"rex\":1,\"reader\":0,\"wiring\":\"fail-secure\"}"));
        AdapterSpec b = specs.get(1);
        assertThat(b.options().getInteger("port")).isEqualTo(47101);
        assertThat(b.doors()).extracting(AdapterSpec.Door::path).allSatisfy(p -> assertThat(p).matches("doors\\[[5-9]\\]"));
        AdapterSpec east = specs.get(2);
        assertThat(east.type()).isEqualTo("onvif");
        assertThat(east.role()).isEqualTo(AdapterSpec.Role.CONTROLLER);
        assertThat(east.options()).isEqualTo(new JsonObject(
                "{\"host\":\"127.0.0.1\",\"port\":47301,\"username\":\"warden\",\"passwordSecret\":\"DEMO_CTL_PASSWORD\",\"healthIntervalSeconds\":10}"));
        assertThat(east.doors()).extracting(AdapterSpec.Door::point).containsExactly(new JsonObject("{\"token\":\"Door_1\"}"),
                new JsonObject("{\"token\":\"Door_2\"}"), new JsonObject("{\"token\":\"Door_3\"}"), new JsonObject("{\"token\":\"Door_4\"}"));
        assertThat(east.doors()).extracting(AdapterSpec.Door::path).containsExactly("doors[10]", "doors[11]", "doors[12]", "doors[13]");
        // fresh objects each call: a caller that changes one does not change the config
        a.options().put("device", "/dev/other");
        assertThat(demo().adapterSpecs().get(0).options().getString("device")).isEqualTo("data/demo/a");
    }

    /** The adapters accept every controller of the shipped configs (they check options, points and keys). */
    @Test
    void adaptersAcceptShippedConfigs() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            String key = "00112233445566778899aabbccddeeff";
            Secrets secrets = Secrets.of(Map.of("DEMO_PD_KEY_B1", key, "DEMO_PD_KEY_B2", key,
                    "LINCOLN_MAIN_PD1_SCBK", key, "LINCOLN_GYM_PD1_SCBK", key, "ANNEX_CTL_PASSWORD", "pw", "DEMO_CTL_PASSWORD", "pw"));
            AdapterContext ctx = new AdapterContext() {
                public Vertx vertx() { return vertx; }
                public Clock clock() { return Clock.systemUTC(); }
                public void emit(DeviceEvent event) {}
                public void health(String deviceId, DeviceHealth health) {}
                public Optional<String> secret(String reference) { return secrets.secret(reference); }
            };
            for (String file : List.of("demo.yaml", "gateway.yaml")) {
                GatewayConfig c = ConfigLoader.load(CONFIG_DIR.resolve(file), SHIPPED, Map.of(), dir);
                int doors = 0;
                for (AdapterSpec spec : c.adapterSpecs()) {
                    DeviceAdapter adapter = Gateway.factories().get(spec.type()).create(spec, ctx);
                    doors += adapter.doors().size();
                }
                assertThat(doors).as(file).isEqualTo(c.doors().size());
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void referenceLoads() {
        GatewayConfig c = ConfigLoader.load(CONFIG_DIR.resolve("gateway.yaml"), SHIPPED, Map.of(), dir);
        assertThat(c.controllers()).extracting(ControllerConfig::type).containsExactly("osdp", "osdp", "onvif");
        assertThat(c.cameras()).extracting(CameraConfig::id).containsExactly("cam-front", "cam-gym-lot");
        assertThat(c.cameras().get(1).zone()).isNull();
        assertThat(c.doors().get(0).cameras()).containsExactly("cam-front");
        DoorInfo inner = c.doors().get(1);
        assertThat(inner.exterior()).isFalse();
        assertThat(inner.pulse()).isEqualTo(Duration.ofSeconds(DoorConfig.DEFAULT_PULSE_SECONDS));
        assertThat(inner.heldOpen()).isEqualTo(Duration.ofSeconds(DoorConfig.DEFAULT_HELD_OPEN_SECONDS));
        assertThat(c.secretsFile()).isEmpty();
    }

    @Test
    void authenticate() {
        GatewayConfig c = demo();
        assertThat(c.authenticate("demo-operator-token")).contains(new Principal("demo-operator", Role.OPERATOR));
        assertThat(c.authenticate("demo-admin-token")).contains(new Principal("demo-admin", Role.ADMIN));
        assertThat(c.authenticate("demo-operator-token ")).isEmpty();
        assertThat(c.authenticate("demo-root-token")).isEmpty();
        assertThat(c.authenticate("")).isEmpty();
        assertThat(c.authenticate(null)).isEmpty();
        // the hash itself is not a token
        assertThat(c.authenticate(c.tokens().get(1).sha256())).isEmpty();
    }

    @Test
    void pathsResolveAgainstBaseDirAndDataDir() throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "cert");
        Files.writeString(dir.resolve("tls.key"), "key");
        Files.writeString(dir.resolve("secrets.yaml"), "PD_KEY: \"00112233445566778899aabbccddeeff\"\n");
        String yaml = minimal("dataDir: var/warden\nsecretsFile: secrets.yaml\naudit: {path: trail/audit.db}\n"
                + "http: {host: 0.0.0.0, port: 8443, tls: {cert: tls.crt, key: " + dir.resolve("tls.key") + "}}\n");
        GatewayConfig c = ConfigLoader.parse(yaml, "test.yaml", OSDP, Map.of(), dir);
        assertThat(c.dataDir()).isEqualTo(dir.resolve("var/warden"));
        assertThat(c.auditPath()).isEqualTo(dir.resolve("var/warden/trail/audit.db"));
        assertThat(c.http().tls().certPath()).isEqualTo(cert);
        assertThat(c.http().tls().keyPath()).isEqualTo(dir.resolve("tls.key"));
        assertThat(c.http().port()).isEqualTo(8443);
        assertThat(c.secretsFile()).contains(dir.resolve("secrets.yaml"));
        assertThat(c.secrets().secret("PD_KEY")).contains("00112233445566778899aabbccddeeff");

        GatewayConfig absolute = ConfigLoader.parse(minimal("audit: {path: /srv/audit.db}\n"), "t", OSDP, Map.of(), dir);
        assertThat(absolute.doorPolicy().maxUnlock()).as("default: a school day").isEqualTo(java.time.Duration.ofHours(12));
        assertThat(ConfigLoader.parse(minimal("doorPolicy: {maxUnlockMinutes: 90}\n"), "t", OSDP, Map.of(), dir).doorPolicy().maxUnlock())
                .isEqualTo(java.time.Duration.ofMinutes(90));
        assertThat(absolute.auditPath()).isEqualTo(Path.of("/srv/audit.db"));
        assertThat(absolute.fileSha256()).hasSize(64);
    }

    /** The smallest valid config, plus {@code extra} top-level keys. */
    static String minimal(String extra) {
        return extra + """
                sites: [{id: s1, zones: [{id: z1}]}]
                controllers: [{id: c1, type: osdp}]
                doors: [{id: d1, site: s1, zone: z1, controller: c1}]
                tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
                """;
    }
}
