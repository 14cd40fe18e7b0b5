package io.warden.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the gateway's YAML config. All problems are collected and reported together in
 * one {@link WardenException} with code {@link ErrorCode#BAD_CONFIG}: a header line, then one line
 * per problem, {@code path: problem}, e.g. {@code doors[3].controller: no controller 'bldg-b'}. A
 * config with any problem yields no {@link GatewayConfig} at all.
 *
 * <p>Relative paths ({@code dataDir}, {@code secretsFile}, {@code http.tls.cert} and {@code .key}, {@code cluster.tls.*},
 * {@code cluster.database.caFile}, the {@code caFile} of {@code integrations.mqtt} and {@code integrations.siem[]})
 * resolve against the process's working directory, the same base the adapters use for paths in
 * their options (an OSDP {@code device:}); {@code audit.path} resolves against {@code dataDir}.
 * Blocking file I/O: call it at start-up, not on an event loop.
 */
public final class ConfigLoader {
    private static final Set<String> TOP_LEVEL =
            Set.of("http", "dataDir", "secretsFile", "audit", "doorPolicy", "sites", "controllers", "doors", "cameras", "tokens", "footage", "access", "console", "cluster", "integrations");

    private ConfigLoader() {}

    /** Loads {@code file} with the process environment and working directory. */
    public static GatewayConfig load(Path file, Set<String> knownTypes) {
        return load(file, knownTypes, System.getenv(), Path.of("").toAbsolutePath());
    }

    /**
     * @param knownTypes the adapter types the gateway has factories for (from {@code ServiceLoader})
     * @param env        environment variables, for secrets (they win over the secrets file)
     * @param baseDir    the directory relative paths resolve against
     */
    public static GatewayConfig load(Path file, Set<String> knownTypes, Map<String, String> env, Path baseDir) {
        return load(file, knownTypes, env, baseDir, null);
    }

    /**
     * As {@link #load(Path, Set, Map, Path)}, with {@code node} (when not null) in place of {@code cluster.node}:
     * {@code warden serve --node ID}, so that one district file serves every node. Checked as the file's value
     * would be; refused when the file has no {@code cluster:} section.
     */
    public static GatewayConfig load(Path file, Set<String> knownTypes, Map<String, String> env, Path baseDir, String node) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new WardenException(ErrorCode.BAD_CONFIG, "config file " + file + ": no such file");
        } catch (IOException e) {
            throw new WardenException(ErrorCode.BAD_CONFIG, "config file " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, file.toString(), knownTypes, env, baseDir, node);
    }

    /**
     * Parses config text.
     *
     * @param source names the text in messages, e.g. the file name
     */
    public static GatewayConfig parse(String yaml, String source, Set<String> knownTypes, Map<String, String> env, Path baseDir) {
        return parse(yaml, source, knownTypes, env, baseDir, null);
    }

    /** Parses config text, with {@code node} (when not null) in place of {@code cluster.node}; see {@link #load(Path, Set, Map, Path, String)}. */
    public static GatewayConfig parse(String yaml, String source, Set<String> knownTypes, Map<String, String> env, Path baseDir, String node) {
        Path base = baseDir.toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        ConfigBinder binder = new ConfigBinder(problems);
        JsonNode root = binder.readTree(yaml, source);
        if (root == null) throw failure(source, problems);
        if (!root.isObject()) {
            problems.add(source + ": must be a mapping with keys " + String.join(", ", TOP_LEVEL));
            throw failure(source, problems);
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP_LEVEL.contains(k)) problems.add(k + ": unknown key");
        });
        HttpConfig http = orElse(binder.bind(root.get("http"), "http", HttpConfig.class), HttpConfig.defaults());
        AuditConfig audit = orElse(binder.bind(root.get("audit"), "audit", AuditConfig.class), AuditConfig.defaults());
        DoorPolicyConfig doorPolicy = orElse(binder.bind(root.get("doorPolicy"), "doorPolicy", DoorPolicyConfig.class),
                DoorPolicyConfig.defaults());
        FootageConfig footage = orElse(binder.bind(root.get("footage"), "footage", FootageConfig.class), FootageConfig.defaults());
        AccessConfig access = orElse(binder.bind(root.get("access"), "access", AccessConfig.class), AccessConfig.none());
        ConsoleConfig console = orElse(binder.bind(root.get("console"), "console", ConsoleConfig.class), ConsoleConfig.none());
        boolean clusterPresent = root.hasNonNull("cluster");
        ClusterConfig cluster = binder.bind(root.get("cluster"), "cluster", ClusterConfig.class);
        if (node != null) {
            if (cluster != null) cluster = cluster.withNode(node);
            else if (!clusterPresent) problems.add("--node: only in cluster mode (the config has no cluster: section)");
        }
        IntegrationsConfig integrations = orElse(binder.bind(root.get("integrations"), "integrations", IntegrationsConfig.class),
                IntegrationsConfig.none());
        String dataDir = binder.text(root, "dataDir", "data");
        String secretsFile = binder.text(root, "secretsFile", null);
        List<SiteConfig> sites = binder.bindList(root, "sites", SiteConfig.class);
        List<ControllerConfig> controllers = binder.bindList(root, "controllers", ControllerConfig.class);
        List<DoorConfig> doors = binder.bindList(root, "doors", DoorConfig.class);
        List<CameraConfig> cameras = binder.bindList(root, "cameras", CameraConfig.class);
        List<TokenConfig> tokens = binder.bindList(root, "tokens", TokenConfig.class);

        ConfigParts parts = new ConfigParts(http, dataDir, secretsFile, audit, doorPolicy, sites, controllers, doors, cameras, tokens, footage, access,
                console, cluster, clusterPresent, integrations, brokenIds(root, "sites", sites), brokenIds(root, "controllers", controllers), brokenIds(root, "cameras", cameras));
        new ConfigValidator(problems, base).check(parts, knownTypes, node == null ? "cluster.node" : "--node");

        Secrets secrets = Secrets.of(env);
        if (secretsFile != null && !secretsFile.isBlank()) {
            try {
                secrets = Secrets.load(base.resolve(secretsFile).normalize(), env);
            } catch (WardenException e) {
                problems.add(e.getMessage()); // names the file, never a value
            }
        }
        ConsoleConfig.Oidc oidc = console.oidc();
        if (oidc != null && oidc.clientSecret() != null && !oidc.clientSecret().isBlank() && secrets.secret(oidc.clientSecret()).isEmpty()) {
            problems.add("console.oidc.clientSecret: no secret '" + oidc.clientSecret() + "' (set the environment variable of that name"
                    + " or add it to the secrets file)");
        }
        ClusterValidator.passwordResolves(cluster, secrets, problems);
        IntegrationsValidator.secretsResolve(integrations, secrets, problems);
        if (!problems.isEmpty()) throw failure(source, problems);
        return new GatewayConfig(Path.of(source), base, parts, secrets, GatewayConfig.sha256Hex(yaml));
    }

    private static <T> T orElse(T value, T dflt) {
        return value == null ? dflt : value;
    }

    /** The ids of list elements that did not bind, read from the raw tree. */
    private static Set<String> brokenIds(JsonNode root, String key, List<?> bound) {
        Set<String> ids = new HashSet<>();
        JsonNode list = root.get(key);
        for (int i = 0; i < bound.size(); i++) {
            if (bound.get(i) != null) continue;
            JsonNode id = list.get(i).get("id");
            if (id != null && id.isTextual()) ids.add(id.asText());
        }
        return ids;
    }

    private static WardenException failure(String source, List<String> problems) {
        String header = "invalid configuration " + source + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):";
        return new WardenException(ErrorCode.BAD_CONFIG, header + "\n" + String.join("\n", problems));
    }
}
