package io.warden.adapter.onvif.soap;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Fetches a snapshot URI: HTTP GET, answering a 401 challenge with Digest (or Basic); the answer
 * must be a JPEG (image/jpeg or the FF D8 magic) of at most {@link #MAX_BYTES}. Non-blocking.
 */
public final class OnvifSnapshotFetcher {
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    private final OnvifHttp http;
    private final Duration requestTimeout;
    private final SecureRandom random = new SecureRandom();

    public OnvifSnapshotFetcher(OnvifHttp http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    public Future<Buffer> fetch(URI uri, String username, String password, Instant deadline) {
        return http.exchange(HttpMethod.GET, uri, null, null, deadline, requestTimeout, MAX_BYTES, "snapshot")
                .compose(r -> {
                    if (r.status() != 401) return Future.succeededFuture(r);
                    Optional<OnvifHttpDigest.Challenge> c = OnvifHttpDigest.choose(OnvifHttpDigest.parse(r.all("WWW-Authenticate")), "https".equalsIgnoreCase(uri.getScheme()));
                    if (c.isEmpty()) return Future.succeededFuture(r);
                    byte[] cn = new byte[8];
                    random.nextBytes(cn);
                    String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("Authorization",
                            OnvifHttpDigest.authorization(c.get(), "GET", target, username, password, 1, HexFormat.of().formatHex(cn)));
                    return http.exchange(HttpMethod.GET, uri, h, null, deadline, requestTimeout, MAX_BYTES, "snapshot");
                })
                .compose(OnvifSnapshotFetcher::jpeg);
    }

    private static Future<Buffer> jpeg(OnvifHttp.Reply r) {
        if (r.status() == 401 || r.status() == 403) {
            return Future.failedFuture(new WardenException(ErrorCode.AUTHENTICATION_FAILED,
                    "snapshot: the device refused the credentials (HTTP " + r.status() + ")"));
        }
        if (r.status() == 404) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "snapshot: HTTP 404"));
        if (r.status() / 100 != 2) {
            return Future.failedFuture(new WardenException(ErrorCode.DEVICE_REJECTED, "snapshot: HTTP " + r.status()));
        }
        Buffer b = r.body();
        String type = r.headers().get("Content-Type");
        boolean magic = b.length() >= 2 && (b.getByte(0) & 0xFF) == 0xFF && (b.getByte(1) & 0xFF) == 0xD8;
        if (!magic) {
            return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR,
                    "snapshot: not a JPEG (Content-Type " + type + ", " + b.length() + " bytes)"));
        }
        return Future.succeededFuture(b);
    }
}
