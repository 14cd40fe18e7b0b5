package io.warden.gateway.config;

import java.nio.file.Path;

/**
 * Where the API listens. In a loaded {@link GatewayConfig} the TLS paths are absolute.
 *
 * @param host bind address, default {@code 127.0.0.1} (loopback only: expose it on purpose)
 * @param port 1..65535, default 8080
 * @param tls  PEM certificate and key, or null for plain HTTP
 * @param instances how many event loops serve the API (verticle instances), default one per core
 */
public record HttpConfig(String host, Integer port, Tls tls, Integer instances) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public HttpConfig {
        host = host == null ? DEFAULT_HOST : host;
        port = port == null ? DEFAULT_PORT : port;
        instances = instances == null ? Runtime.getRuntime().availableProcessors() : instances;
    }

    public HttpConfig(String host, Integer port, Tls tls) {
        this(host, port, tls, null);
    }

    static HttpConfig defaults() {
        return new HttpConfig(null, null, null);
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
