package io.warden.adapter.onvif;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one ONVIF camera ({@code cameras[i].options}), read from its {@link AdapterSpec}
 * and checked once; every error names its config path, and a secret's value never appears in one.
 *
 * <pre>
 * options:
 *   host: 10.20.1.31            # required
 *   port: 80
 *   path: /onvif/device_service
 *   https: false
 *   username: warden            # required
 *   passwordSecret: CAM1_PASS   # required: a secret name
 *   profile: Profile_1          # optional media profile token; default the first H.264 profile
 *   preserveAddress: true       # rewrite advertised XAddrs and URIs to the configured address
 *   requestTimeoutMs: 5000      # 500..30000
 *   healthIntervalSeconds: 30   # 5..3600
 *   recorder:                   # optional: footage comes from an NVR
 *     host: 10.20.1.30
 *     port: 80
 *     path: /onvif/device_service
 *     https: false
 *     username: nvr             # credentials default to the camera's
 *     passwordSecret: NVR_PASS
 *     recordingToken: Rec_7     # or sourceToken: the NVR's source for this camera
 * </pre>
 */
public record OnvifCameraOptions(Endpoint camera, String profile, boolean preserveAddress, Duration requestTimeout,
                                 Duration healthInterval, Endpoint recorder, String recordingToken, String sourceToken) {

    /** Where a device service is and how to log in. {@link #toString()} leaves the password out. */
    public record Endpoint(String host, int port, String path, boolean https, String username, String password) {
        public URI deviceService() {
            try {
                String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
                return new URI((https ? "https" : "http") + "://" + h + ":" + port + (path.startsWith("/") ? path : "/" + path));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The recorder key of {@link io.warden.adapter.api.Camera#recorder()}. */
        public String key() {
            return "onvif://" + host + ":" + port;
        }

        @Override
        public String toString() {
            return "Endpoint[" + deviceService() + ", user=" + username + "]";
        }
    }

    /** The endpoint that serves footage: the recorder when configured, else the camera. */
    public Endpoint footage() {
        return recorder != null ? recorder : camera;
    }

    private static final Set<String> ENDPOINT_KEYS = Set.of("host", "port", "path", "https", "username", "passwordSecret");
    private static final Set<String> CAMERA_KEYS = union(ENDPOINT_KEYS,
            Set.of("profile", "preserveAddress", "requestTimeoutMs", "healthIntervalSeconds", "recorder"));
    private static final Set<String> RECORDER_KEYS = union(ENDPOINT_KEYS, Set.of("recordingToken", "sourceToken"));

    public static OnvifCameraOptions parse(AdapterSpec spec, AdapterContext ctx) {
        JsonObject o = spec.options();
        String at = spec.path() + ".options";
        known(o, at, CAMERA_KEYS);
        Endpoint camera = endpoint(o, at, ctx, null);
        String profile = optionalText(o, "profile", at);
        boolean preserve = bool(o, "preserveAddress", at, true);
        Duration timeout = Duration.ofMillis(integer(o, "requestTimeoutMs", at, 5000, 500, 30_000));
        Duration health = Duration.ofSeconds(integer(o, "healthIntervalSeconds", at, 30, 5, 3600));
        Endpoint recorder = null;
        String recordingToken = null;
        String sourceToken = null;
        Object r = o.getValue("recorder");
        if (r != null) {
            if (!(r instanceof JsonObject rec)) throw bad(at + ".recorder", "must be a mapping");
            known(rec, at + ".recorder", RECORDER_KEYS);
            recorder = endpoint(rec, at + ".recorder", ctx, camera);
            recordingToken = optionalText(rec, "recordingToken", at + ".recorder");
            sourceToken = optionalText(rec, "sourceToken", at + ".recorder");
            if (recordingToken != null && sourceToken != null) {
                throw bad(at + ".recorder", "give recordingToken or sourceToken, not both");
            }
            if (recordingToken == null && sourceToken == null) {
                throw bad(at + ".recorder", "needs recordingToken or sourceToken to find this camera's footage");
            }
        }
        return new OnvifCameraOptions(camera, profile, preserve, timeout, health, recorder, recordingToken, sourceToken);
    }

    private static Endpoint endpoint(JsonObject o, String at, AdapterContext ctx, Endpoint defaults) {
        String host = optionalText(o, "host", at);
        if (host == null) throw bad(at + ".host", "missing");
        int port = integer(o, "port", at, 80, 1, 65_535);
        String path = optionalText(o, "path", at);
        boolean https = bool(o, "https", at, false);
        String user = optionalText(o, "username", at);
        String secret = optionalText(o, "passwordSecret", at);
        String password;
        if (defaults != null && user == null && secret == null) {
            user = defaults.username();
            password = defaults.password();
        } else {
            if (user == null) throw bad(at + ".username", "missing");
            if (secret == null) throw bad(at + ".passwordSecret", "missing");
            String name = secret;
            password = ctx.secret(name).orElseThrow(() -> bad(at + ".passwordSecret", "secret '" + name + "' is not defined"));
        }
        Endpoint e = new Endpoint(host, port, path == null ? "/onvif/device_service" : path, https, user, password);
        URI uri;
        try {
            uri = e.deviceService();
        } catch (IllegalStateException ex) {
            throw bad(at + ".host", "not a valid host: '" + shown(host) + "'");
        }
        // "user@cam" or "cam_1" (no RFC 3986 host) still make a URI, but not one whose host and port are these
        if (uri.getHost() == null || uri.getPort() != port || uri.getRawUserInfo() != null) {
            throw bad(at + ".host", "not a plain host name or address: '" + shown(host) + "'");
        }
        return e;
    }

    /** A misspelt key ("requestTimeout") would silently fall back to a default: refuse it, as the gateway config does. */
    private static void known(JsonObject o, String at, Set<String> keys) {
        for (String k : o.fieldNames()) {
            if (!keys.contains(k)) throw bad(at + "." + k, "unknown key (known: " + String.join(", ", new TreeSet<>(keys)) + ")");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    /** The host as given, minus anything before an '@' (someone may have put credentials there). */
    private static String shown(String host) {
        int at = host.lastIndexOf('@');
        return at < 0 ? host : "..." + host.substring(at);
    }

    private static String optionalText(JsonObject o, String key, String at) {
        Object v = o.getValue(key);
        if (v == null) return null;
        if (!(v instanceof String s)) throw bad(at + "." + key, "must be a string");
        if (s.isBlank()) throw bad(at + "." + key, "must not be blank");
        return s.strip();
    }

    private static boolean bool(JsonObject o, String key, String at, boolean dflt) {
        Object v = o.getValue(key);
        if (v == null) return dflt;
        if (!(v instanceof Boolean b)) throw bad(at + "." + key, "must be true or false");
        return b;
    }

    private static int integer(JsonObject o, String key, String at, int dflt, int min, int max) {
        Object v = o.getValue(key);
        if (v == null) return dflt;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) throw bad(at + "." + key, "must be a whole number");
        long l = n.longValue();
        if (l < min || l > max) throw bad(at + "." + key, "must be between " + min + " and " + max + ", not " + l);
        return (int) l;
    }

    static WardenException bad(String path, String problem) {
        return new WardenException(ErrorCode.BAD_CONFIG, path + ": " + problem);
    }
}
