package io.warden.adapter.onvif;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterOptions;
import io.warden.adapter.api.AdapterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of one ONVIF door controller ({@code controllers[i].options}), read from the one
 * declaration of type onvif ({@link OnvifCameraOptions#OPTIONS}) and refusing the options only a
 * camera has; and each door's DoorToken ({@code doors[j].point.token}). Every error names its config
 * path; a secret's value never appears in one.
 *
 * <pre>
 * controllers:
 *   - id: east-wing
 *     type: onvif
 *     options: {host: 10.20.1.40, username: warden, passwordSecret: EAST_PASS, healthIntervalSeconds: 30}
 *     doors:
 *       - {id: east-main, point: {token: Door_1}}
 * </pre>
 *
 * @param doorTokens the DoorToken of each configured door, in configuration order
 */
public record OnvifControllerOptions(OnvifCameraOptions.Endpoint device, boolean preserveAddress, Duration requestTimeout,
                                     Duration healthInterval, Duration clockSkewLimit, boolean events, List<String> doorTokens) {
    public OnvifControllerOptions {
        doorTokens = List.copyOf(doorTokens);
    }

    public static OnvifControllerOptions parse(AdapterSpec spec, AdapterContext ctx) {
        String at = spec.path() + ".options";
        for (String key : OnvifCameraOptions.CAMERA_ONLY) {
            if (spec.options().containsKey(key)) {
                throw OnvifCameraOptions.bad(at + "." + key, "only a camera has this option; a door controller (type onvif under controllers:) does not");
            }
        }
        AdapterOptions.Values o = OnvifCameraOptions.OPTIONS.read(spec.options(), at);
        OnvifCameraOptions.Endpoint device = OnvifCameraOptions.endpoint(o, ctx, null);
        List<String> tokens = new ArrayList<>();
        for (AdapterSpec.Door d : spec.doors()) {
            String doorAt = (d.path() == null ? spec.path() + ".doors[" + d.id() + "]" : d.path()) + ".point";
            String token = OnvifDoorControllerAdapter.POINT.read(d.point(), doorAt).text("token");
            if (token == null || token.isBlank()) throw OnvifCameraOptions.bad(doorAt + ".token", "missing: the door's DoorToken on the controller");
            tokens.add(token);
        }
        return new OnvifControllerOptions(device, o.bool("preserveAddress"), Duration.ofMillis(o.integer("requestTimeoutMs", 0)),
                Duration.ofSeconds(o.integer("healthIntervalSeconds", 0)), Duration.ofSeconds(o.integer("clockSkewWarnSeconds", 0)),
                o.bool("events"), tokens);
    }
}
