package io.warden.gateway.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --url} and {@code --token}, shared by every operator command. The token is never printed. */
public final class ApiOptions {
    static final String TOKEN_ENV = "WARDEN_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:WARDEN_URL:-http://127.0.0.1:8080}",
            description = "The gateway; env WARDEN_URL (now ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token. Prefer the env variable " + TOKEN_ENV + ": this option leaves the token in your shell history.")
    String token;

    /** A client for the gateway named by {@code --url}, with the token from {@code --token} or the environment. */
    WardenClient client() {
        CommandLine cmd = mixee.commandLine();
        URI base = parseUrl(cmd);
        String bearer = token;
        if (bearer != null) {
            cmd.getErr().println("warden: warning: --token leaves the token in your shell history; prefer " + TOKEN_ENV);
        } else {
            bearer = System.getenv(TOKEN_ENV);
        }
        if (bearer != null && bearer.isBlank()) bearer = null;
        if (bearer != null && !bearer.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Say what is wrong, never what the token is.
            throw new CommandLine.ParameterException(cmd, "the token holds spaces or characters that cannot go in a header");
        }
        if (bearer != null && "http".equals(base.getScheme()) && !loopback(base.getHost())) {
            cmd.getErr().println("warden: warning: the token goes unencrypted over http to " + base.getHost());
        }
        return new WardenClient(base, bearer);
    }

    private URI parseUrl(CommandLine cmd) {
        String u = url.strip();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (u.endsWith("/api/v1")) u = u.substring(0, u.length() - "/api/v1".length());
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "--url: not a URL: " + CliText.clean(url));
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CommandLine.ParameterException(cmd, "--url: expected http://host:port or https://host:port, got "
                    + CliText.clean(url));
        }
        return uri;
    }

    private static boolean loopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) return true;
        try {
            // Only literal addresses: no DNS look-up for a warning.
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
