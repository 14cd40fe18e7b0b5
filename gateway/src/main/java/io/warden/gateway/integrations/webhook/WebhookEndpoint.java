package io.warden.gateway.integrations.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A webhook's URL, split into what is sent and what may be shown. Receivers often put a token in the URL
 * ({@code https://user:pass@host/...} or {@code ?token=...}): {@link #display()} keeps neither, and is the
 * only form logs, status and audit records use.
 *
 * @param target        the URL requested, without user info
 * @param display       {@code scheme://host:port/path}: no user info, query or fragment
 * @param authorization {@code Basic ...} from the URL's user info (RFC 7617), or null
 */
public record WebhookEndpoint(URI target, String display, String authorization) {

    /** @throws IllegalArgumentException naming what is wrong (never echoing the URL, which may hold a token) */
    public static WebhookEndpoint parse(String url) {
        URI u;
        try {
            u = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("url must be http or https");
        if (u.getHost() == null || u.getHost().isEmpty()) throw new IllegalArgumentException("url has no host");
        int port = u.getPort() != -1 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        try {
            URI target = new URI(scheme + "://" + hostPart(u.getHost()) + ":" + port + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
            String auth = u.getRawUserInfo() == null ? null
                    : "Basic " + Base64.getEncoder().encodeToString(u.getUserInfo().getBytes(StandardCharsets.UTF_8)); // decoded from %-escapes
            return new WebhookEndpoint(target, scheme + "://" + hostPart(u.getHost()) + ":" + port + path, auth);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URI (" + e.getReason() + ")");
        }
    }

    public boolean tls() {
        return target.getScheme().equals("https");
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return display;
    }
}
