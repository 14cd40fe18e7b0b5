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

/** {@code cluster:} and the controllers' {@code node:}/{@code nodes:}: defaults, and every refusal naming its path. */
class ClusterValidatorTest {
    private static final String REST = """
            sites: [{id: s1, zones: [{id: z1}]}]
            doors: [{id: d1, site: s1, zone: z1, controller: c1}]
            tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
            """;
    private static final String TCP_LINE = "{id: c1, type: osdp, options: {transport: tcp, host: h, port: 4001, devices: [{address: 1}]}}";
    private static final String CLUSTER = "cluster: {node: n1, members: ['127.0.0.1:5702'], database: {host: 127.0.0.1, name: warden, user: warden}}\n";

    @TempDir
    Path dir;

    private GatewayConfig load(String yaml, Map<String, String> env, String node) {
        return ConfigLoader.parse(yaml, "c.yaml", OSDP, env, dir, node);
    }

    private static String config(String cluster, String controllers) {
        return cluster + "controllers: " + controllers + "\n" + REST;
    }

    private List<String> problems(String yaml) {
        return problems(yaml, Map.of(), null);
    }

    private List<String> problems(String yaml, Map<String, String> env, String node) {
        try {
            load(yaml, env, node);
        } catch (WardenException e) {
            List<String> lines = e.getMessage().lines().toList();
            return lines.subList(1, lines.size());
        }
        throw new AssertionError("config was accepted");
    }

    @Test
    void defaultsAndNoClusterOnASingleNode() {
        GatewayConfig single = load(config("", "[" + TCP_LINE + "]"), Map.of(), null);
        assertThat(single.cluster()).isNull();

        ClusterConfig c = load(config(CLUSTER, "[" + TCP_LINE + "]"), Map.of(), null).cluster();
        assertThat(c.node()).isEqualTo("n1");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(5701);
        assertThat(c.busPort()).isZero();
        assertThat(c.leaseSeconds()).isEqualTo(10);
        assertThat(c.allowPlaintext()).isFalse();
        assertThat(c.members()).containsExactly("127.0.0.1:5702");
        assertThat(c.database().port()).isEqualTo(5432);
        assertThat(c.database().ssl()).isFalse();
        assertThat(c.database().passwordSecret()).isNull();
    }

    @Test
    void theSectionsProblemsAreReportedTogetherEachWithItsPath() {
        String bad = "cluster: {node: N_1, host: 10.0.0.1, port: 0, busPort: 70000, leaseSeconds: 2, members: ['10.0.0.2:5701', 'nohost', "
                + "'h:99999', '127.0.0.1:5702', '127.0.0.1:5702'], database: {port: 0, passwordSecret: 'hunter2 !'}}\n";
        List<String> p = problems(config(bad, "[" + TCP_LINE + "]"));
        assertThat(p).contains(
                "cluster.node: 'N_1' is not a valid node id: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit, at most 63 characters",
                "cluster.port: must be between 1 and 65535, not 0",
                "cluster.busPort: must be between 0 and 65535, not 70000",
                "cluster.leaseSeconds: must be between 3 and 60, not 2",
                "cluster.members[1]: 'nohost' is not host:port (e.g. 10.20.0.11:5701)",
                "cluster.members[2]: 'h:99999' is not host:port (e.g. 10.20.0.11:5701)",
                "cluster.members[4]: '127.0.0.1:5702' is listed twice",
                "cluster.database.host: missing",
                "cluster.database.port: must be between 1 and 65535, not 0",
                "cluster.database.name: missing (the database's name, e.g. warden)",
                "cluster.database.user: missing");
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("cluster.host: 10.0.0.1 is not a loopback address and cluster.tls is not set")
                .contains("anyone who can reach this node's event bus port could send them").contains("configure cluster.tls")
                .contains("cluster.allowPlaintext: true"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("cluster.members[0]: 10.0.0.2:5701 is not a loopback address and cluster.tls is"
                + " not set").contains("configure cluster.tls"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("cluster.database.passwordSecret: must be the name of a secret"));
        assertThat(String.join("\n", p)).as("a password typed in place of its name is never echoed").doesNotContain("hunter2");
    }

    @Test
    void aMissingNodeOrDatabaseIsNamed() {
        List<String> p = problems(config("cluster: {members: []}\n", "[" + TCP_LINE + "]"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("cluster.node: missing"));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("cluster.database: missing"));
    }

    @Test
    void plaintextOnANetworkIsAllowedOnPurpose() {
        String yaml = config(CLUSTER.replace("node: n1,", "node: n1, host: 10.0.0.1, allowPlaintext: true,").replace("127.0.0.1:5702", "10.0.0.2:5701"),
                "[" + TCP_LINE + "]");
        assertThat(load(yaml, Map.of(), null).cluster().host()).isEqualTo("10.0.0.1");
    }

    private static final String ON_A_NETWORK = CLUSTER.replace("node: n1,", "node: n1, host: 10.0.0.1,").replace("127.0.0.1:5702", "10.0.0.2:5701");

    @Test
    void tlsOnANetworkNeedsNoPlaintextAndItsPathsResolveLikeHttpTls() throws Exception {
        for (String f : List.of("n1.pem", "n1.key", "ca.pem", "db-ca.pem")) Files.writeString(dir.resolve(f), "-");
        String yaml = config(ON_A_NETWORK.replace("node: n1,", "node: n1, tls: {cert: n1.pem, key: n1.key, ca: ca.pem},")
                .replace("user: warden}", "user: warden, ssl: true, caFile: db-ca.pem}"), "[" + TCP_LINE + "]");
        ClusterConfig c = load(yaml, Map.of(), null).cluster();
        assertThat(c.allowPlaintext()).isFalse();
        assertThat(c.exposedPlaintext()).isFalse();
        assertThat(c.tls()).isEqualTo(new ClusterConfig.Tls(dir.resolve("n1.pem").toString(), dir.resolve("n1.key").toString(),
                dir.resolve("ca.pem").toString()));
        assertThat(c.database().caFile()).isEqualTo(dir.resolve("db-ca.pem").toString());
    }

    @Test
    void tlsFilesMustBeReadableAndAllThree() {
        String yaml = config(ON_A_NETWORK.replace("node: n1,", "node: n1, tls: {cert: n1.pem, key: n1.key},"), "[" + TCP_LINE + "]");
        assertThat(problems(yaml)).containsExactly(
                "cluster.tls.cert: cannot read " + dir.resolve("n1.pem") + " (no such file)",
                "cluster.tls.key: cannot read " + dir.resolve("n1.key") + " (no such file)",
                "cluster.tls.ca: missing");
    }

    @Test
    void theDatabaseCaFileOnlyWithSslAndReadable() {
        String noSsl = config(CLUSTER.replace("user: warden}", "user: warden, caFile: db-ca.pem}"), "[" + TCP_LINE + "]");
        assertThat(problems(noSsl)).containsExactly("cluster.database.caFile: only with ssl: true (it names the CA the server's certificate"
                + " is verified against)");
        String missing = config(CLUSTER.replace("user: warden}", "user: warden, ssl: true, caFile: db-ca.pem}"), "[" + TCP_LINE + "]");
        assertThat(problems(missing)).containsExactly("cluster.database.caFile: cannot read " + dir.resolve("db-ca.pem") + " (no such file)");
    }

    @Test
    void plaintextIsExposedOffLoopbackOnly() {
        assertThat(load(config(CLUSTER, "[" + TCP_LINE + "]"), Map.of(), null).cluster().exposedPlaintext()).isFalse();
        String member = config(CLUSTER.replace("node: n1,", "node: n1, allowPlaintext: true,").replace("127.0.0.1:5702", "10.0.0.2:5701"),
                "[" + TCP_LINE + "]");
        assertThat(load(member, Map.of(), null).cluster().exposedPlaintext()).isTrue();
        String v6 = config(CLUSTER.replace("127.0.0.1:5702", "[::1]:5702"), "[" + TCP_LINE + "]");
        assertThat(load(v6, Map.of(), null).cluster().exposedPlaintext()).isFalse();
    }

    @Test
    void thePasswordReferenceMustResolveAndIsNeverShown() {
        String yaml = config(CLUSTER.replace("user: warden}", "user: warden, passwordSecret: WARDEN_DB_PASSWORD}"), "[" + TCP_LINE + "]");
        assertThat(problems(yaml)).containsExactly("cluster.database.passwordSecret: no secret 'WARDEN_DB_PASSWORD' (set the environment"
                + " variable of that name or add it to the secrets file)");
        GatewayConfig ok = load(yaml, Map.of("WARDEN_DB_PASSWORD", "s3cret"), null);
        assertThat(ok.secrets().secret(ok.cluster().database().passwordSecret())).contains("s3cret");
        assertThat(ok.cluster().toString()).doesNotContain("s3cret");
    }

    @Test
    void nodeAndNodesOnlyInClusterMode() {
        String controllers = "[{id: c1, type: osdp, node: n1, options: {device: /dev/ttyUSB0, devices: [{address: 1}]}},"
                + " {id: c2, type: osdp, nodes: [n1, n2], options: {transport: tcp, host: h, port: 1, devices: [{address: 1}]}}]";
        assertThat(problems(config("", controllers))).containsExactly(
                "controllers[0].node: only in cluster mode (there is no cluster: section)",
                "controllers[1].nodes: only in cluster mode (there is no cluster: section)");
        assertThat(load(config(CLUSTER, controllers), Map.of(), null).controllers().get(1).nodes()).containsExactly("n1", "n2");
    }

    @Test
    void nodeAndNodesTogetherAndBadNodeIdsAreRefused() {
        String controllers = "[{id: c1, type: osdp, node: n1, nodes: [n2, 'Bad Id'], options: {transport: tcp, host: h, port: 1, devices: [{address: 1}]}}]";
        List<String> p = problems(config(CLUSTER, controllers));
        assertThat(p).anySatisfy(l -> assertThat(l).startsWith("controllers[0].nodes: not together with node:"));
        assertThat(p).contains("controllers[0].nodes[1]: 'Bad Id' is not a valid node id");
    }

    @Test
    void aSerialLineInClusterModeMustNameItsNode() {
        String serial = "[{id: c1, type: osdp, options: {device: /dev/ttyUSB0, devices: [{address: 1}]}}]";
        assertThat(problems(config(CLUSTER, serial))).singleElement().asString()
                .startsWith("controllers[0].node: missing: a serial line can only be driven from the node it is wired to");
        String explicitSerial = "[{id: c1, type: osdp, nodes: [n1], options: {transport: serial, device: /dev/ttyUSB0, devices: [{address: 1}]}}]";
        assertThat(problems(config(CLUSTER, explicitSerial))).singleElement().asString().startsWith("controllers[0].node: missing: a serial line");
        assertThat(load(config(CLUSTER, serial.replace("type: osdp,", "type: osdp, node: n1,")), Map.of(), null).controllers().get(0).node())
                .isEqualTo("n1");
        assertThat(load(config("", serial), Map.of(), null).cluster()).as("a single node drives its serial lines as before").isNull();
    }

    @Test
    void theNodeOptionOverridesTheFileAndIsCheckedLikeIt() {
        String shared = config(CLUSTER.replace("node: n1, ", ""), "[" + TCP_LINE + "]");
        assertThat(load(shared, Map.of(), "hs-south").cluster().node()).isEqualTo("hs-south");
        assertThat(load(config(CLUSTER, "[" + TCP_LINE + "]"), Map.of(), "n2").cluster().node()).isEqualTo("n2");
        assertThat(problems(shared, Map.of(), "HS South")).singleElement().asString().startsWith("--node: 'HS South' is not a valid node id");
        assertThat(problems(config("", "[" + TCP_LINE + "]"), Map.of(), "n1"))
                .containsExactly("--node: only in cluster mode (the config has no cluster: section)");
    }

    @Test
    void unknownKeysInTheSectionAreNamed() {
        assertThat(problems(config(CLUSTER.replace("node: n1,", "node: n1, multicast: true,").replace("user: warden}", "user: warden, pasword: x}"),
                "[" + TCP_LINE + "]"))).containsExactlyInAnyOrder("cluster.multicast: unknown key", "cluster.database.pasword: unknown key");
    }
}
