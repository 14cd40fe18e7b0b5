package io.warden.gateway.config;

import io.warden.gateway.auth.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The checks across the bound config; each problem is a {@code path: problem} line. */
final class ConfigValidator {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_SECONDS = 3600;

    private final List<String> problems;
    private final Path baseDir;

    ConfigValidator(List<String> problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    /** @param nodeLabel where the cluster's node id came from: {@code cluster.node}, or {@code --node} */
    void check(ConfigParts c, Set<String> knownTypes, String nodeLabel) {
        http(c.http());
        if (c.dataDir().isBlank()) problems.add("dataDir: must not be empty");
        if (c.secretsFile() != null && c.secretsFile().isBlank()) problems.add("secretsFile: must not be empty");
        audit(c.audit());
        int maxUnlock = c.doorPolicy().maxUnlockMinutes();
        if (maxUnlock < 1 || maxUnlock > DoorPolicyConfig.MAX_UNLOCK_MINUTES_LIMIT) {
            problems.add("doorPolicy.maxUnlockMinutes: must be between 1 and " + DoorPolicyConfig.MAX_UNLOCK_MINUTES_LIMIT
                    + " minutes (a week), not " + maxUnlock);
        }

        Map<String, String> siteIds = new LinkedHashMap<>();
        Map<String, String> zoneIds = new HashMap<>();
        Map<String, SiteConfig> sites = new HashMap<>();
        if (c.sites().isEmpty()) problems.add("sites: at least one site is needed");
        for (int i = 0; i < c.sites().size(); i++) {
            SiteConfig s = c.sites().get(i);
            if (s == null) continue;
            String at = "sites[" + i + "]";
            if (id(at, s.id(), siteIds, "site")) sites.put(s.id(), s);
            if (!ZoneId.getAvailableZoneIds().contains(s.timeZone())) {
                problems.add(at + ".timeZone: '" + s.timeZone() + "' is not an IANA time zone id (e.g. America/Chicago, Europe/Berlin, UTC)");
            }
            for (int z = 0; z < s.zones().size(); z++) {
                SiteConfig.Zone zone = s.zones().get(z);
                if (zone == null) problems.add(at + ".zones[" + z + "]: empty entry");
                else id(at + ".zones[" + z + "]", zone.id(), zoneIds, "zone"); // unique across sites: a zone alone names a building
            }
        }

        Map<String, String> controllerIds = new HashMap<>();
        for (int i = 0; i < c.controllers().size(); i++) {
            ControllerConfig k = c.controllers().get(i);
            if (k == null) continue;
            String at = "controllers[" + i + "]";
            id(at, k.id(), controllerIds, "controller");
            if (k.type() == null || k.type().isBlank()) problems.add(at + ".type: missing");
            else if (!knownTypes.contains(k.type())) {
                problems.add(at + ".type: no adapter '" + k.type() + "' (known: " + String.join(", ", new TreeSet<>(knownTypes)) + ")");
            }
        }

        Map<String, String> cameraIds = new HashMap<>();
        for (int i = 0; i < c.cameras().size(); i++) {
            CameraConfig cam = c.cameras().get(i);
            if (cam == null) continue;
            String at = "cameras[" + i + "]";
            id(at, cam.id(), cameraIds, "camera");
            place(at, cam.site(), cam.zone(), false, sites, zoneIds, c.brokenSites());
            if (cam.type() == null || cam.type().isBlank()) problems.add(at + ".type: missing");
            else if (!knownTypes.contains(cam.type())) {
                problems.add(at + ".type: no adapter '" + cam.type() + "' (known: " + String.join(", ", new TreeSet<>(knownTypes)) + ")");
            }
        }

        Map<String, String> doorIds = new HashMap<>();
        for (int i = 0; i < c.doors().size(); i++) {
            DoorConfig d = c.doors().get(i);
            if (d == null) continue;
            String at = "doors[" + i + "]";
            id(at, d.id(), doorIds, "door");
            place(at, d.site(), d.zone(), true, sites, zoneIds, c.brokenSites());
            if (d.controller() == null) problems.add(at + ".controller: missing");
            else if (!controllerIds.containsKey(d.controller()) && !c.brokenControllers().contains(d.controller())) {
                problems.add(at + ".controller: no controller '" + d.controller() + "'");
            }
            seconds(at + ".pulseSeconds", d.pulseSeconds());
            seconds(at + ".heldOpenSeconds", d.heldOpenSeconds());
            for (int j = 0; j < d.cameras().size(); j++) {
                String cam = d.cameras().get(j);
                if (cam == null || (!cameraIds.containsKey(cam) && !c.brokenCameras().contains(cam))) {
                    problems.add(at + ".cameras[" + j + "]: no camera '" + cam + "'");
                }
            }
        }
        tokens(c.tokens());
        footage(c.footage());
        new ConsoleValidator(this, problems).check(c.console());
        Set<String> siteNames = new HashSet<>(siteIds.keySet());
        siteNames.addAll(c.brokenSites());
        Set<String> tokenNames = new HashSet<>();
        c.tokens().forEach(t -> {
            if (t != null && t.name() != null) tokenNames.add(t.name());
        });
        new IntegrationsValidator(this, problems).check(c.integrations(), c.clusterPresent(), siteNames, c.doors(), tokenNames);
        new ClusterValidator(this, problems).check(c.cluster(), c.clusterPresent(), c.controllers(), nodeLabel);
        new AccessValidator(this, problems, sites.keySet(), zoneIds.keySet(), c.doors()).check(c.access());
    }

    private void footage(FootageConfig f) {
        range("footage.maxWindowMinutes", f.maxWindowMinutes(), 1, 1440);
        range("footage.camerasInParallel", f.camerasInParallel(), 1, 64);
        range("footage.sessionsPerRecorder", f.sessionsPerRecorder(), 1, 64);
        range("footage.gapSeconds", f.gapSeconds(), 1, 3600);
        range("footage.resumeAttempts", f.resumeAttempts(), 0, 100);
        if (f.reserveMegabytes() < 0 || f.reserveMegabytes() > 10_000_000L) {
            problems.add("footage.reserveMegabytes: must be between 0 and 10000000, not " + f.reserveMegabytes());
        }
        FootageConfig.AutoCapture a = f.autoCapture();
        range("footage.autoCapture.beforeSeconds", a.beforeSeconds(), 0, 3600);
        range("footage.autoCapture.afterSeconds", a.afterSeconds(), 0, 3600);
        for (int i = 0; i < a.on().size(); i++) {
            String t = a.on().get(i);
            if (!FootageConfig.AutoCapture.TRIGGERS.contains(t)) {
                problems.add("footage.autoCapture.on[" + i + "]: '" + t + "' is not a trigger (allowed: "
                        + String.join(", ", FootageConfig.AutoCapture.TRIGGERS) + ")");
            }
        }
    }

    void range(String at, int value, int min, int max) {
        if (value < min || value > max) problems.add(at + ": must be between " + min + " and " + max + ", not " + value);
    }

    /** A role's name: present and one of {@link Role}'s. */
    void role(String at, String role) {
        if (role == null) {
            problems.add(at + ": missing");
            return;
        }
        try {
            Role.parse(role);
        } catch (IllegalArgumentException e) {
            problems.add(at + ": " + e.getMessage());
        }
    }

    private void http(HttpConfig h) {
        if (h.host().isBlank()) problems.add("http.host: must not be empty");
        if (h.port() < 1 || h.port() > 65_535) problems.add("http.port: must be between 1 and 65535, not " + h.port());
        if (!h.host().isBlank() && h.exposedPlaintext() && !h.allowPlaintext()) {
            problems.add("http.host: " + h.host() + " is not a loopback address and http.tls is not set, so bearer tokens would cross "
                    + "the network in plaintext: configure http.tls, or set http.allowPlaintext: true to do so on purpose");
        }
        range("http.instances", h.instances(), 1, 256);
        if (h.tls() != null) {
            readable("http.tls.cert", h.tls().cert());
            readable("http.tls.key", h.tls().key());
        }
    }

    void readable(String at, String file) {
        if (file == null || file.isBlank()) {
            problems.add(at + ": missing");
            return;
        }
        Path p = baseDir.resolve(file);
        if (!Files.isRegularFile(p)) problems.add(at + ": cannot read " + p + " (" + (Files.exists(p) ? "not a regular file" : "no such file") + ")");
        else if (!Files.isReadable(p)) problems.add(at + ": cannot read " + p + " (permission denied)");
    }

    private void audit(AuditConfig a) {
        if (!AuditConfig.SQLITE.equals(a.store())) {
            problems.add("audit.store: only 'sqlite' is supported for now, not '" + a.store() + "'");
        }
        if (a.path().isBlank()) problems.add("audit.path: must not be empty");
        AuditConfig.Checkpoints c = a.checkpoints();
        if (c.file().isBlank()) problems.add("audit.checkpoints.file: must not be empty");
        if (c.signingKey().isBlank()) problems.add("audit.checkpoints.signingKey: must not be empty");
        if (c.everyRecords() < 1 || c.everyRecords() > 1_000_000) problems.add("audit.checkpoints.everyRecords: must be 1..1000000, not " + c.everyRecords());
        if (c.everySeconds() < 1 || c.everySeconds() > 86_400) problems.add("audit.checkpoints.everySeconds: must be 1..86400, not " + c.everySeconds());
        AuditConfig.Syslog s = c.syslog();
        if (s != null) {
            if (s.host() == null || s.host().isBlank()) problems.add("audit.checkpoints.syslog.host: missing");
            if (s.port() < 1 || s.port() > 65535) problems.add("audit.checkpoints.syslog.port: must be 1..65535, not " + s.port());
            if (!s.protocol().equals("udp") && !s.protocol().equals("tcp")) {
                problems.add("audit.checkpoints.syslog.protocol: must be udp or tcp, not '" + s.protocol() + "'");
            }
        }
    }

    private void tokens(List<TokenConfig> tokens) {
        if (tokens.isEmpty()) problems.add("tokens: at least one token is needed (every API call needs one)");
        Map<String, String> names = new HashMap<>();
        Map<String, String> hashes = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            TokenConfig t = tokens.get(i);
            if (t == null) continue;
            String at = "tokens[" + i + "]";
            if (t.name() == null || t.name().isBlank()) problems.add(at + ".name: missing");
            else if (!ID.matcher(t.name()).matches()) problems.add(at + ".name: '" + t.name() + "' " + ID_RULE);
            else if (names.putIfAbsent(t.name(), at) != null) problems.add(at + ".name: duplicate token name '" + t.name() + "' (also " + names.get(t.name()) + ")");
            role(at + ".role", t.role());
            if (t.sha256() == null) problems.add(at + ".sha256: missing");
            else if (!SHA256.matcher(t.sha256()).matches()) {
                problems.add(at + ".sha256: must be 64 hex digits, the SHA-256 of the token (never the token itself)");
            } else {
                String h = HexFormat.of().formatHex(HexFormat.of().parseHex(t.sha256()));
                String other = hashes.putIfAbsent(h, at);
                if (other != null) problems.add(at + ".sha256: the same token as " + other);
            }
        }
    }

    static final String ID_RULE = "is not a valid id: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit";

    /** Checks an id's presence, form and uniqueness; true when it is usable. */
    boolean id(String at, String id, Map<String, String> seen, String kind) {
        if (id == null || id.isBlank()) {
            problems.add(at + ".id: missing");
            return false;
        }
        if (!ID.matcher(id).matches()) {
            problems.add(at + ".id: '" + id + "' " + ID_RULE);
            return false;
        }
        String other = seen.putIfAbsent(id, at);
        if (other != null) {
            problems.add(at + ".id: duplicate " + kind + " id '" + id + "' (also " + other + ")");
            return false;
        }
        return true;
    }

    private void place(String at, String site, String zone, boolean zoneRequired, Map<String, SiteConfig> sites,
                       Map<String, String> zoneIds, Set<String> brokenSites) {
        if (site == null) {
            problems.add(at + ".site: missing");
            return;
        }
        SiteConfig s = sites.get(site);
        if (s == null) {
            if (!brokenSites.contains(site)) problems.add(at + ".site: no site '" + site + "'");
            return;
        }
        if (zone == null) {
            if (zoneRequired) problems.add(at + ".zone: missing");
        } else if (s.zone(zone).isEmpty()) {
            String elsewhere = zoneIds.containsKey(zone) ? " (it is " + zoneIds.get(zone) + ")" : "";
            problems.add(at + ".zone: no zone '" + zone + "' in site '" + site + "'" + elsewhere);
        }
    }

    private void seconds(String at, int value) {
        if (value < 1 || value > MAX_SECONDS) problems.add(at + ": must be between 1 and " + MAX_SECONDS + " seconds, not " + value);
    }
}
