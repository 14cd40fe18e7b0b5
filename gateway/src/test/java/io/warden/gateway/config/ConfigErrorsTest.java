package io.warden.gateway.config;

import static io.warden.gateway.config.GatewayConfigTest.OSDP;
import static io.warden.gateway.config.GatewayConfigTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad config yields every problem at once, each as {@code path: problem}, and no config. */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    private List<String> problems(String yaml) {
        try {
            ConfigLoader.parse(yaml, "bad.yaml", OSDP, Map.of(), dir);
        } catch (WardenException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG);
            List<String> lines = e.getMessage().lines().toList();
            assertThat(lines.get(0)).startsWith("invalid configuration bad.yaml (").endsWith("):");
            assertThat(e.getMessage()).doesNotContain("Exception", "com.fasterxml", "io.warden");
            return lines.subList(1, lines.size());
        }
        throw new AssertionError("config was accepted");
    }

    @Test
    void everyProblemNamesItsPath() {
        String yaml = """
                http: {port: 70000}
                audit: {store: postgres}
                sites:
                  - id: lincoln-ms
                    zones: [{id: main}, {id: gym}]
                  - id: other
                    zones: [{id: annex}]
                controllers:
                  - {id: line-a, type: osdp, options: {transport: serial, device: /dev/ttyUSB0}}
                  - {id: cam-nvr, type: onvif}
                doors:
                  - {id: front, site: lincoln-ms, zone: main, controller: line-a}
                  - {id: back, site: nowhere, zone: main, controller: line-a}
                  - {id: gym, site: lincoln-ms, zone: main, controller: line-a, pulsSeconds: 5}
                  - {id: annex, site: lincoln-ms, zone: annex, controller: bldg-b}
                  - {id: front, site: lincoln-ms, zone: gym, controller: line-a, heldOpenSeconds: 0, cameras: [cam-x]}
                  - {id: Bad Id, site: lincoln-ms, zone: gym, controller: line-a, pulseSeconds: 2.5}
                tokens:
                  - {name: office, role: boss, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}
                  - {name: it, role: admin, sha256: demo-admin-token}
                  - {name: office, role: viewer, sha256: DB2C460A3DD812A27B2A7F60D1320322C27AC3B28B3B90B11C05ECC7B4BCC856}
                colour: blue
                """;
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "colour: unknown key",
                "doors[2].pulsSeconds: unknown key",
                "doors[5].pulseSeconds: must be a whole number",
                "http.port: must be between 1 and 65535, not 70000",
                "audit.store: only 'sqlite' is supported for now, not 'postgres'",
                "controllers[1].type: no adapter 'onvif' (known: osdp)",
                "doors[1].site: no site 'nowhere'",
                "doors[3].zone: no zone 'annex' in site 'lincoln-ms' (it is sites[1].zones[0])",
                "doors[3].controller: no controller 'bldg-b'",
                "doors[4].id: duplicate door id 'front' (also doors[0])",
                "doors[4].heldOpenSeconds: must be between 1 and 3600 seconds, not 0",
                "doors[4].cameras[0]: no camera 'cam-x'",
                "tokens[0].role: unknown role 'boss': must be viewer, operator, lockdown, investigator or admin",
                "tokens[1].sha256: must be 64 hex digits, the SHA-256 of the token (never the token itself)",
                "tokens[2].name: duplicate token name 'office' (also tokens[0])");
    }

    @Test
    void missingFieldsAndBadIds() {
        String yaml = """
                sites: [{zones: [{id: z1}, {id: z1}]}, {id: S2}]
                controllers: [{id: c1}]
                doors: [{id: d1}, {name: nameless, site: s9, controller: c1}]
                cameras: [{id: cam1, site: s9}]
                tokens: [{name: t1}]
                """;
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "sites[0].id: missing",
                "sites[0].zones[1].id: duplicate zone id 'z1' (also sites[0].zones[0])",
                "sites[1].id: 'S2' is not a valid id: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit",
                "controllers[0].type: missing",
                "doors[0].site: missing",
                "doors[0].controller: missing",
                "doors[1].id: missing",
                "doors[1].site: no site 's9'",
                "cameras[0].site: no site 's9'",
                "cameras[0].type: missing",
                "tokens[0].role: missing",
                "tokens[0].sha256: missing");
    }

    @Test
    void emptyFileNeedsSitesAndTokens() {
        assertThat(problems("")).containsExactlyInAnyOrder(
                "sites: at least one site is needed",
                "tokens: at least one token is needed (every API call needs one)");
    }

    @Test
    void wrongShapes() {
        String yaml = """
                http: 8080
                dataDir: [a, b]
                sites: {id: s1}
                controllers: [{id: c1, type: osdp, options: [1, 2]}]
                doors: [{id: d1, site: s1, zone: z1, controller: c1, exterior: "yes"}, "front", ~]
                tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37, extra: {a: 1}}]
                """;
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "http: must be a mapping",
                "dataDir: must be text",
                "sites: must be a list",
                "sites: at least one site is needed",
                "controllers[0].options: must be a mapping",
                "doors[0].exterior: must be true or false",
                "doors[1]: must be a mapping",
                "doors[2]: empty entry",
                "tokens[0].extra: unknown key");
    }

    @Test
    void plainHttpBeyondLoopbackNeedsToBeAskedFor() {
        for (String host : List.of("0.0.0.0", "192.168.1.5", "gateway.example", "::")) {
            assertThat(problems(minimal("http: {host: '" + host + "'}\n"))).singleElement().asString()
                    .startsWith("http.host: " + host + " is not a loopback address and http.tls is not set")
                    .contains("http.allowPlaintext: true");
        }
        for (String host : List.of("127.0.0.1", "127.0.0.2", "localhost", "::1")) {
            HttpConfig h = ConfigLoader.parse(minimal("http: {host: '" + host + "'}\n"), "ok.yaml", OSDP, Map.of(), dir).http();
            assertThat(h.exposedPlaintext()).as(host).isFalse();
        }
        HttpConfig asked = ConfigLoader.parse(minimal("http: {host: 0.0.0.0, allowPlaintext: true}\n"), "ok.yaml", OSDP, Map.of(), dir).http();
        assertThat(asked.allowPlaintext()).isTrue();
        assertThat(asked.exposedPlaintext()).as("still warned about at start").isTrue();
    }

    @Test
    void nestedUnknownKeysAndTls() {
        String yaml = minimal("""
                http: {tls: {cert: missing.crt, keyFile: x}}
                """).replace("zones: [{id: z1}]", "zones: [{id: z1, nmae: Gym, doors: [a, b]}]")
                .replace("controller: c1}", "controller: c1, pulseSeconds: 99999999999, wiring: {x: 1}}");
        assertThat(problems(yaml)).containsExactlyInAnyOrder(
                "http.tls.keyFile: unknown key",
                "sites[0].zones[0].nmae: unknown key",
                "sites[0].zones[0].doors: unknown key",
                "doors[0].wiring: unknown key",
                "doors[0].pulseSeconds: number out of range",
                "http.tls.cert: cannot read " + dir.resolve("missing.crt") + " (no such file)",
                "http.tls.key: missing");
    }

    @Test
    void syntaxErrorNamesLine() {
        List<String> p = problems("sites:\n  - id: s1\n    zones: [\n tokens: x: y\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).matches("bad\\.yaml:4:\\d+: expected ',' or ']', but got .+ \\(while parsing a flow sequence\\)");
    }

    @Test
    void duplicateKeysAreRefused() {
        List<String> p = problems(minimal("dataDir: a\ndataDir: b\n"));
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).startsWith("bad.yaml:").contains("dataDir");
    }

    @Test
    void maxUnlockOutOfRangeNamesItsPath() {
        assertThat(problems(minimal("doorPolicy: {maxUnlockMinutes: 0}\n")))
                .containsExactly("doorPolicy.maxUnlockMinutes: must be between 1 and 10080 minutes (a week), not 0");
        assertThat(problems(minimal("doorPolicy: {maxUnlockMinutes: 12.5}\n"))).containsExactly("doorPolicy.maxUnlockMinutes: must be a whole number");
        assertThat(problems(minimal("doorPolicy: {maxUnlock: 60}\n"))).containsExactly("doorPolicy.maxUnlock: unknown key");
    }

    @Test
    void httpInstancesOutOfRangeNamesItsPath() {
        assertThat(problems(minimal("http: {instances: 0}\n"))).containsExactly("http.instances: must be between 1 and 256, not 0");
        assertThat(ConfigLoader.parse(minimal("http: {instances: 3}\n"), "t", OSDP, Map.of(), dir).http().instances()).isEqualTo(3);
    }

    @Test
    void badSecretsFileIsAConfigProblem() {
        List<String> p = problems(minimal("secretsFile: nope.yaml\n"));
        assertThat(p).containsExactly("secretsFile: " + dir.resolve("nope.yaml") + ": no such file");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("none.yaml"), OSDP, Map.of(), dir))
                .isInstanceOf(WardenException.class)
                .hasMessage("config file " + dir.resolve("none.yaml") + ": no such file");
    }
}
