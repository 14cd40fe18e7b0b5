package io.warden.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the API listens. In a loaded {@link GatewayConfig} the TLS paths are absolute.
 *
 * @param host bind address, default {@code 127.0.0.1} (loopback only: expose it on purpose)
 * @param port 1..65535, default 8080
 * @param tls  PEM certificate and key, or null for plain HTTP
 * @param allowPlaintext serve plain HTTP (bearer tokens readable on the wire) on an address that is not
 *             loopback; without it such a config is refused, with it the gateway warns at every start
 * @param instances how many event loops serve the API (verticle instances), default one per core
 */
public record HttpConfig(String host, Integer port, Tls tls, Boolean allowPlaintext, Integer instances) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public HttpConfig {
        host = host == null ? DEFAULT_HOST : host;
        port = port == null ? DEFAULT_PORT : port;
        allowPlaintext = allowPlaintext != null && allowPlaintext;
        instances = instances == null ? Runtime.getRuntime().availableProcessors() : instances;
    }

    public HttpConfig(String host, Integer port, Tls tls) {
        this(host, port, tls, null, null);
    }

    static HttpConfig defaults() {
        return new HttpConfig(null, null, null);
    }

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\\]?");

    /**
     * Whether {@link #host} can only be reached from this machine: {@code localhost} or a loopback
     * address literal. Any other name counts as exposed: it is not resolved here, and may resolve
     * differently tomorrow.
     */
    public boolean loopback() {
        if (host.equalsIgnoreCase("localhost")) return true;
        if (!IP_LITERAL.matcher(host).matches()) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Plain HTTP on an address others can reach: only with {@link #allowPlaintext}, and warned about at start. */
    public boolean exposedPlaintext() {
        return tls == null && !loopback();
    }

    /**
     * @param cert PEM certificate chain file
     * @param key  PEM private key file (PKCS#8)
     */
    public record Tls(String cert, String key) {
        public Path certPath() {
            return Path.of(cert);
        }

        public Path keyPath() {
            return Path.of(key);
        }
    }
}
