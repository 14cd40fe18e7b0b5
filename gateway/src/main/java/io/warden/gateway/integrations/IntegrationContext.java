package io.warden.gateway.integrations;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.GatewayDoorService;
import java.time.Clock;

/**
 * What the integrations need of the gateway.
 *
 * @param node     this node's id in a cluster, or null on a single node
 * @param registry where the sinks' meters go (the API's {@code /metrics})
 */
public record IntegrationContext(Vertx vertx, IntegrationsConfig config, GatewayDoorService doors, DeviceDirectory devices,
                                 AuditStore audit, MeterRegistry registry, Secrets secrets, Clock clock, String node) {}
