package io.warden.adapter.onvif;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOption;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The options of one ONVIF camera ({@code cameras[i].options}), declared once in {@link #OPTIONS}
 * (which the gateway's config schema is generated from), read from its {@link AdapterSpec} and
 * checked once (unknown keys refused: a misspelt key would silently fall back to a default); every error names its config path, and a secret's value never appears in one.
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
 *   healthIntervalSeconds: 30   # 5..3600; the clock offset is measured as often
 *   clockSkewWarnSeconds: 10    # 1..3600: a larger offset is a warning (health, event stream, audit)
 *   events: true                # subscribe to the device's events (motion)
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
                                 Duration healthInterval, Endpoint recorder, String recordingToken, String sourceToken,
                                 Duration clockSkewLimit, boolean events) {

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

    private static AdapterOption[] endpoint(String what, String credentials) {
        return new AdapterOption[] {
            AdapterOption.text("host", "the " + what + "'s host name or address").required(),
            AdapterOption.integer("port", 1, 65_535, "its HTTP port").withDefault(80),
            AdapterOption.text("path", "its device service path").withDefault("/onvif/device_service"),
            AdapterOption.bool("https", "use HTTPS").withDefault(false),
            credentials == null ? AdapterOption.text("username", "the user Warden logs in as").required()
                    : AdapterOption.text("username", "the user Warden logs in as; " + credentials),
            credentials == null ? AdapterOption.text("passwordSecret", "secret name of the password, never the password").required()
                    : AdapterOption.text("passwordSecret", "secret name of the password; " + credentials),
        };
    }

    private static AdapterOption[] with(AdapterOption[] a, AdapterOption... b) {
        AdapterOption[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code options.recorder}: the NVR that holds this camera's footage. */
    static final AdapterOptions RECORDER = AdapterOptions.of(with(endpoint("recorder", "username and passwordSecret default to the camera's"),
            AdapterOption.text("recordingToken", "the NVR's recording of this camera (or sourceToken)"),
            AdapterOption.text("sourceToken", "the NVR's source for this camera (or recordingToken)")));

    /** Options only a camera has; a door controller of type onvif refuses them. */
    static final java.util.Set<String> CAMERA_ONLY = java.util.Set.of("profile", "recorder");

    /**
     * {@code options:} of a camera or a door controller of type onvif (one declaration: the config
     * schema has one per type). A controller refuses {@link #CAMERA_ONLY} ones.
     */
    public static final AdapterOptions OPTIONS = AdapterOptions.of(with(endpoint("device", null),
            AdapterOption.text("profile", "cameras only: media profile token; default: the first H.264 profile"),
            AdapterOption.bool("preserveAddress", "rewrite advertised addresses to the configured host and port").withDefault(true),
            AdapterOption.integer("requestTimeoutMs", 500, 30_000, "how long one SOAP request may take").withDefault(5000),
            AdapterOption.integer("healthIntervalSeconds", 5, 3600, "how often the device and its clock are checked").withDefault(30),
            AdapterOption.integer("clockSkewWarnSeconds", 1, 3600, "a clock offset above this is a warning in health, the event stream and the audit trail").withDefault(10),
            AdapterOption.bool("events", "subscribe to the device's events (door and access events, motion)").withDefault(true),
            AdapterOption.object("recorder", RECORDER, "cameras only, optional: footage comes from this NVR instead of the camera")));

    public static OnvifCameraOptions parse(AdapterSpec spec, AdapterContext ctx) {
        AdapterOptions.Values o = OPTIONS.read(spec.options(), spec.path() + ".options");
        Endpoint camera = endpoint(o, ctx, null);
        Duration timeout = Duration.ofMillis(o.integer("requestTimeoutMs", 0));
        Duration health = Duration.ofSeconds(o.integer("healthIntervalSeconds", 0));
        Endpoint recorder = null;
        String recordingToken = null;
        String sourceToken = null;
        AdapterOptions.Values rec = o.object("recorder");
        if (rec != null) {
            recorder = endpoint(rec, ctx, camera);
            recordingToken = rec.text("recordingToken");
            sourceToken = rec.text("sourceToken");
            if (recordingToken != null && sourceToken != null) {
                throw bad(rec.at(), "give recordingToken or sourceToken, not both");
            }
            if (recordingToken == null && sourceToken == null) {
                throw bad(rec.at(), "needs recordingToken or sourceToken to find this camera's footage");
            }
        }
        return new OnvifCameraOptions(camera, o.text("profile"), o.bool("preserveAddress"), timeout, health, recorder, recordingToken, sourceToken,
                Duration.ofSeconds(o.integer("clockSkewWarnSeconds", 0)), o.bool("events"));
    }

    static Endpoint endpoint(AdapterOptions.Values o, AdapterContext ctx, Endpoint defaults) {
        String host = o.text("host");
        int port = o.integer("port", 0);
        String user = o.text("username");
        String secret = o.text("passwordSecret");
        String password;
        if (defaults != null && user == null && secret == null) {
            user = defaults.username();
            password = defaults.password();
        } else {
            if (user == null) throw bad(o.path("username"), "missing");
            if (secret == null) throw bad(o.path("passwordSecret"), "missing");
            String name = secret;
            password = ctx.secret(name).orElseThrow(() -> bad(o.path("passwordSecret"), "secret '" + name + "' is not defined"));
        }
        Endpoint e = new Endpoint(host, port, o.text("path"), o.bool("https"), user, password);
        URI uri;
        try {
            uri = e.deviceService();
        } catch (IllegalStateException ex) {
            throw bad(o.path("host"), "not a valid host: '" + shown(host) + "'");
        }
        // "user@cam" or "cam_1" (no RFC 3986 host) still make a URI, but not one whose host and port are these
        if (uri.getHost() == null || uri.getPort() != port || uri.getRawUserInfo() != null) {
            throw bad(o.path("host"), "not a plain host name or address: '" + shown(host) + "'");
        }
        return e;
    }

    /** The host as given, minus anything before an '@' (someone may have put credentials there). */
    private static String shown(String host) {
        int at = host.lastIndexOf('@');
        return at < 0 ? host : "..." + host.substring(at);
    }

    static WardenException bad(String path, String problem) {
        return AdapterOptions.bad(path, problem);
    }
}
