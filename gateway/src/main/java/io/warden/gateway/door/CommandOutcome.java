package io.warden.gateway.door;

/**
 * What became of an operator's door command.
 *
 * @param result    {@code confirmed} (the device reported the new state) or {@code failed}
 * @param detail    the device's answer or why it failed
 * @param latencyMs from the request to the device's answer
 */
public record CommandOutcome(String door, String command, String result, String detail, long latencyMs) {
    public boolean confirmed() {
        return "confirmed".equals(result);
    }
}
