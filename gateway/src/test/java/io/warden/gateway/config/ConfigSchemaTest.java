package io.warden.gateway.config;

import static io.warden.gateway.config.GatewayConfigTest.CONFIG_DIR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** config/gateway.schema.json accepts the shipped configs and refuses what the loader refuses by shape. */
class ConfigSchemaTest {
    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build()).build();

    private static OutputUnit validate(String yaml) throws Exception {
        JsonObject schema = new JsonObject(Files.readString(CONFIG_DIR.resolve("gateway.schema.json")));
        JsonObject adapters = new JsonObject(Files.readString(AdapterSchemaTest.FILE));
        // the gateway schema refers to the generated adapter schema beside it, as an editor resolves it
        SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://warden.invalid/"))
                .dereference(JsonSchema.of(adapters)).dereference(JsonSchema.of(schema));
        Validator v = repository.validator(schema.getString("$id"));
        return v.validate(new JsonObject(new ObjectMapper().writeValueAsString(YAML.readTree(yaml))));
    }

    @Test
    void shippedConfigsMatchTheSchema() throws Exception {
        for (String file : List.of("demo.yaml", "gateway.yaml")) {
            OutputUnit out = validate(Files.readString(CONFIG_DIR.resolve(file)));
            assertThat(out.getValid()).as(file + ": " + out.getErrors()).isTrue();
        }
    }

    @Test
    void schemaRefusesBadShapes() throws Exception {
        String ok = GatewayConfigTest.minimal("");
        assertThat(validate(ok).getValid()).isTrue();
        assertThat(validate(ok.replace("controller: c1}", "controller: c1, pulsSeconds: 5}")).getValid()).isFalse();
        assertThat(validate(ok.replace("role: admin", "role: boss")).getValid()).isFalse();
        assertThat(validate(ok.replace("sha256: 91c1", "sha256: zz")).getValid()).isFalse();
        assertThat(validate(ok.replace("type: osdp}", "type: osdp, options: {transport: tcp, devices: [{address: 1}]}}")).getValid()).isFalse();
        assertThat(validate("http: {port: 0}\n" + ok).getValid()).isFalse();
        assertThat(validate(ok.replace("{id: s1,", "{id: s1, timeZone: America/Chicago,")).getValid()).isTrue();
        String access = "access: {schedules: [{id: a, hours: [{days: [mon], from: \"07:00\", to: \"24:00\"}]}], "
                + "groups: [{id: g, kinds: [staff], sites: [s1], schedule: a}]}\n";
        assertThat(validate(access + ok).getValid()).isTrue();
        assertThat(validate(access.replace("[mon]", "[monday]") + ok).getValid()).isFalse();
        assertThat(validate(access.replace("24:00", "24:30") + ok).getValid()).isFalse();
        assertThat(validate(access.replace("[staff]", "[teacher]") + ok).getValid()).isFalse();
        assertThat(validate(access.replace("{id: a,", "{id: always,") + ok).getValid()).isFalse();
    }

    @Test
    void consoleSectionShapes() throws Exception {
        String ok = GatewayConfigTest.minimal("");
        String console = "console: {publicUrl: 'https://w.example', sessionIdleMinutes: 30, demoSignIn: false, oidc: {issuer: 'https://accounts.google.com',"
                + " clientId: c, clientSecret: S, scopes: [openid, email], roles: [{claim: hd, value: lincoln.example, role: viewer}]}}\n";
        assertThat(validate(console + ok).getValid()).isTrue();
        assertThat(validate(console.replace("role: viewer", "role: boss") + ok).getValid()).isFalse();
        assertThat(validate(console.replace("[openid, email]", "[email]") + ok).getValid()).as("openid is required").isFalse();
        assertThat(validate(console.replace("roles: [{claim: hd, value: lincoln.example, role: viewer}]", "roles: []") + ok).getValid()).isFalse();
        assertThat(validate(console.replace("'https://w.example'", "'https://w.example/console'") + ok).getValid()).isFalse();
        assertThat(validate(console.replace("sessionIdleMinutes: 30", "sessionIdle: 30m") + ok).getValid()).isFalse();
        assertThat(validate(console.replace("clientId: c,", "") + ok).getValid()).isFalse();
    }

    @Test
    void adapterOptionsAreCheckedAsTheAdaptersDeclareThem() throws Exception {
        String ok = GatewayConfigTest.minimal("");
        String serial = "type: osdp, options: {device: /dev/ttyUSB0, devices: [{address: 1}]}}";
        assertThat(validate(ok.replace("type: osdp}", serial)).getValid()).isTrue();
        assertThat(validate(ok.replace("type: osdp}", serial.replace("devices:", "baud: 19200, devices:"))).getValid()).isTrue();
        assertThat(validate(ok.replace("type: osdp}", serial.replace("devices:", "baud: 4800, devices:"))).getValid())
                .as("4800 is no OSDP rate: the serial transport refuses it").isFalse();
        assertThat(validate(ok.replace("type: osdp}", serial.replace("devices:", "replyTimeout: 100, devices:"))).getValid()).isFalse();
        assertThat(validate(ok.replace("type: osdp}", "type: osdp, options: {devices: [{address: 1}]}}")).getValid())
                .as("serial (the default) needs a device").isFalse();
        assertThat(validate(ok.replace("type: osdp}", "type: osdp, options: {transport: tcp, host: h, port: 4001, devices: [{address: 1}]}}")).getValid()).isTrue();
        assertThat(validate(ok.replace("controller: c1}", "controller: c1, point: {address: 1, strike: 0, relay: 2}}")).getValid()).isFalse();
        assertThat(validate(ok.replace("controller: c1}", "controller: c1, point: {address: 1, strike: 0, contact: -1}}")).getValid()).isTrue();
    }

    @Test
    void clusterSectionAndControllerNodesShapes() throws Exception {
        String ok = GatewayConfigTest.minimal("");
        String cluster = "cluster: {node: n1, members: ['127.0.0.1:5702', '[::1]:5703'], leaseSeconds: 10, database: {host: db, name: warden, user: warden,"
                + " passwordSecret: WARDEN_DB_PASSWORD}}\n";
        String wired = ok.replace("type: osdp}", "type: osdp, node: n1}");
        assertThat(validate(cluster + wired).getValid()).isTrue();
        assertThat(validate(cluster + ok.replace("type: osdp}", "type: osdp, nodes: [n1, n2]}")).getValid()).isTrue();
        assertThat(validate(cluster + ok.replace("type: osdp}", "type: osdp, node: n1, nodes: [n2]}")).getValid()).as("node and nodes").isFalse();
        assertThat(validate(cluster.replace("node: n1,", "node: N1,") + wired).getValid()).isFalse();
        assertThat(validate(cluster.replace("leaseSeconds: 10", "leaseSeconds: 61") + wired).getValid()).isFalse();
        assertThat(validate(cluster.replace("'127.0.0.1:5702'", "'127.0.0.1'") + wired).getValid()).isFalse();
        assertThat(validate(cluster.replace("WARDEN_DB_PASSWORD", "'pass word!'") + wired).getValid()).isFalse();
        assertThat(validate(cluster.replace("name: warden, ", "") + wired).getValid()).isFalse();
        assertThat(validate(cluster.replace("node: n1,", "node: n1, multicast: true,") + wired).getValid()).isFalse();
        String tls = "node: n1, tls: {cert: n1.pem, key: n1.key, ca: ca.pem},";
        assertThat(validate(cluster.replace("node: n1,", tls) + wired).getValid()).isTrue();
        assertThat(validate(cluster.replace("node: n1,", tls.replace(", ca: ca.pem", "")) + wired).getValid()).as("tls without ca").isFalse();
        assertThat(validate(cluster.replace("node: n1,", tls.replace("ca: ca.pem", "ca: ca.pem, trustAll: true")) + wired).getValid()).isFalse();
        assertThat(validate(cluster.replace("name: warden, ", "name: warden, ssl: true, caFile: db-ca.pem, ") + wired).getValid()).isTrue();
    }

    @Test
    void integrationsSectionShapes() throws Exception {
        String ok = GatewayConfigTest.minimal("");
        String integrations = "integrations: {mqtt: {host: 127.0.0.1, username: warden, passwordSecret: MQTT_PASSWORD, baseTopic: district/warden,"
                + " homeAssistant: {commands: {principal: home-assistant, role: operator, doors: [d1]}}},"
                + " webhooks: [{id: w, url: 'https://hooks.example/in?token=x', secret: HOOK_SECRET, events: [door.], retryForSeconds: 60}],"
                + " siem: [{id: s, host: siem.example, protocol: tls, format: cef, events: [card.]}]}\n";
        assertThat(validate(integrations + ok).getValid()).isTrue();
        for (String[] bad : new String[][] {
                {"role: operator", "role: admin"}, {"role: operator", "role: viewer"}, {"doors: [d1]", "doors: []"},
                {"baseTopic: district/warden", "baseTopic: 'district/#'"}, {"baseTopic: district/warden", "baseTopic: /warden"},
                {"baseTopic: district/warden", "baseTopic: warden/"}, {"baseTopic: district/warden", "baseTopic: 'a//b'"},
                {"baseTopic: district/warden", "baseTopic: '$SYS'"}, {"passwordSecret: MQTT_PASSWORD", "passwordSecret: 'pass word'"},
                {"'https://hooks.example/in?token=x'", "'ftp://hooks.example/in'"}, {"'https://hooks.example/in?token=x'", "'https://u:p@hooks.example/'"},
                {"secret: HOOK_SECRET, ", ""}, {"events: [door.]", "events: ['door.*']"}, {"retryForSeconds: 60", "retryForSeconds: 0"},
                {"protocol: tls", "protocol: http"}, {"format: cef", "format: json"}, {"host: siem.example", "host: siem.example, buffer: 0"},
                {"host: 127.0.0.1,", "host: 127.0.0.1, qos: 2,"}}) {
            assertThat(validate(integrations.replace(bad[0], bad[1]) + ok).getValid()).as(bad[1]).isFalse();
        }
    }

    /** The commented {@code integrations:} reference in config/gateway.yaml, uncommented, has the schema's shape. */
    @Test
    void theReferenceIntegrationsExampleMatchesTheSchema() throws Exception {
        List<String> lines = Files.readAllLines(CONFIG_DIR.resolve("gateway.yaml"));
        int from = lines.indexOf(lines.stream().filter(l -> l.startsWith("# integrations:")).findFirst().orElseThrow());
        StringBuilder block = new StringBuilder();
        for (int i = from; i < lines.size() && lines.get(i).startsWith("#"); i++) block.append(lines.get(i).substring(2)).append('\n');
        assertThat(block).contains("mqtt:", "homeAssistant:", "webhooks:", "siem:");
        OutputUnit out = validate(block + GatewayConfigTest.minimal(""));
        assertThat(out.getValid()).as(out.getErrors() + "\n" + block).isTrue();
    }
}
