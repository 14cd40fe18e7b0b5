package io.warden.adapter.onvif.events;

import java.time.Instant;
import java.util.Map;

/**
 * One {@code wsnt:NotificationMessage} of a PullMessages reply (onvif.md §5), as the device sent it.
 *
 * @param topic     the topic with its prefix resolved: for the ONVIF topic set the bare path, e.g.
 *                  {@code Door/State/DoorMode}; for any other namespace {@code {namespace}path}
 * @param utcTime   the message's {@code UtcTime} (the device's clock)
 * @param operation {@code Initialized}, {@code Changed}, {@code Deleted}, or null (not a property event)
 * @param source    the Source SimpleItems, name → value, in document order
 * @param data      the Data SimpleItems, name → value, in document order
 */
public record OnvifNotification(String topic, Instant utcTime, String operation, Map<String, String> source, Map<String, String> data) {
    public OnvifNotification {
        source = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(source));
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }

    /** True for {@code topic} itself and any topic below it: {@code under("AccessControl/Denied")}. */
    public boolean under(String prefix) {
        return topic.equals(prefix) || topic.startsWith(prefix + "/");
    }
}
