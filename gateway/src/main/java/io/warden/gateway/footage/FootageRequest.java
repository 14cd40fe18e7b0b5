package io.warden.gateway.footage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.Rfc3339;
import io.warden.gateway.config.FootageConfig;
import io.warden.gateway.door.DoorInfo;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A footage request, validated: the window, the reason, the doors or cameras as asked and the
 * cameras they resolve to (a door through its links), without duplicates, in request order.
 *
 * @param doors   the doors as asked (empty when cameras were asked)
 * @param asked   the cameras as asked (empty when doors were asked)
 * @param cameras the cameras to export
 */
public record FootageRequest(List<String> doors, List<String> asked, List<String> cameras, Instant from, Instant to, String reason) {
    /** How far a {@code to} may lie in the future: clocks of the caller and the gateway differ a little. */
    public static final Duration CLOCK_SLACK = Duration.ofSeconds(5);
    static final int MAX_REASON = 500;

    public FootageRequest {
        doors = List.copyOf(doors);
        asked = List.copyOf(asked);
        cameras = List.copyOf(cameras);
    }

    public Duration window() {
        return Duration.between(from, to);
    }

    /**
     * Validates a request body. Throws {@link WardenException} BAD_REQUEST naming the field (window,
     * reason, doors/cameras) or NOT_FOUND naming the unknown door or camera.
     *
     * @param now the gateway's clock now
     */
    public static FootageRequest parse(JsonObject body, CameraDirectory directory, FootageConfig config, Instant now) {
        Object rawDoors = body.getValue("doors");
        Object rawCameras = body.getValue("cameras");
        if (rawDoors != null && rawCameras != null) throw bad("doors, cameras: give either doors or cameras, not both");
        if (rawDoors == null && rawCameras == null) throw bad("doors, cameras: one of them is required");
        Instant from = instant(body, "from");
        Instant to = instant(body, "to");
        if (!to.isAfter(from)) throw bad("to: must be after from (" + from + ")");
        if (Duration.between(from, to).compareTo(config.maxWindow()) > 0) {
            throw bad("to: the window is longer than the maximum of " + config.maxWindowMinutes() + " minutes (footage.maxWindowMinutes)");
        }
        if (to.isAfter(now.plus(CLOCK_SLACK))) throw bad("to: is in the future (now is " + now + ")");
        Object r = body.getValue("reason");
        if (!(r instanceof String reason) || reason.isBlank()) throw bad("reason: required, say why the footage is needed");
        if (reason.length() > MAX_REASON) throw bad("reason: at most " + MAX_REASON + " characters");
        List<String> doors = ids(rawDoors, "doors");
        List<String> asked = ids(rawCameras, "cameras");
        Set<String> cameras = new LinkedHashSet<>();
        for (int i = 0; i < doors.size(); i++) {
            String id = doors.get(i);
            DoorInfo d = directory.door(id).orElseThrow(() -> new WardenException(ErrorCode.NOT_FOUND, "doors: no door '" + id + "'"));
            if (d.cameras().isEmpty()) throw bad("doors[" + i + "]: door '" + id + "' has no camera linked to it");
            cameras.addAll(d.cameras());
        }
        for (String id : asked) {
            if (directory.camera(id).isEmpty()) throw new WardenException(ErrorCode.NOT_FOUND, "cameras: no camera '" + id + "'");
            cameras.add(id);
        }
        return new FootageRequest(doors, asked, new ArrayList<>(cameras), from, to, reason.strip());
    }

    private static List<String> ids(Object raw, String field) {
        if (raw == null) return List.of();
        if (!(raw instanceof JsonArray a)) throw bad(field + ": must be a list of ids");
        if (a.isEmpty()) throw bad(field + ": must not be empty");
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < a.size(); i++) {
            if (!(a.getValue(i) instanceof String s) || s.isBlank()) throw bad(field + "[" + i + "]: must be an id");
            out.add(s);
        }
        return new ArrayList<>(out);
    }

    private static Instant instant(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) throw bad(field + ": required (RFC 3339, e.g. 2026-12-01T10:02:00Z)");
        if (!(v instanceof String s)) throw bad(field + ": must be an RFC 3339 date-time");
        try {
            return Rfc3339.parse(s);
        } catch (DateTimeException e) {
            throw bad(field + ": '" + s + "' is not an RFC 3339 date-time such as " + Rfc3339.EXAMPLES);
        }
    }

    private static WardenException bad(String message) {
        return new WardenException(ErrorCode.BAD_REQUEST, message);
    }
}
