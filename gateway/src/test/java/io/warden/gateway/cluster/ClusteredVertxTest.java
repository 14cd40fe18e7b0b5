package io.warden.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.warden.gateway.config.ClusterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two clustered Vert.x instances on loopback join over TCP, know each other's Warden node id, and carry a bus request. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusteredVertxTest {
    private Vertx a;
    private Vertx b;

    @AfterEach
    void close() throws Exception {
        for (Vertx v : new Vertx[] {a, b}) if (v != null) v.close().await(20, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ClusterConfig node(String id, int port, int otherPort) {
        return new ClusterConfig(id, "127.0.0.1", port, 0, List.of("127.0.0.1:" + otherPort), false, null, null);
    }

    @Test
    void twoNodesJoinSeeEachOthersNodeIdsAndABusRequestCrosses() throws Exception {
        int pa = freePort();
        int pb = freePort();
        Future<Vertx> startA = ClusteredVertx.start(node("north", pa, pb));
        Future<Vertx> startB = ClusteredVertx.start(node("south", pb, pa));
        a = startA.await(30, TimeUnit.SECONDS);
        b = startB.await(30, TimeUnit.SECONDS);
        assertThat(a.isClustered()).isTrue();

        ClusterMembers seenByA = ClusterMembers.of(a);
        ClusterMembers seenByB = ClusterMembers.of(b);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seenByA.members().size() < 2 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(seenByA.members()).extracting(ClusterMembers.Member::node).containsExactlyInAnyOrder("north", "south");
        assertThat(seenByA.members()).filteredOn(ClusterMembers.Member::self).singleElement()
                .satisfies(m -> assertThat(m.node()).isEqualTo("north"))
                .satisfies(m -> assertThat(m.address()).isEqualTo("127.0.0.1:" + pa));
        assertThat(seenByB.members()).filteredOn(m -> !m.self()).singleElement()
                .satisfies(m -> assertThat(m.node()).isEqualTo("north"));

        MessageConsumer<String> echo = b.eventBus().<String>consumer("test.echo", m -> m.reply("south got " + m.body()));
        echo.completion().await(10, TimeUnit.SECONDS);
        String reply = null;
        while (reply == null && System.nanoTime() < deadline) {
            // the registration reaches north through the cluster's subscription map, soon after it completes on south
            try {
                reply = a.eventBus().<String>request("test.echo", "ping").await(5, TimeUnit.SECONDS).body();
            } catch (Exception noHandlerYet) {
                Thread.sleep(50);
            }
        }
        assertThat(reply).isEqualTo("south got ping");

        b.close().await(20, TimeUnit.SECONDS);
        b = null;
        long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seenByA.members().size() > 1 && System.nanoTime() < gone) Thread.sleep(20);
        assertThat(seenByA.members()).extracting(ClusterMembers.Member::node).containsExactly("north");
    }

    @Test
    void theHazelcastConfigJoinsOnlyTheNamedMembersOverTcp() {
        var config = ClusteredVertx.hazelcast(new ClusterConfig("north", "127.0.0.1", 5801, 0, List.of("127.0.0.1:5802"), false, null, null));

        assertThat(config.getClusterName()).isEqualTo("warden");
        var join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5802", "127.0.0.1:5801");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("127.0.0.1:5801");
        assertThat(config.getMemberAttributeConfig().getAttribute("warden.node")).isEqualTo("north");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
        assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).as("a silent member is dropped soon after its leases lapse")
                .isEqualTo("15");
        assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("2");
    }
}
