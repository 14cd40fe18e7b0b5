package io.warden.gateway.demo;

import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.SiteConfig;
import io.warden.gateway.door.DoorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code warden demo} prints once the node runs: the site, the simulated lines, the URL, every
 * demo token with its role, and a few curl lines to paste. Only tokens of the form
 * {@code demo-<role>-token} that the config actually accepts are shown, so the banner never
 * advertises a token that does not work.
 */
final class DemoBanner {
    private DemoBanner() {}

    /** @param port the port the API really listens on */
    static List<String> lines(GatewayConfig config, int port, List<String> simulatedLines) {
        String base = baseUrl(config, port);
        Map<Role, String> tokens = demoTokens(config);
        List<String> out = new ArrayList<>();
        String site = config.sites().stream().map(SiteConfig::name).collect(Collectors.joining(", "));
        out.add("Warden demo: %s (%s), %d doors on %d simulated OSDP lines, all in this process"
                .formatted(site.isEmpty() ? "no site" : site, config.source(), config.doors().size(), simulatedLines.size()));
        simulatedLines.forEach(l -> out.add("  " + l));
        out.add("");
        out.add("API     " + base + "/api/v1   (contract: " + base + "/api/v1/openapi.yaml)");
        if (tokens.isEmpty()) {
            out.add("Tokens  none of the form demo-<role>-token in this config");
        } else {
            out.add("Tokens  (demo only, never on a real site)");
            tokens.forEach((role, token) -> out.add("  %-26s %s".formatted(token, role.id())));
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
        out.add("");
        out.add("Live: every audit record as it is written (the same records as /api/v1/events). Ctrl-C stops the demo.");
        return out;
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
