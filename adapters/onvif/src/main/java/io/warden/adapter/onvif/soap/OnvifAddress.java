package io.warden.adapter.onvif.soap;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The "preserve address" rewrite: devices advertise whatever address they think they have (NAT,
 * docker, a second NIC). HTTP(S) URIs get the scheme, host and port used to reach the device
 * service; RTSP URIs keep their scheme and port and get its host. Path and query are kept as sent.
 */
public final class OnvifAddress {
    private OnvifAddress() {}

    public static URI rewrite(URI advertised, URI configured) {
        String scheme = advertised.getScheme() == null ? "http" : advertised.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean http = scheme.equals("http") || scheme.equals("https");
        String newScheme = http ? configured.getScheme() : scheme;
        int port = http ? configured.getPort() : advertised.getPort();
        StringBuilder b = new StringBuilder(newScheme).append("://").append(host(configured.getHost()));
        if (port > 0) b.append(':').append(port);
        b.append(advertised.getRawPath() == null || advertised.getRawPath().isEmpty() ? "/" : advertised.getRawPath());
        if (advertised.getRawQuery() != null) b.append('?').append(advertised.getRawQuery());
        try {
            return new URI(b.toString());
        } catch (URISyntaxException e) {
            return advertised;
        }
    }

    private static String host(String h) {
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }
}
