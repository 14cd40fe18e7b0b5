package io.warden.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.warden.gateway.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A clustered {@link Vertx} for a node of a district: the Hazelcast cluster manager with a programmatic config
 * (no XML on the classpath, no multicast), so that what joins is exactly what {@code cluster:} says.
 *
 * <p>Membership: cluster name {@value #CLUSTER_NAME}, TCP-IP join with {@code cluster.members} (and this node's own
 * address), bound to {@code host:port} without port auto-increment (a node that cannot bind its port fails to
 * start rather than appear elsewhere). Each member carries its Warden node id as the attribute {@value #NODE_ATTRIBUTE}
 * ({@link ClusterMembers} reads it). Hazelcast's own shutdown hook is off: Warden stops adapters, then the API, then
 * leaves the cluster, in that order. The event bus binds {@code host:busPort}. Cluster traffic is not encrypted.
 *
 * <p>Hazelcast 5.3 on Java 17 wants {@code --add-opens} for some of its internals (see the jar's manifest and the
 * tests' argLine); without them it runs, with warnings and fewer OS metrics.
 */
public final class ClusteredVertx {
    public static final String CLUSTER_NAME = "warden";
    public static final String NODE_ATTRIBUTE = "warden.node";
    /** How often members tell each other they are alive (Hazelcast's default is 5 s). */
    static final int HEARTBEAT_SECONDS = 2;
    /** How long a member may be silent before the others drop it (Hazelcast's default is 60 s). */
    static final int MAX_SILENCE_SECONDS = 15;

    private ClusteredVertx() {}

    /** Joins (or forms) the cluster; fails when the ports cannot be bound. Blocks no event loop (Vert.x joins on a worker). */
    public static Future<Vertx> start(ClusterConfig c) {
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(c));
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(c.host()).setPort(c.busPort()));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered();
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
