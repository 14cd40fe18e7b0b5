package io.warden.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated school the end-to-end tests run against, and the gateway YAML that describes it.
 *
 * <pre>
 *   line-a  serial (pty pair)   PD 1 plaintext, PD 2 plaintext
 *   line-b  tcp 127.0.0.1       PD 1 secure channel required, PD 2 plaintext
 *
 *   door            zone   exterior  line    PD  strike contact REX reader
 *   main-entrance   main   yes       line-a  1   0      0       1   0
 *   front-office    main   no        line-a  1   1      2       3   -
 *   library         main   no        line-a  2   0      0       1   0
 *   north-lobby     north  no        line-a  2   1      2       3   -
 *   gym-east        north  yes       line-b  1   0      0       1   0    (secure channel)
 *   gym-west        north  yes       line-b  2   0      0       1   0
 * </pre>
 *
 * Every door is fail-secure (strike output on = unlocked) and pulses for 1 s by default; both lines
 * detect an offline PD after 1.5 s and probe it every 300 ms. The console's browser site
 * ({@code console.ConsoleSite}) builds the same school from {@link #head}, {@link #timing} and {@link #doors}.
 */
public final class E2eSite {
    public static final String SITE = "lincoln-ms";
    static final List<String> ROLES = List.of("viewer", "operator", "lockdown", "investigator", "admin");

    /** Where a door is wired and where it stands. */
    public record Spot(String name, String line, int address, int strike, String zone, boolean exterior) {}

    public static final Map<String, Spot> DOORS = doors();

    private static final SecureRandom RANDOM = new SecureRandom();

    private E2eSite() {}

    public static Spot spot(String doorId) {
        Spot s = DOORS.get(doorId);
        if (s == null) throw new IllegalArgumentException("no door " + doorId + " in the site");
        return s;
    }

    /** The configured name of the role's token: the actor in the audit trail. */
    static String actor(String role) {
        return "e2e-" + role;
    }

    /**
     * @param serialDevice line-a's end of the pty pair
     * @param tcpPort      where line-b's simulator listens on 127.0.0.1
     * @param keyRef       the secret name of line-b PD 1's SCBK (the key itself is never in the file)
     * @param tokens       bearer token by role; only their SHA-256 goes into the file
     */
    static String yaml(Path serialDevice, int baud, int tcpPort, String keyRef, Map<String, String> tokens) {
        StringBuilder y = new StringBuilder();
        head(y);
        y.append("  - id: line-a\n    type: osdp\n    options:\n");
        y.append("      transport: serial\n      device: ").append(serialDevice).append("\n      baud: ").append(baud).append('\n');
        timing(y);
        y.append("      devices:\n        - {address: 1, secure: 'off'}\n        - {address: 2, secure: 'off'}\n");
        y.append("  - id: line-b\n    type: osdp\n    options:\n");
        y.append("      transport: tcp\n      host: 127.0.0.1\n      port: ").append(tcpPort).append('\n');
        timing(y);
        y.append("      devices:\n        - {address: 1, secure: required, scbkSecret: ").append(keyRef).append("}\n");
        y.append("        - {address: 2, secure: 'off'}\n");
        doors(y);
        y.append("tokens:\n");
        for (String role : ROLES) {
            y.append("  - {name: ").append(actor(role)).append(", role: ").append(role).append(", sha256: ")
                    .append(sha256(tokens.get(role))).append("}\n");
        }
        return y.toString();
    }

    /** The file's start, up to and including the {@code controllers:} key: HTTP, data, audit, the site and its zones. */
    public static void head(StringBuilder y) {
        y.append("http: {host: 127.0.0.1, port: 8080}   # the tests override the port with 0\n");
        y.append("dataDir: data\n");
        y.append("audit: {store: sqlite, path: audit.db}\n");
        y.append("sites:\n");
        y.append("  - id: ").append(SITE).append("\n    name: Lincoln Middle School\n    zones:\n");
        y.append("      - {id: main, name: Main building}\n      - {id: north, name: North building}\n");
        y.append("controllers:\n");
    }

    /** An OSDP controller's offline detection and probing, as options lines. */
    public static void timing(StringBuilder y) {
        y.append("      offlineAfterMs: 1500\n      probeIntervalMs: 300\n");
    }

    /** The {@code doors:} key and every door of {@link #DOORS}. */
    public static void doors(StringBuilder y) {
        y.append("doors:\n");
        DOORS.forEach((id, spot) -> door(y, id, spot));
    }

    private static void door(StringBuilder y, String id, Spot s) {
        // A PD drives two doors: strike 0 / contact 0 / REX 1 / reader 0, then strike 1 / contact 2 / REX 3 / no reader.
        String point = s.strike() == 0 ? "address: %d, strike: 0, contact: 0, rex: 1, reader: 0".formatted(s.address())
                : "address: %d, strike: 1, contact: 2, rex: 3, reader: -1".formatted(s.address());
        y.append("  - id: ").append(id).append("\n    name: ").append(s.name()).append("\n    site: ").append(SITE).append("\n    zone: ").append(s.zone())
                .append("\n    exterior: ").append(s.exterior()).append("\n    controller: ").append(s.line())
                .append("\n    pulseSeconds: 1\n    point: {").append(point).append(", wiring: fail-secure}\n");
    }

    private static Map<String, Spot> doors() {
        Map<String, Spot> m = new LinkedHashMap<>();
        m.put("main-entrance", new Spot("Main entrance", "line-a", 1, 0, "main", true));
        m.put("front-office", new Spot("Front office", "line-a", 1, 1, "main", false));
        m.put("library", new Spot("Library", "line-a", 2, 0, "main", false));
        m.put("north-lobby", new Spot("North lobby", "line-a", 2, 1, "north", false));
        m.put("gym-east", new Spot("Gym east", "line-b", 1, 0, "north", true));
        m.put("gym-west", new Spot("Gym west", "line-b", 2, 0, "north", true));
        return Collections.unmodifiableMap(m);
    }

    /** {@code bytes} random bytes in hex: tokens, secrets and keys made up for one run. */
    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The hex SHA-256 of a token's UTF-8 bytes, as the config's {@code tokens} list holds it. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
