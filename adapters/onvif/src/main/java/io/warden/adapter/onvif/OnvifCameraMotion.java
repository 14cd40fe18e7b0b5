package io.warden.adapter.onvif;

import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.onvif.events.OnvifNotification;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's motion notifications (onvif.md §5) as {@link DeviceEvent.Motion}, on change only: both motion topics
 * are property events, so each subscription starts with an Initialized burst of the current state, and a camera may
 * repeat a state; only a state that differs from the last one seen for the same detector becomes an event (a
 * detector never seen counts as still). Not thread-safe: one subscription's listener calls it, in order.
 *
 * <ul>
 *   <li>{@code VideoSource/MotionAlarm}: Source {@code Source} (the video source token), Data {@code State}</li>
 *   <li>{@code RuleEngine/CellMotionDetector/Motion}: Source {@code VideoSourceConfigurationToken} (plus the
 *       analytics configuration and rule, which name the detector), Data {@code IsMotion}</li>
 * </ul>
 */
final class OnvifCameraMotion {
    private static final Logger LOG = LoggerFactory.getLogger(OnvifCameraMotion.class);

    /** The TopicExpression a camera subscription filters with. */
    static final String TOPICS = "tns1:VideoSource/MotionAlarm|tns1:RuleEngine/CellMotionDetector/Motion";
    static final String MOTION_ALARM = "VideoSource/MotionAlarm";
    static final String CELL_MOTION = "RuleEngine/CellMotionDetector/Motion";
    /** The most detectors (and malformed topics) remembered: a camera inventing new Source items cannot grow them without end. */
    static final int MAX_DETECTORS = 256;

    private final AdapterContext ctx;
    private final String cameraId;
    /** detector (topic and all its Source items) → last state seen. */
    private final Map<String, Boolean> state = new HashMap<>();
    private final Set<String> complained = new HashSet<>();
    private boolean tooMany;

    OnvifCameraMotion(AdapterContext ctx, String cameraId) {
        this.ctx = ctx;
        this.cameraId = cameraId;
    }

    void messages(List<OnvifNotification> messages) {
        for (OnvifNotification m : messages) message(m);
    }

    private void message(OnvifNotification m) {
        String source;
        String value;
        if (m.under(MOTION_ALARM)) {
            source = item(m.source(), "Source");
            value = m.data().get("State");
        } else if (m.under(CELL_MOTION)) {
            source = item(m.source(), "VideoSourceConfigurationToken");
            value = m.data().get("IsMotion");
        } else {
            return; // a camera that ignored the filter: other topics are not motion
        }
        if ("Deleted".equals(m.operation())) return;
        Boolean active = bool(value);
        if (source == null || active == null) {
            if (complained.size() < MAX_DETECTORS && complained.add(m.topic())) {
                LOG.warn("event=camera.motion_malformed camera={} topic={} source={} data={}", cameraId, m.topic(), m.source(), m.data());
            }
            return;
        }
        String detector = m.topic() + m.source();
        if (!state.containsKey(detector) && state.size() >= MAX_DETECTORS) {
            if (!tooMany) LOG.warn("event=camera.motion_too_many_detectors camera={} max={} dropped={}", cameraId, MAX_DETECTORS, detector);
            tooMany = true;
            return;
        }
        Boolean before = state.put(detector, active);
        if (active.equals(before == null ? Boolean.FALSE : before)) return;
        ctx.emit(new DeviceEvent.Motion(cameraId, null, ctx.clock().instant(), source, active), m.utcTime());
    }

    /** The named Source item, else the first one (a camera naming it differently still has one detector). */
    private static String item(Map<String, String> source, String name) {
        String v = source.get(name);
        if (v == null && !source.isEmpty()) v = source.values().iterator().next();
        return v == null || v.isBlank() ? null : v;
    }

    /** xs:boolean. */
    private static Boolean bool(String v) {
        if (v == null) return null;
        return switch (v.trim()) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }
}
