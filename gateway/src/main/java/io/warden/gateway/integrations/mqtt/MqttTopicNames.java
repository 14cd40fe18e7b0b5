package io.warden.gateway.integrations.mqtt;

import java.nio.charset.StandardCharsets;

/** MQTT 3.1.1 §4.7: a topic name to publish to is 1..65535 bytes of UTF-8 without wildcards or NUL. */
final class MqttTopicNames {
    private MqttTopicNames() {}

    static boolean valid(String topic) {
        if (topic == null || topic.isEmpty()) return false;
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0) return false;
        return topic.getBytes(StandardCharsets.UTF_8).length <= 65_535;
    }
}
