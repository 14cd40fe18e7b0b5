package io.warden.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.cluster.District.LineSpec;
import io.warden.gateway.config.ClusterConfig;
import io.warden.gateway.config.ControllerConfig;
import io.warden.gateway.config.GatewayConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The YAML {@link District} writes for each node, loaded by {@code ConfigLoader} as {@code warden serve} loads it
 * (so {@code ClusterValidator}'s checks hold): each node's {@code cluster:} section, the serial lines naming the
 * node they are wired to, the TCP lines their owners; and the single node beside them without any of it.
 * Starts no node.
 */
class DistrictConfigTest {
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private static District district;

    @BeforeAll
    static void create() throws Exception {
        district = District.create(List.of(
                LineSpec.tcp("line-1", "z1", List.of("node1"), 1, 2),
                LineSpec.tcp("line-any", "z1", List.of(), 1, 1),
                LineSpec.serial("ser-2", "z2", "node2", 1, 2)), NODES, true, 4);
        district.addSingleNode("solo");
    }

    @AfterAll
    static void close() throws Exception {
        if (district != null) district.close();
    }

    @Test
    void eachNodesConfigLoadsWithItsOwnClusterSectionAndTheSameDistrict() {
        for (String n : NODES) {
            GatewayConfig cfg = district.loadConfig(n);
            ClusterConfig c = cfg.cluster();
            assertThat(c).as(n + "'s cluster section").isNotNull();
            assertThat(c.node()).isEqualTo(n);
            assertThat(c.leaseSeconds()).isEqualTo(4);
            assertThat(c.members()).hasSize(3).contains(c.address());
            assertThat(c.database().name()).isNotBlank();
            assertThat(c.database().passwordSecret()).isEqualTo(District.DB_PASSWORD_SECRET);

            Map<String, ControllerConfig> controllers = cfg.controllers().stream().collect(Collectors.toMap(ControllerConfig::id, Function.identity()));
            assertThat(controllers.get("ser-2").node()).as("a serial line names the node it is wired to").isEqualTo("node2");
            assertThat(controllers.get("ser-2").nodes()).isEmpty();
            assertThat(controllers.get("line-1").node()).isNull();
            assertThat(controllers.get("line-1").nodes()).containsExactly("node1");
            assertThat(controllers.get("line-any").nodes()).as("any node may own it").isEmpty();
            assertThat(cfg.doors()).hasSize(district.doors().size());
        }
        assertThat(NODES.stream().map(n -> district.loadConfig(n).cluster().port()).distinct()).as("membership ports").hasSize(3);
    }

    @Test
    void theSingleNodeBesideThemHasNoClusterAndNoNodeKeys() {
        GatewayConfig solo = district.loadConfig("solo");
        assertThat(solo.cluster()).isNull();
        assertThat(solo.controllers()).allSatisfy(k -> {
            assertThat(k.node()).isNull();
            assertThat(k.nodes()).isEmpty();
        });
        assertThat(district.configRefusal("solo")).isNull();
    }
}
