package io.warden.gateway.access;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.audit.AuditBacklog;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.people.DirectoryService;
import io.warden.gateway.people.GatewayDirectoryService;
import io.warden.gateway.people.SqliteDirectoryStore;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.LoggerFactory;
import java.util.Map;

/**
 * Everything access control is on one node: the cardholder directory (opened before the lines start,
 * so the first card read finds it), then, once the door service runs, the decisions at the readers,
 * the questions people ask and the free-access door schedules.
 */
public final class AccessNode {
    private final Vertx vertx;
    private final GatewayConfig config;
    private final SqliteDirectoryStore store;
    private final GatewayDirectoryService directory;
    private final Clock clock;
    private final Map<String, Schedule> schedules;
    private AccessRules questions;
    private AuditBacklog backlog;
    private DoorSchedules doorSchedules;
    private DeviceEventRecorder recorder;

    private AccessNode(Vertx vertx, GatewayConfig config, SqliteDirectoryStore store, GatewayDirectoryService directory, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.schedules = Schedules.compile(config.access().schedules());
    }

    /** Opens {@code directory.db} in the data directory and loads it; fails naming the file when it cannot. */
    public static Future<AccessNode> open(Vertx vertx, GatewayConfig config, AuditStore audit, Clock clock) {
        return SqliteDirectoryStore.open(vertx, config.dataDir().resolve(SqliteDirectoryStore.FILE_NAME))
                .compose(store -> GatewayDirectoryService.start(vertx, store, audit, clock, districtZone(config))
                        .map(service -> new AccessNode(vertx, config, store, service, clock))
                        .recover(e -> store.close().transform(x -> Future.failedFuture(e))));
    }

    /**
     * The zone an import's plain dates are days in: the sites' zone when they share one (a district
     * nearly always does), else UTC, said in the log.
     */
    static ZoneId districtZone(GatewayConfig config) {
        Set<ZoneId> zones = new HashSet<>(config.siteZones().values());
        if (zones.size() == 1) return zones.iterator().next();
        if (zones.size() > 1) {
            LoggerFactory.getLogger(AccessNode.class).warn("event=import_dates_utc zones={} detail=\"the sites are in several time zones: "
                    + "plain dates in people imports are read in UTC; write valid_from/valid_until as RFC 3339 times\"", zones);
        }
        return ZoneOffset.UTC;
    }

    /** Decide the reads at the doors the policy governs, answer questions, run the door schedules. */
    public void serve(GatewayDoorService doors, DeviceEventRecorder recorder, AuditStore audit) {
        AccessPolicy policy = AccessPolicy.compile(config.access(), config.doors(), config.sites(), schedules);
        this.backlog = new AuditBacklog(vertx, audit);
        this.questions = new AccessRules(policy, directory::current, doors::lockdownCovering, clock);
        this.recorder = recorder;
        recorder.decideReadsWith(new AccessControl(vertx, clock, policy, directory::current, doors, backlog));
        this.doorSchedules = new DoorSchedules(vertx, doors, config.access().doorSchedules(), schedules, config.siteZones(),
                directory::current, clock, DoorSchedules.DEFAULT_TICK, config.doorPolicy().maxUnlock());
        doorSchedules.start();
    }

    public DirectoryService directory() {
        return directory;
    }

    /** Who can open what; null before {@link #serve}. */
    public AccessQuestions questions() {
        return questions;
    }

    /** Decision records not yet accepted by the audit store. */
    public int pendingAuditRecords() {
        return backlog == null ? 0 : backlog.pending();
    }

    /** Stop deciding and scheduling (reads are recorded plainly again); records still refused by the store are logged in full. */
    public void stopServing() {
        if (recorder != null) recorder.decideReadsWith(null);
        if (doorSchedules != null) doorSchedules.stop();
        if (backlog != null) backlog.stop();
    }

    /** Release the directory file. */
    public Future<Void> close() {
        return store.close();
    }
}
