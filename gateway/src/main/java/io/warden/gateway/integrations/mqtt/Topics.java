package io.warden.gateway.integrations.mqtt;

/**
 * Warden's MQTT topic layout under the configured base topic (default {@code warden}). Site and door ids are
 * config ids ({@code [a-z0-9][a-z0-9_.-]*}), so they never hold a topic separator or wildcard; a device id may
 * hold one {@code /} (an OSDP PD is {@code <line>/<address>}), which then is a topic level.
 *
 * <pre>
 *   warden/available                       online | offline          retained; the last will says offline
 *   warden/&lt;site&gt;/&lt;door&gt;/state             door state JSON          retained, on every change
 *   warden/&lt;site&gt;/&lt;door&gt;/availability      online | offline          retained: whether the door's device answers
 *   warden/&lt;site&gt;/&lt;door&gt;/set               LOCK | UNLOCK             Home Assistant's commands (only doors the config enables)
 *   warden/&lt;site&gt;/lockdown                 lockdowns JSON           retained: the site's active lockdowns
 *   warden/devices/&lt;device&gt;/availability   online | offline          retained, per controller and device
 *   warden/events/&lt;type&gt;                   audit record JSON        every event, not retained
 * </pre>
 */
public record Topics(String base) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public String available() {
        return base + "/available";
    }

    public String doorState(String site, String door) {
        return base + "/" + site + "/" + door + "/state";
    }

    public String doorAvailability(String site, String door) {
        return base + "/" + site + "/" + door + "/availability";
    }

    public String doorCommand(String site, String door) {
        return base + "/" + site + "/" + door + "/set";
    }

    /** Every door's command topic, to subscribe to. */
    public String doorCommands() {
        return base + "/+/+/set";
    }

    public String lockdown(String site) {
        return base + "/" + site + "/lockdown";
    }

    public String deviceAvailability(String device) {
        return base + "/devices/" + device + "/availability";
    }

    public String event(String type) {
        return base + "/events/" + type;
    }
}
