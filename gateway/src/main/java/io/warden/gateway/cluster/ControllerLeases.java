package io.warden.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.warden.adapter.api.LinePermit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * STUB (issue 12, helper "leases" implements it): controller ownership as leases in PostgreSQL with
 * fencing tokens. See /work/wt/ISSUE12.md for the contract.
 */
public final class ControllerLeases {
    /** The leases table, created by {@link PgSchema}'s migration 2. */
    public static final List<String> DDL = List.of();

    /** One controller's lease as the database holds it. {@code node} null: nobody holds it. */
    public record Lease(String controllerId, String node, long token, Instant expiresAt) {}

    /**
     * @param ttl        how long a lease lasts unrenewed (database time); another node takes it after that
     * @param renewEvery how often the holder renews (and a non-holder tries to acquire)
     * @param margin     the holder stops driving the line this long before ttl runs out on its own clock
     */
    public record Settings(Duration ttl, Duration renewEvery, Duration margin) {
        public static Settings of(Duration ttl) {
            throw new UnsupportedOperationException("stub");
        }
    }

    /** Told on the keeper's context; never blocks. */
    public interface Listener {
        /** This node now holds {@code controllerId} with a new fencing {@code token}: start driving the line. */
        void acquired(String controllerId, long token);

        /** This node no longer holds it (lapsed, taken, released at stop): its permit already refuses. */
        void lost(String controllerId, String reason);
    }

    /**
     * Start keeping the leases of the controllers this node may own.
     *
     * @param claims controller id → the nodes allowed to own it (this node among them)
     */
    public static Future<ControllerLeases> start(Vertx vertx, Pool pool, String node, Map<String, List<String>> claims, Settings settings,
                                                 Listener listener) {
        throw new UnsupportedOperationException("stub");
    }

    /** The permit adapters ask before every write to {@code controllerId}'s line. */
    public LinePermit permit(String controllerId) {
        throw new UnsupportedOperationException("stub");
    }

    /** Every controller's lease in the database (for {@code /api/v1/nodes}). */
    public Future<List<Lease>> all() {
        throw new UnsupportedOperationException("stub");
    }

    /** Stop renewing and release the leases held, so that another node takes the lines over at once. */
    public Future<Void> stop() {
        throw new UnsupportedOperationException("stub");
    }
}
