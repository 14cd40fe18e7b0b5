package io.warden.gateway.demo;

import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.SiteConfig;
import io.warden.gateway.console.ConsoleOptions;
import io.warden.gateway.door.DoorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code warden demo} prints once the node runs: the site, the simulated lines, controllers and cameras, the
 * URL, the console's address and how it is signed in to, every demo token with its role, the people loaded into the directory and the demo's PINs, and a few lines to paste (curl, and the footage of a door over
 * the last two minutes: by curl and by {@code warden footage request}, then download and verify). Only tokens of the form
 * {@code demo-<role>-token} that the config actually accepts are shown, so the banner never
 * advertises a token that does not work.
 */
final class DemoBanner {
    private DemoBanner() {}

    /**
     * @param port           the port the API really listens on
     * @param simulatedLines one line per simulated OSDP line and ONVIF door controller
     * @param cameraLines    one line per simulated camera and NVR
     */
    static List<String> lines(GatewayConfig config, int port, List<String> simulatedLines, List<String> cameraLines) {
        return lines(config, port, simulatedLines, cameraLines, List.of());
    }

    /** @param people what the demo loaded into the directory (or found there) and its PINs ({@link DemoPeople}) */
    static List<String> lines(GatewayConfig config, int port, List<String> simulatedLines, List<String> cameraLines, List<String> people) {
        String base = baseUrl(config, port);
        Map<Role, String> tokens = demoTokens(config);
        List<String> out = new ArrayList<>();
        String site = config.sites().stream().map(SiteConfig::name).collect(Collectors.joining(", "));
        long osdp = config.controllers().stream().filter(c -> "osdp".equals(c.type())).count();
        long onvif = config.controllers().stream().filter(c -> "onvif".equals(c.type())).count();
        String controllers = onvif == 0 ? "%d simulated OSDP lines".formatted(osdp)
                : "%d simulated OSDP lines and %d simulated ONVIF door controller%s".formatted(osdp, onvif, onvif == 1 ? "" : "s");
        out.add("Warden demo: %s (%s), %d doors on %s, %d simulated cameras, all in this process"
                .formatted(site.isEmpty() ? "no site" : site, config.source(), config.doors().size(), controllers, config.cameras().size()));
        simulatedLines.forEach(l -> out.add("  " + l));
        cameraLines.forEach(l -> out.add("  " + l));
        out.add("");
        out.add("API     " + base + "/api/v1   (contract: " + base + "/api/v1/openapi.yaml)");
        out.add("Console " + base + "/   (" + signIn(config.console()) + ")");
        if (tokens.isEmpty()) {
            out.add("Tokens  none of the form demo-<role>-token in this config");
        } else {
            out.add("Tokens  (demo only, never on a real site)");
            tokens.forEach((role, token) -> out.add("  %-26s %s".formatted(token, role.id())));
        }
        if (!people.isEmpty()) {
            out.add("");
            out.addAll(people);
        }
        out.add("");
        out.add("Try:");
        String door = config.doors().stream().map(DoorInfo::id).filter("front-office"::equals).findFirst()
                .orElse(config.doors().isEmpty() ? "DOOR" : config.doors().get(0).id());
        out.add("  curl -s %s/api/v1/doors -H 'Authorization: Bearer %s'".formatted(base, token(tokens, Role.VIEWER)));
        out.add("  curl -s -X POST %s/api/v1/doors/%s/pulse -H 'Authorization: Bearer %s'"
                .formatted(base, door, token(tokens, Role.OPERATOR)));
        out.add("  curl -s '%s/api/v1/audit?door=%s&limit=5' -H 'Authorization: Bearer %s'"
                .formatted(base, door, token(tokens, Role.INVESTIGATOR)));
        out.add("  curl -sN %s/api/v1/events -H 'Authorization: Bearer %s'".formatted(base, token(tokens, Role.VIEWER)));
        footage(config, base, tokens).forEach(out::add);
        out.add("");
        out.add("Live: every audit record as it is written (the same records as /api/v1/events). Ctrl-C stops the demo.");
        return out;
    }

    /**
     * The footage of a door a camera sees over the last two minutes: by curl (then the package by id),
     * and by the CLI, which waits, downloads and verifies. Nothing when no door has a camera.
     */
    private static List<String> footage(GatewayConfig config, String base, Map<Role, String> tokens) {
        List<String> seen = config.doors().stream().filter(d -> !d.cameras().isEmpty()).map(DoorInfo::id).toList();
        if (seen.isEmpty()) return List.of();
        String door = seen.contains("main-entrance") ? "main-entrance" : seen.get(0);
        String token = token(tokens, Role.INVESTIGATOR);
        String jar = "java -jar gateway/target/warden.jar";
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("Footage of %s over the last two minutes (investigator), by curl: request it, then with the id it answers:".formatted(door));
        out.add(("  curl -s -X POST %s/api/v1/footage -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' -d '{\"doors\":[\"%s\"],"
                + "\"from\":\"'$(date -u -d '2 min ago' +%%FT%%TZ)'\",\"to\":\"'$(date -u +%%FT%%TZ)'\",\"reason\":\"demo: who propped the door\"}'")
                .formatted(base, token, door));
        out.add("  curl -s %s/api/v1/footage/ID -H 'Authorization: Bearer %s'".formatted(base, token));
        out.add("  curl -s -o footage.zip %s/api/v1/footage/ID/package.zip -H 'Authorization: Bearer %s' && %s evidence verify footage.zip"
                .formatted(base, token, jar));
        out.add("... or by the CLI, which waits with a progress bar:");
        out.add("  export WARDEN_URL=%s WARDEN_TOKEN=%s".formatted(base, token));
        out.add("  %s footage request --door %s --last 2m --reason 'demo: who propped the door' --wait".formatted(jar, door));
        out.add("  %s footage download ID -o footage.zip && %s evidence verify footage.zip".formatted(jar, jar));
        return out;
    }

    /** How the console is signed in to: the demo sign-in, the provider, or API tokens only. */
    private static String signIn(ConsoleOptions console) {
        List<String> ways = new ArrayList<>();
        if (console.demoSignIn()) ways.add("demo sign-in");
        if (console.oidc() != null) ways.add("sign in with " + console.oidc().providerName());
        return ways.isEmpty() ? "no sign-in configured: API tokens only" : String.join(", ", ways);
    }

    /** {@code http://127.0.0.1:8080}: the configured host (loopback when it binds every address) and the bound port. */
    static String baseUrl(GatewayConfig config, int port) {
        String host = config.http().host();
        if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
        if (host.contains(":")) host = "[" + host + "]";
        return (config.http().tls() == null ? "http" : "https") + "://" + host + ":" + port;
    }

    /** The demo tokens the config accepts, by role, in role order; the config keeps only their hashes. */
    static Map<Role, String> demoTokens(GatewayConfig config) {
        Map<Role, String> found = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            String token = "demo-" + role.id() + "-token";
            Optional<Principal> who = config.authenticate(token);
            if (who.isPresent() && who.get().role() == role) found.put(role, token);
        }
        return found;
    }

    private static String token(Map<Role, String> tokens, Role role) {
        return tokens.getOrDefault(role, tokens.getOrDefault(Role.ADMIN, "TOKEN"));
    }
}
