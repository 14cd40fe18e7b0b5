package io.warden.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.warden.gateway.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clustered {@link Vertx} for a node of a district: the Hazelcast cluster manager with a programmatic config
 * (no XML on the classpath, no multicast), so that what joins is exactly what {@code cluster:} says.
 *
 * <p>Membership: cluster name {@value #CLUSTER_NAME}, TCP-IP join with {@code cluster.members} (and this node's own
 * address), bound to {@code host:port} without port auto-increment (a node that cannot bind its port fails to
 * start rather than appear elsewhere). Each member carries its Warden node id as the attribute {@value #NODE_ATTRIBUTE}
 * ({@link ClusterMembers} reads it). Hazelcast's own shutdown hook is off: Warden stops adapters, then the API, then
 * leaves the cluster, in that order. The event bus binds {@code host:busPort}.
 *
 * <p>Security. Door commands, lockdown fan-out and door states travel on the event bus. With {@code cluster.tls} the bus is
 * mutual TLS: every node presents its certificate and accepts a connection, in either direction, only from a peer whose
 * certificate chains to the district's CA ({@code tls.ca}, the only trust anchor: not the JVM's store). Host names are not
 * verified (Vert.x's clustered bus does not, and members are addressed by IP): holding a certificate of the district's CA is
 * what makes a node a node, so issue them only to the nodes. Hazelcast's own traffic on {@code port} (open-source Hazelcast
 * has no TLS) stays plaintext; it carries membership and the subscription map (which node consumes which address), never a
 * door command. A foreign process that joins Hazelcast without a bus certificate can disturb membership and routing (a
 * denial of service: firewall the ports to the nodes), but cannot get a door command executed: it cannot open a bus
 * connection to any node, and no node completes one to it. Without {@code tls} the bus is plaintext: anyone who reaches a
 * node's {@code busPort} can send {@code unlock} to a door, bypassing authentication, lockdowns and the audit trail; the
 * config allows that off loopback only with {@code allowPlaintext}, and {@link #start} warns.
 *
 * <p>Hazelcast 5.3 on Java 17 wants {@code --add-opens} for some of its internals (see the jar's manifest and the
 * tests' argLine); without them it runs, with warnings and fewer OS metrics.
 */
public final class ClusteredVertx {
    public static final String CLUSTER_NAME = "warden";
    public static final String NODE_ATTRIBUTE = "warden.node";
    private static final Logger log = LoggerFactory.getLogger(ClusteredVertx.class);
    /** How often members tell each other they are alive (Hazelcast's default is 5 s). */
    static final int HEARTBEAT_SECONDS = 2;
    /** How long a member may be silent before the others drop it (Hazelcast's default is 60 s). */
    static final int MAX_SILENCE_SECONDS = 15;

    private ClusteredVertx() {}

    /** Joins (or forms) the cluster; fails when the ports cannot be bound. Blocks no event loop (Vert.x joins on a worker). */
    public static Future<Vertx> start(ClusterConfig c) {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(c));
        if (c.exposedPlaintext()) {
            log.warn("event=cluster_plaintext address={} detail=\"cluster.tls is not set (cluster.allowPlaintext): door commands cross the"
                    + " network in plaintext and anyone who can reach port {} of this node can command doors\"", c.address(), c.busPort());
        }
        VertxOptions options = new VertxOptions().setEventBusOptions(eventBus(c));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
    }

    /** The event bus options {@link #start} uses: {@code host:busPort}, mutual TLS with {@code cluster.tls}. */
    static EventBusOptions eventBus(ClusterConfig c) {
        EventBusOptions bus = new EventBusOptions().setHost(c.host()).setPort(c.busPort());
        ClusterConfig.Tls tls = c.tls();
        if (tls == null) return bus;
        return bus.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key()))
                .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca()))
                .setTrustAll(false)
                .setClientAuth(ClientAuth.REQUIRED)
                .setSslHandshakeTimeout(10).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    }

    /** The Hazelcast config {@link #start} uses. */
    static Config hazelcast(ClusterConfig c) {
        Config config = new Config();
        config.setClusterName(CLUSTER_NAME);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // bind host:port only (not every interface), and announce that address
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", c.host());
        // a cluster of a few known members: no need to wait the default 5 s for others before forming it
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        // A member silent for 15 s (dead, paused, cut off) is dropped, and with it its event-bus consumers, so that
        // requests stop going to a dead node's stale consumers soon after its leases (10 s) have lapsed, and
        // in line with the 15 s after which a silent owner's doors show offline. The default is 60 s.
        config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_SILENCE_SECONDS));
        config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, c.node());

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(c.port()).setPortAutoIncrement(false).setPublicAddress(c.address());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(c.members());
        if (!members.contains(c.address())) members.add(c.address());
        join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);

        // what vertx-hazelcast's default-cluster.xml sets for its own structures
        config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1).setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
        config.getMapConfig("__vertx.haInfo").setBackupCount(1);
        config.getMapConfig("__vertx.nodeInfo").setBackupCount(1);
        return config;
    }
}
