package io.warden.gateway.config;

import static io.warden.gateway.config.GatewayConfigTest.OSDP;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code integrations:}: defaults, absolute paths, and every refusal naming its path. */
class IntegrationsValidatorTest {
    private static final String REST = """
            sites: [{id: s1, zones: [{id: z1}]}]
            controllers: [{id: c1, type: osdp, options: {transport: tcp, host: h, port: 4001, devices: [{address: 1}]}}]
            doors: [{id: d1, site: s1, zone: z1, controller: c1}, {id: d2, site: s1, zone: z1, controller: c1}]
            tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
            """;
    private static final String CLUSTER = "cluster: {node: n1, database: {host: 127.0.0.1, name: warden, user: warden}}\n";
    private static final Map<String, String> SECRETS = Map.of("MQTT_PASSWORD", "hunter2", "HOOK_SECRET", "s3cret");
    private static final String COMMANDS = "mqtt: {host: 127.0.0.1, username: warden, passwordSecret: MQTT_PASSWORD,"
            + " homeAssistant: {commands: {principal: home-assistant, role: operator, doors: [d1]}}}";

    @TempDir
    Path dir;

    private GatewayConfig load(String integrations) {
        return load(integrations, "");
    }

    private GatewayConfig load(String integrations, String cluster) {
        return ConfigLoader.parse(cluster + "integrations: " + integrations + "\n" + REST, "c.yaml", OSDP, SECRETS, dir);
    }

    private List<String> problems(String integrations) {
        return problems(integrations, "");
    }

    private List<String> problems(String integrations, String cluster) {
        try {
            load(integrations, cluster);
        } catch (WardenException e) {
            List<String> lines = e.getMessage().lines().toList();
            return lines.subList(1, lines.size());
        }
        throw new AssertionError("config was accepted");
    }

    @Test
    void absentIsNoneAndEachPartHasItsDefaults() {
        assertThat(ConfigLoader.parse(REST, "c.yaml", OSDP, Map.of(), dir).integrations().any()).isFalse();

        IntegrationsConfig c = load("{mqtt: {host: 127.0.0.1, homeAssistant: {}}, webhooks: [{id: w, url: 'https://hooks.example/in',"
                + " secret: HOOK_SECRET}], siem: [{id: a, host: siem.example}, {id: b, host: siem.example, protocol: tls}]}").integrations();
        IntegrationsConfig.Mqtt m = c.mqtt();
        assertThat(m.port()).isEqualTo(1883);
        assertThat(m.tls()).isFalse();
        assertThat(m.allowPlaintext()).isFalse();
        assertThat(m.baseTopic()).isEqualTo("warden");
        assertThat(m.buffer()).isEqualTo(IntegrationsConfig.DEFAULT_BUFFER);
        assertThat(m.homeAssistant().prefix()).isEqualTo("homeassistant");
        assertThat(m.homeAssistant().commands()).isNull();
        IntegrationsConfig.Webhook w = c.webhooks().get(0);
        assertThat(w.retryForSeconds()).isEqualTo(3600);
        assertThat(w.timeoutSeconds()).isEqualTo(10);
        assertThat(w.events()).isEmpty();
        assertThat(w.allowPlaintext()).isFalse();
        assertThat(c.siem()).extracting(IntegrationsConfig.Siem::protocol, IntegrationsConfig.Siem::format, IntegrationsConfig.Siem::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tcp", "kv", 514), org.assertj.core.groups.Tuple.tuple("tls", "kv", 6514));
        assertThat(load("{mqtt: {host: broker.example, tls: true}}").integrations().mqtt().port()).isEqualTo(8883);
    }

    @Test
    void caFilesResolveLikeTheOtherPaths() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "-");
        IntegrationsConfig c = load("{mqtt: {host: broker.example, tls: true, caFile: ca.pem}, siem: [{id: a, host: h, protocol: tls,"
                + " caFile: ca.pem}, {id: b, host: h}]}").integrations();
        assertThat(c.mqtt().caFile()).isEqualTo(dir.resolve("ca.pem").toString());
        assertThat(c.siem().get(0).caFile()).isEqualTo(dir.resolve("ca.pem").toString());
        assertThat(c.siem().get(1).caFile()).isNull();
    }

    @Test
    void theBrokerSectionsProblemsAreReportedTogetherEachWithItsPath() {
        List<String> p = problems("{mqtt: {host: 'bad host', port: 0, buffer: 0, clientId: 'a b', baseTopic: 'warden/+/x', username: u,"
                + " caFile: ca.pem, homeAssistant: {prefix: '/ha'}}}");
        assertThat(p).containsExactlyInAnyOrder(
                "integrations.mqtt.host: 'bad host' is not a host name or IP address",
                "integrations.mqtt.port: must be between 1 and 65535, not 0",
                "integrations.mqtt.buffer: must be between 1 and 1000000, not 0",
                "integrations.mqtt.clientId: 'a b' must be 1 to 128 letters, digits, '-', '_' or '.'",
                "integrations.mqtt.baseTopic: 'warden/+/x' must not hold the wildcards + or #",
                "integrations.mqtt.caFile: only with TLS (it names the CA the far end's certificate is verified against)",
                "integrations.mqtt.passwordSecret: missing: a username goes with its password (by secret name)",
                "integrations.mqtt.homeAssistant.prefix: '/ha' must not start or end with /");
        assertThat(problems("{mqtt: {passwordSecret: MQTT_PASSWORD}}")).containsExactlyInAnyOrder(
                "integrations.mqtt.host: missing",
                "integrations.mqtt.username: missing: a password goes with a username");
    }

    @Test
    void topicRootsAreTopicNamesWithoutWildcardsEmptyLevelsOrTheBrokersOwnPrefix() {
        for (String[] bad : new String[][] {
                {"''", "must not be empty"}, {"'a/#'", "must not hold the wildcards + or #"}, {"'x/'", "must not start or end with /"},
                {"'a//b'", "must not have an empty level (//)"}, {"'$SYS/w'", "must not start with $ (the broker's own topics)"},
                {"'school one'", "must not hold spaces or control characters"}, {"'" + "t".repeat(201) + "'", "is longer than 200 characters"}}) {
            assertThat(problems("{mqtt: {host: 127.0.0.1, baseTopic: " + bad[0] + "}}")).singleElement().asString()
                    .startsWith("integrations.mqtt.baseTopic: ").endsWith(bad[1]);
        }
        assertThat(load("{mqtt: {host: 127.0.0.1, baseTopic: district-7/warden, homeAssistant: {prefix: ha}}}").integrations().mqtt().baseTopic())
                .isEqualTo("district-7/warden");
        assertThat(problems("{mqtt: {host: 127.0.0.1, baseTopic: ha, homeAssistant: {prefix: ha}}}")).containsExactly(
                "integrations.mqtt.homeAssistant.prefix: must differ from baseTopic ('ha'): discovery and state topics would mix");
    }

    @Test
    void aSiteNamedLikeOneOfWardensOwnTopicLevelsIsRefusedWithMqtt() {
        String yaml = "integrations: {mqtt: {host: 127.0.0.1}}\n" + REST.replace("{id: s1, zones: [{id: z1}]}", "{id: s1, zones: [{id: z1}]}, {id: devices}");
        assertThatProblems(yaml).contains("integrations.mqtt: a site named 'devices' would share Warden's warden/devices/... topics; rename the site (its id)");
        assertThat(ConfigLoader.parse(REST.replace("{id: s1, zones: [{id: z1}]}", "{id: s1, zones: [{id: z1}]}, {id: events}"), "c.yaml", OSDP,
                Map.of(), dir).sites()).as("without MQTT the name is free").hasSize(2);
    }

    private List<String> assertThatProblems(String yaml) {
        try {
            ConfigLoader.parse(yaml, "c.yaml", OSDP, SECRETS, dir);
        } catch (WardenException e) {
            return e.getMessage().lines().skip(1).toList();
        }
        throw new AssertionError("config was accepted");
    }

    @Test
    void aBrokerOnTheNetworkNeedsTlsOrPlaintextOnPurpose() throws Exception {
        List<String> p = problems("{mqtt: {host: 10.0.0.5, username: warden, passwordSecret: MQTT_PASSWORD}}");
        assertThat(p).singleElement().asString().startsWith("integrations.mqtt.host: 10.0.0.5 is not a loopback address and integrations.mqtt.tls"
                + " is not set, so the events (names, card numbers), door states and the broker password would cross the network in plaintext")
                .contains("set tls: true").contains("allowPlaintext: true");
        assertThat(problems("{mqtt: {host: broker.example}}")).singleElement().asString().doesNotContain("password");
        Files.writeString(dir.resolve("ca.pem"), "-");
        for (String ok : List.of("{host: 10.0.0.5, tls: true, caFile: ca.pem}", "{host: 10.0.0.5, allowPlaintext: true}", "{host: localhost}",
                "{host: '::1'}", "{host: 127.0.0.1, username: warden, passwordSecret: MQTT_PASSWORD}")) {
            assertThat(load("{mqtt: " + ok + "}").integrations().mqtt()).as(ok).isNotNull();
        }
        assertThat(problems("{mqtt: {host: broker.example, tls: true, caFile: missing.pem}}")).singleElement().asString()
                .startsWith("integrations.mqtt.caFile: cannot read ").endsWith("(no such file)");
    }

    @Test
    void homeAssistantCommandsNeedAnAuthenticatedBrokerARoleWithDoorControlButNotAdminAndKnownDoors() {
        assertThat(load("{" + COMMANDS + "}").integrations().mqtt().homeAssistant().commands().doors()).containsExactly("d1");
        assertThat(load("{" + COMMANDS.replace("role: operator", "role: lockdown") + "}").integrations().mqtt()).isNotNull();

        assertThat(problems("{" + COMMANDS.replace("role: operator", "role: viewer") + "}"))
                .containsExactly("integrations.mqtt.homeAssistant.commands.role: 'viewer' may not lock or unlock doors; use operator");
        assertThat(problems("{" + COMMANDS.replace("role: operator", "role: admin") + "}")).singleElement().asString()
                .startsWith("integrations.mqtt.homeAssistant.commands.role: not admin");
        assertThat(problems("{" + COMMANDS.replace("role: operator", "role: boss") + "}")).singleElement().asString()
                .startsWith("integrations.mqtt.homeAssistant.commands.role: unknown role 'boss'");
        assertThat(problems("{" + COMMANDS.replace("[d1]", "[d1, d9, d1, d2]").replace("principal: home-assistant", "principal: 'Home Assistant'") + "}"))
                .containsExactlyInAnyOrder(
                        "integrations.mqtt.homeAssistant.commands.principal: 'Home Assistant' " + ConfigValidator.ID_RULE,
                        "integrations.mqtt.homeAssistant.commands.doors[1]: no door 'd9'",
                        "integrations.mqtt.homeAssistant.commands.doors[2]: 'd1' is listed twice (also doors[0])");
        assertThat(problems("{" + COMMANDS.replace("[d1]", "[]").replace("principal: home-assistant, ", "") + "}")).containsExactlyInAnyOrder(
                "integrations.mqtt.homeAssistant.commands.principal: missing (the name commands are audited under, e.g. home-assistant)",
                "integrations.mqtt.homeAssistant.commands.doors: at least one door (without any, leave commands out: every door is then read-only)");
        assertThat(problems("{" + COMMANDS.replace("username: warden, passwordSecret: MQTT_PASSWORD,", "") + "}")).singleElement().asString()
                .startsWith("integrations.mqtt.homeAssistant.commands: only with a broker that authenticates its clients")
                .contains("warden/+/+/set").contains("anyone who reaches it could unlock doors");
        assertThat(problems("{" + COMMANDS.replace("principal: home-assistant", "principal: t1") + "}")).singleElement().asString()
                .startsWith("integrations.mqtt.homeAssistant.commands.principal: 't1' is also an API token's name");
    }

    @Test
    void webhooksAreCheckedEachWithItsIndex() {
        List<String> p = problems("{webhooks: [{id: w, url: 'https://hooks.example/in', secret: HOOK_SECRET},"
                + " {id: w, url: 'ftp://hooks.example/in', secret: 'hunter2 !', site: nowhere, events: ['', 'door.*'], retryForSeconds: 0,"
                + " timeoutSeconds: 301, buffer: 1000001},"
                + " {id: x, url: '/relative'}, ~]}");
        assertThat(p).containsExactlyInAnyOrder(
                "integrations.webhooks[1].id: duplicate webhook id 'w' (also integrations.webhooks[0])",
                "integrations.webhooks[1].url: must be an absolute http or https URL with a host",
                "integrations.webhooks[1].events[0]: must not be empty (leave events out to send every event)",
                "integrations.webhooks[1].events[1]: 'door.*' is not an event type prefix such as door. or lockdown.started (no wildcards)",
                "integrations.webhooks[1].site: no site 'nowhere'",
                "integrations.webhooks[1].secret: must be the name of a secret (an environment variable or a secrets file key: letters, digits"
                        + " and '_'), never the signing secret itself",
                "integrations.webhooks[1].retryForSeconds: must be between 1 and 604800, not 0",
                "integrations.webhooks[1].timeoutSeconds: must be between 1 and 300, not 301",
                "integrations.webhooks[1].buffer: must be between 1 and 1000000, not 1000001",
                "integrations.webhooks[2].url: must be an absolute http or https URL with a host",
                "integrations.webhooks[2].secret: missing (the name of the secret the payloads are signed with)",
                "integrations.webhooks[3]: empty entry");
        assertThat(String.join("\n", p)).as("a secret typed in place of its name is never echoed").doesNotContain("hunter2");
    }

    @Test
    void aWebhookUrlCarriesNoPasswordAndGoesInPlaintextOnlyOnLoopbackOrOnPurpose() {
        String hook = "{webhooks: [{id: w, secret: HOOK_SECRET, url: '%s'%s}]}";
        assertThat(problems(hook.formatted("http://hooks.example/in?token=abc123", ""))).singleElement().asString()
                .startsWith("integrations.webhooks[0].url: plain http to hooks.example would carry the events").contains("use https")
                .contains("allowPlaintext: true").as("the URL's token is not echoed").doesNotContain("abc123");
        assertThat(problems(hook.formatted("https://user:pw@hooks.example/in", ""))).containsExactly("integrations.webhooks[0].url: must not"
                + " hold a user or password (secrets are referenced by name; the signature authenticates Warden)");
        assertThat(problems(hook.formatted("https://hooks.example/in#x", ""))).containsExactly(
                "integrations.webhooks[0].url: must not have a fragment (#...): it is never sent");
        assertThat(problems(hook.formatted("https://hooks example/in?token=abc123", ""))).singleElement().asString()
                .startsWith("integrations.webhooks[0].url: not a URL").doesNotContain("abc123");
        for (String ok : List.of(hook.formatted("http://127.0.0.1:9000/in", ""), hook.formatted("http://hooks.example/in", ", allowPlaintext: true"),
                hook.formatted("https://hooks.example/in?token=abc", ", site: s1, events: [door., lockdown.started]"))) {
            assertThat(load(ok).integrations().webhooks()).as(ok).hasSize(1);
        }
    }

    @Test
    void siemCollectorsAreCheckedEachWithItsIndex() throws Exception {
        assertThat(problems("{siem: [{id: a, host: h, protocol: tls, caFile: nope.pem}, {id: a, host: '', port: 70000, protocol: http,"
                + " format: json, caFile: ca.pem, events: ['a b'], buffer: 0}, ~]}")).containsExactlyInAnyOrder(
                "integrations.siem[0].caFile: cannot read " + dir.resolve("nope.pem") + " (no such file)",
                "integrations.siem[1].id: duplicate siem id 'a' (also integrations.siem[0])",
                "integrations.siem[1].host: missing",
                "integrations.siem[1].port: must be between 1 and 65535, not 70000",
                "integrations.siem[1].protocol: must be udp, tcp or tls, not 'http'",
                "integrations.siem[1].format: must be kv or cef, not 'json'",
                "integrations.siem[1].caFile: only with TLS (it names the CA the far end's certificate is verified against)",
                "integrations.siem[1].events[0]: 'a b' is not an event type prefix such as door. or lockdown.started (no wildcards)",
                "integrations.siem[1].buffer: must be between 1 and 1000000, not 0",
                "integrations.siem[2]: empty entry");
        assertThat(load("{webhooks: [{id: a, url: 'https://h.example', secret: HOOK_SECRET}], siem: [{id: a, host: 10.1.1.1, protocol: udp,"
                + " format: cef}]}").integrations().siem()).as("a webhook and a collector may share an id: webhook:a, siem:a").hasSize(1);
    }

    @Test
    void inAClusterOneNamedNodeRunsThemAndOnASingleNodeNoneIsNamed() {
        assertThat(problems("{node: n1, mqtt: {host: 127.0.0.1}}")).containsExactly(
                "integrations.node: only in cluster mode (there is no cluster: section; a single node runs its integrations itself)");
        assertThat(problems("{mqtt: {host: 127.0.0.1}}", CLUSTER)).singleElement().asString()
                .startsWith("integrations.node: missing: in a cluster every node hears every record, so exactly one forwards them");
        assertThat(problems("{node: N1, mqtt: {host: 127.0.0.1}}", CLUSTER)).containsExactly("integrations.node: 'N1' is not a valid node id");
        assertThat(load("{node: n2, mqtt: {host: 127.0.0.1}}", CLUSTER).integrations().node()).as("another node may run them").isEqualTo("n2");
        assertThat(load("{}", CLUSTER).integrations().any()).as("none configured: no node needed").isFalse();
    }

    @Test
    void everyNamedSecretMustResolveAndIsNamedNeverShown() {
        try {
            ConfigLoader.parse("integrations: {mqtt: {host: 127.0.0.1, username: warden, passwordSecret: NO_SUCH}, webhooks: [{id: w,"
                    + " url: 'https://h.example', secret: ALSO_MISSING}, {id: v, url: 'https://h.example', secret: HOOK_SECRET}]}\n" + REST,
                    "c.yaml", OSDP, SECRETS, dir);
            throw new AssertionError("config was accepted");
        } catch (WardenException e) {
            assertThat(e.getMessage().lines().skip(1)).containsExactlyInAnyOrder(
                    "integrations.mqtt.passwordSecret: no secret 'NO_SUCH' (set the environment variable of that name or add it to the secrets file)",
                    "integrations.webhooks[0].secret: no secret 'ALSO_MISSING' (set the environment variable of that name or add it to the secrets file)");
            assertThat(e.getMessage()).doesNotContain("s3cret");
        }
    }
}
