package io.warden.gateway.config;

import io.warden.adapter.api.AdapterSpec;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.console.ConsoleOptions;
import io.warden.gateway.door.DoorInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The gateway's configuration, loaded and validated as a whole by {@link ConfigLoader}: an instance
 * exists only for a config without problems. Immutable and thread-safe. All paths it returns are
 * absolute (see {@link ConfigLoader} for what relative paths resolve against).
 */
public final class GatewayConfig {
    private final Path source;
    private final Path baseDir;
    private final ConfigParts parts;
    private final Secrets secrets;
    private final String fileSha256;
    private final HttpConfig http;
    private final List<DoorInfo> doorInfos;
    private final List<Credential> credentials;
    private final ConsoleOptions console;

    GatewayConfig(Path source, Path baseDir, ConfigParts parts, Secrets secrets, String fileSha256) {
        this.source = source;
        this.baseDir = baseDir;
        this.parts = parts;
        this.secrets = secrets;
        this.fileSha256 = fileSha256;
        HttpConfig.Tls tls = parts.http().tls();
        this.http = new HttpConfig(parts.http().host(), parts.http().port(), tls == null ? null
                : new HttpConfig.Tls(resolve(tls.cert()).toString(), resolve(tls.key()).toString()), parts.http().allowPlaintext(),
                parts.http().instances());
        Map<String, ControllerConfig> byId = controllers().stream().collect(Collectors.toMap(ControllerConfig::id, Function.identity()));
        Map<String, SiteConfig> sitesById = sites().stream().collect(Collectors.toMap(SiteConfig::id, Function.identity(), (a, b) -> a));
        this.doorInfos = doorConfigs().stream()
                .map(d -> {
                    SiteConfig site = sitesById.get(d.site());
                    return new DoorInfo(d.id(), d.name(), d.site(), d.zone(), d.exterior(), d.controller(),
                            byId.get(d.controller()).type(), d.pulse(), d.heldOpen(), d.cameras(), site == null ? null : site.name(),
                            site == null ? null : site.zone(d.zone()).map(SiteConfig.Zone::name).orElse(null));
                })
                .toList();
        this.credentials = tokens().stream()
                .map(t -> new Credential(HexFormat.of().parseHex(t.sha256()), new Principal(t.name(), Role.parse(t.role()))))
                .toList();
        this.console = consoleOptions(parts.console(), secrets);
    }

    /** Loads and validates {@code file}; see {@link ConfigLoader#load(Path, Set)}. */
    public static GatewayConfig load(Path file, Set<String> knownTypes) {
        return ConfigLoader.load(file, knownTypes);
    }

    /** The file (or source name) this was loaded from. */
    public Path source() {
        return source;
    }

    /** Hex SHA-256 of the config text, for the {@code config.loaded} audit entry. */
    public String fileSha256() {
        return fileSha256;
    }

    /** Bind address, port and TLS; TLS paths are absolute. */
    public HttpConfig http() {
        return http;
    }

    /** Where the audit database, lockdown state and evidence live. */
    public Path dataDir() {
        return resolve(parts.dataDir());
    }

    public AuditConfig audit() {
        return parts.audit();
    }

    /** Limits on door commands (how far ahead an unlock until may reach). */
    public DoorPolicyConfig doorPolicy() {
        return parts.doorPolicy();
    }

    /** The audit database file: {@code audit.path} under {@link #dataDir()} unless absolute. */
    public Path auditPath() {
        return dataDir().resolve(parts.audit().path()).normalize();
    }

    /** The audit checkpoint file: {@code audit.checkpoints.file} under {@link #dataDir()} unless absolute. */
    public Path auditCheckpointFile() {
        return dataDir().resolve(parts.audit().checkpoints().file()).normalize();
    }

    /** The audit signing key file: {@code audit.checkpoints.signingKey} under {@link #dataDir()} unless absolute. */
    public Path auditSigningKey() {
        return dataDir().resolve(parts.audit().checkpoints().signingKey()).normalize();
    }

    /** The secrets file, when one is configured. */
    public Optional<Path> secretsFile() {
        return Optional.ofNullable(parts.secretsFile()).map(this::resolve);
    }

    /** Secrets by reference: environment first, then the secrets file. Pass {@code secrets()::secret} to adapters. */
    public Secrets secrets() {
        return secrets;
    }

    public List<SiteConfig> sites() {
        return parts.sites();
    }

    /** Each site's time zone (validated IANA ids), by site id: the wall clock its schedules are read on. */
    public Map<String, ZoneId> siteZones() {
        return sites().stream().collect(Collectors.toUnmodifiableMap(SiteConfig::id, s -> ZoneId.of(s.timeZone())));
    }

    public List<ControllerConfig> controllers() {
        return parts.controllers();
    }

    /** The doors as written, in file order. */
    public List<DoorConfig> doorConfigs() {
        return parts.doors();
    }

    public List<CameraConfig> cameras() {
        return parts.cameras();
    }

    /** Footage jobs and automatic capture ({@code footage:}), defaults when absent. */
    public FootageConfig footage() {
        return parts.footage();
    }

    /**
     * {@code integrations:} (never null: empty when absent); its {@code caFile} paths are absolute, its secrets by
     * reference ({@link #secrets()} resolves them).
     */
    public IntegrationsConfig integrations() {
        return parts.integrations().withPaths(p -> resolve(p).toString());
    }

    /**
     * {@code cluster:} with its defaults, or null on a single node. Its node id is {@code warden serve --node}'s
     * when given; the database password is by reference ({@link #secrets()} resolves it); {@code tls} and
     * {@code database.caFile} paths are absolute.
     */
    public ClusterConfig cluster() {
        return parts.cluster() == null ? null : parts.cluster().withPaths(p -> resolve(p).toString());
    }

    /** The web console's sign-in and sessions ({@code console:}); {@link ConsoleOptions#none()} when absent. */
    public ConsoleOptions console() {
        return console;
    }

    /** Access groups, schedules, free-access door schedules, card-and-PIN doors and lockdown rules. */
    public AccessConfig access() {
        return parts.access();
    }

    /**
     * One spec per camera, in file order, without doors; options are fresh JSON objects; paths are
     * {@code cameras[i]} (a factory's errors name {@code cameras[i].options...}).
     */
    public List<AdapterSpec> cameraSpecs() {
        List<AdapterSpec> specs = new ArrayList<>();
        for (int i = 0; i < cameras().size(); i++) {
            CameraConfig c = cameras().get(i);
            specs.add(new AdapterSpec(c.id(), c.type(), c.optionsJson(), List.of(), "cameras[" + i + "]", AdapterSpec.Role.CAMERA));
        }
        return specs;
    }

    public List<TokenConfig> tokens() {
        return parts.tokens();
    }

    /** The doors, in file order, as the door service sees them. */
    public List<DoorInfo> doors() {
        return doorInfos;
    }

    /**
     * One spec per controller, in file order, each with its doors in file order. Options and points
     * are fresh JSON objects on every call; paths are {@code controllers[i]} and {@code doors[j]}.
     */
    public List<AdapterSpec> adapterSpecs() {
        List<AdapterSpec> specs = new ArrayList<>();
        List<DoorConfig> doors = doorConfigs();
        for (int i = 0; i < controllers().size(); i++) {
            ControllerConfig c = controllers().get(i);
            List<AdapterSpec.Door> own = new ArrayList<>();
            for (int j = 0; j < doors.size(); j++) {
                DoorConfig d = doors.get(j);
                if (d.controller().equals(c.id())) {
                    own.add(new AdapterSpec.Door(d.id(), d.pulse(), d.heldOpen(), d.pointJson(), "doors[" + j + "]"));
                }
            }
            specs.add(new AdapterSpec(c.id(), c.type(), c.optionsJson(), own, "controllers[" + i + "]"));
        }
        return specs;
    }

    /**
     * The holder of a bearer token: its SHA-256 is compared in constant time with every configured
     * hash (all of them, whichever matches). Empty for null, empty or unknown tokens.
     */
    public Optional<Principal> authenticate(String bearerToken) {
        if (bearerToken == null || bearerToken.isEmpty()) return Optional.empty();
        byte[] presented = sha256(bearerToken.getBytes(StandardCharsets.UTF_8));
        Principal found = null;
        for (Credential c : credentials) {
            if (MessageDigest.isEqual(presented, c.hash()) && found == null) found = c.principal();
        }
        return Optional.ofNullable(found);
    }

    @Override
    public String toString() {
        return "GatewayConfig[source=" + source + ", sites=" + sites().size() + ", controllers=" + controllers().size()
                + ", doors=" + doorInfos.size() + ", cameras=" + cameras().size() + ", tokens=" + credentials.size() + "]";
    }

    private static ConsoleOptions consoleOptions(ConsoleConfig c, Secrets secrets) {
        ConsoleOptions.Oidc oidc = null;
        if (c.oidc() != null) {
            ConsoleConfig.Oidc o = c.oidc();
            URI issuer = URI.create(o.issuer());
            String secret = o.clientSecret() == null ? null : secrets.secret(o.clientSecret()).orElseThrow();
            List<ConsoleOptions.RoleRule> rules = o.roles().stream()
                    .map(r -> new ConsoleOptions.RoleRule(r.claim(), r.value(), Role.parse(r.role()))).toList();
            oidc = new ConsoleOptions.Oidc(issuer, o.clientId(), secret, List.copyOf(o.scopes()),
                    o.providerName() == null ? issuer.getHost() : o.providerName(), rules);
        }
        // scheme://host[:port] only: it is what Origin headers are compared with
        URI publicUrl = c.publicUrl() == null ? null : URI.create(c.publicUrl().replaceAll("/+$", ""));
        return new ConsoleOptions(publicUrl, oidc, c.demoSignIn(), Duration.ofMinutes(c.sessionIdleMinutes()),
                Duration.ofMinutes(c.sessionAbsoluteMinutes()));
    }

    private Path resolve(String path) {
        return baseDir.resolve(Objects.requireNonNull(path)).normalize();
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private record Credential(byte[] hash, Principal principal) {}
}
