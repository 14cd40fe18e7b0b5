package io.warden.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.warden.gateway.config.ClusterConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered Vert.x instances on loopback join over TCP, know each other's Warden node id, and carry a bus request;
 * with {@code cluster.tls}, only nodes holding a certificate of the district's CA can get a request to a consumer.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusteredVertxTest {
    private Vertx a;
    private Vertx b;
    /** A node's request: generous, the first TLS handshakes of a cold JVM on a busy machine take their time. */
    private static final long NODE_TIMEOUT_MS = 15_000;
    private final List<Vertx> others = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        for (Vertx v : others) v.close().await(20, TimeUnit.SECONDS);
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

    private static ClusterConfig node(String id, int port, int otherPort, ClusterConfig.Tls tls) {
        return new ClusterConfig(id, "127.0.0.1", port, 0, List.of("127.0.0.1:" + otherPort), false, null, null, tls);
    }

    private static ClusterConfig.Tls tls(Path[] certKey, Path ca) {
        return new ClusterConfig.Tls(certKey[0].toString(), certKey[1].toString(), ca.toString());
    }

    @Test
    void withTlsOnlyNodesOfTheDistrictCaGetARequestToAConsumer() throws Exception {
        CompletableFuture<Path[]> foreignCert = CompletableFuture.supplyAsync(() -> {
            try {
                return TestPki.create(dir, "other").node("foreign");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestPki district = TestPki.create(dir, "district");
        Path[] nodeCert = district.node("node"); // one certificate for both nodes: keytool is slow to start
        int pa = freePort();
        int pb = freePort();
        Future<Vertx> startA = ClusteredVertx.start(node("north", pa, pb, tls(nodeCert, district.caPem())));
        Future<Vertx> startB = ClusteredVertx.start(node("south", pb, pa, tls(nodeCert, district.caPem())));
        a = startA.await(30, TimeUnit.SECONDS);
        b = startB.await(30, TimeUnit.SECONDS);
        // Hazelcast membership is not the bus: both intruders join it (once the district's cluster is formed, so that they
        // join it rather than form their own), neither holds a certificate of the district's CA. The first trusts the
        // district's CA (so only the client certificate it presents can be refused), the second has no TLS.
        Future<Vertx> startForeign = ClusteredVertx.start(node("foreign", freePort(), pa, tls(foreignCert.get(30, TimeUnit.SECONDS),
                district.caPem())));
        Future<Vertx> startPlain = ClusteredVertx.start(node("plain", freePort(), pb, null));
        Vertx foreign = startForeign.await(30, TimeUnit.SECONDS);
        others.add(foreign);
        Vertx plain = startPlain.await(30, TimeUnit.SECONDS);
        others.add(plain);
        long joined = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Vertx v : List.of(a, b, foreign, plain)) {
            while (ClusterMembers.of(v).members().size() < 4 && System.nanoTime() < joined) Thread.sleep(20);
            assertThat(ClusterMembers.of(v).members()).hasSize(4);
        }

        List<String> received = new CopyOnWriteArrayList<>();
        MessageConsumer<String> door = a.eventBus().<String>consumer("test.door", m -> {
            received.add(m.body());
            m.reply("done");
        });
        door.completion().await(10, TimeUnit.SECONDS);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        assertThat(requestUntilRouted(b, "unlock from south", NODE_TIMEOUT_MS, deadline)).isEqualTo("done");
        for (Vertx intruder : List.of(foreign, plain)) {
            String body = "unlock from " + (intruder == foreign ? "a foreign CA" : "plaintext");
            // the request reaches the routing step (north's consumer is known through Hazelcast) and then gets nowhere
            assertThat(requestUntilRouted(intruder, body, 5_000, deadline)).startsWith("failed: TIMEOUT");
        }
        // south still gets through, after the intruders' attempts, and north saw south's requests only
        assertThat(requestUntilRouted(b, "lock from south", NODE_TIMEOUT_MS, deadline)).isEqualTo("done");
        assertThat(received).containsExactly("unlock from south", "lock from south");
    }

    /**
     * Sends {@code body} to {@code test.door} until the sender knows a consumer of it (the registration travels through
     * Hazelcast); the reply, or {@code failed: <ReplyFailure>} when the request found a consumer but got no reply.
     */
    private static String requestUntilRouted(Vertx from, String body, long timeoutMs, long deadline) throws InterruptedException {
        DeliveryOptions fast = new DeliveryOptions().setSendTimeout(timeoutMs);
        while (System.nanoTime() < deadline) {
            try {
                return from.eventBus().<String>request("test.door", body, fast).await(timeoutMs + 5_000, TimeUnit.MILLISECONDS).body();
            } catch (ReplyException e) {
                if (e.failureType() != ReplyFailure.NO_HANDLERS) return "failed: " + e.failureType() + " " + e.getMessage();
            } catch (Exception e) {
                return "failed: " + e;
            }
            Thread.sleep(50);
        }
        return "failed: no consumer known before the deadline";
    }

    @Test
    void theEventBusOptionsAreMutualTlsTrustingTheDistrictCaOnly() {
        var bus = ClusteredVertx.eventBus(node("north", 5801, 5802, new ClusterConfig.Tls("/etc/warden/north.pem", "/etc/warden/north.key",
                "/etc/warden/ca.pem")));
        assertThat(bus.isSsl()).isTrue();
        assertThat(bus.getClientAuth()).isEqualTo(ClientAuth.REQUIRED);
        assertThat(bus.isTrustAll()).isFalse();
        assertThat(((PemTrustOptions) bus.getTrustOptions()).getCertPaths()).containsExactly("/etc/warden/ca.pem");
        assertThat(((PemKeyCertOptions) bus.getKeyCertOptions()).getCertPaths()).containsExactly("/etc/warden/north.pem");
        assertThat(((PemKeyCertOptions) bus.getKeyCertOptions()).getKeyPaths()).containsExactly("/etc/warden/north.key");

        assertThat(ClusteredVertx.eventBus(node("north", 5801, 5802)).isSsl()).isFalse();
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
