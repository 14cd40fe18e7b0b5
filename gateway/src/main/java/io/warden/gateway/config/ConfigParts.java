package io.warden.gateway.config;

import java.util.List;
import java.util.Set;

/**
 * The file as bound, before validation. List elements that did not bind are null (their problems are
 * already recorded); {@code broken*} hold their ids, so references to them do not count as dangling.
 */
record ConfigParts(HttpConfig http, String dataDir, String secretsFile, AuditConfig audit, DoorPolicyConfig doorPolicy,
                   List<SiteConfig> sites, List<ControllerConfig> controllers, List<DoorConfig> doors,
                   List<CameraConfig> cameras, List<TokenConfig> tokens, FootageConfig footage, AccessConfig access,
                   ConsoleConfig console, ClusterConfig cluster, boolean clusterPresent, IntegrationsConfig integrations,
                   Set<String> brokenSites, Set<String> brokenControllers, Set<String> brokenCameras) {}
