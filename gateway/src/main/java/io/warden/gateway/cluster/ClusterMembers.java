package io.warden.gateway.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;

/** The current members of the cluster, by Warden node id. Thread-safe; {@link #members()} does not block (a local read). */
public interface ClusterMembers {

    /**
     * @param node    the member's Warden node id ({@link ClusteredVertx#NODE_ATTRIBUTE}); null for a member without one
     * @param address its membership address, {@code host:port}
     * @param self    whether it is this node
     */
    record Member(String node, String address, boolean self) {}

    /** The members as this node sees them now, oldest first (Hazelcast's order); empty when it has left the cluster. */
    List<Member> members();

    /** The members of {@code vertx}'s cluster; {@code vertx} must be a clustered one from {@link ClusteredVertx#start}. */
    static ClusterMembers of(Vertx vertx) {
        ClusterManager manager = ((VertxInternal) vertx).clusterManager();
        if (!(manager instanceof HazelcastClusterManager hz)) throw new IllegalArgumentException("not a Hazelcast-clustered Vert.x");
        return () -> read(hz.getHazelcastInstance());
    }

    private static List<Member> read(HazelcastInstance hz) {
        List<Member> out = new ArrayList<>();
        if (hz == null || !hz.getLifecycleService().isRunning()) return out;
        try {
            for (com.hazelcast.cluster.Member m : hz.getCluster().getMembers()) {
                out.add(new Member(m.getAttribute(ClusteredVertx.NODE_ATTRIBUTE), m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                        m.localMember()));
            }
        } catch (HazelcastInstanceNotActiveException stopping) {
            return List.of(); // left the cluster between the check and the read
        }
        return out;
    }
}
