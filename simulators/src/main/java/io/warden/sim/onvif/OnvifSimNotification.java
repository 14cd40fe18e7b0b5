package io.warden.sim.onvif;

import static io.warden.sim.onvif.OnvifSimXml.esc;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event a simulated device publishes (onvif.md §5): rendered as a {@code wsnt:NotificationMessage}.
 *
 * @param topic     the topic path in the ONVIF topic set, without prefix, e.g. {@code Door/State/DoorMode}
 * @param utcTime   when it happened on the device's clock
 * @param operation {@code Initialized}, {@code Changed}, {@code Deleted}, or null (not a property event)
 * @param source    Source SimpleItems, in order
 * @param data      Data SimpleItems, in order
 */
public record OnvifSimNotification(String topic, Instant utcTime, String operation, Map<String, String> source, Map<String, String> data) {
    public OnvifSimNotification {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(utcTime, "utcTime");
        source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** The same message with another PropertyOperation (an Initialized copy of a current state). */
    public OnvifSimNotification as(String op, Instant time) {
        return new OnvifSimNotification(topic, time, op, source, data);
    }

    /** The {@code wsnt:NotificationMessage} element (prefixes declared by the reply envelope). */
    public String toXml() {
        StringBuilder sb = new StringBuilder("<wsnt:NotificationMessage><wsnt:Topic Dialect=\"")
                .append(OnvifSimEventService.CONCRETE_SET).append("\">tns1:").append(esc(topic)).append("</wsnt:Topic>")
                .append("<wsnt:Message><tt:Message UtcTime=\"").append(OnvifSimXml.time(utcTime)).append('"');
        if (operation != null) sb.append(" PropertyOperation=\"").append(esc(operation)).append('"');
        sb.append("><tt:Source>");
        items(sb, source);
        sb.append("</tt:Source><tt:Data>");
        items(sb, data);
        return sb.append("</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>").toString();
    }

    private static void items(StringBuilder sb, Map<String, String> items) {
        items.forEach((k, v) -> sb.append("<tt:SimpleItem Name=\"").append(esc(k)).append("\" Value=\"").append(esc(v)).append("\"/>"));
    }
}
