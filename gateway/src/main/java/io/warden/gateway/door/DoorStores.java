package io.warden.gateway.door;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;

/**
 * Where the door service keeps lockdowns and timed relocks: files under the data directory on a single
 * node, the shared PostgreSQL in a cluster.
 */
public record DoorStores(LockdownStore lockdowns, RelockStore relocks) {

    /** {@value GatewayDoorService#LOCKDOWNS_FILE} and {@value GatewayDoorService#RELOCKS_FILE} under {@code dataDir}. */
    public static DoorStores files(Vertx vertx, Path dataDir) {
        return new DoorStores(new FileLockdownStore(vertx, dataDir.resolve(GatewayDoorService.LOCKDOWNS_FILE)),
                new FileRelockStore(vertx, dataDir.resolve(GatewayDoorService.RELOCKS_FILE)));
    }

    /** The cluster's tables ({@link PgLockdownStore#DDL}, created by the schema migration). */
    public static DoorStores postgres(Vertx vertx, Pool pool) {
        return new DoorStores(new PgLockdownStore(vertx, pool), new PgRelockStore(pool));
    }
}
