package io.warden.gateway.footage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One footage job and the state of each of its cameras. Mutable; every method is synchronized, so
 * the API, the export and the progress timer may touch it from different threads. Its JSON is both
 * the API's {@code <job>} and, with {@code persisted}, what {@code job.json} holds.
 */
public final class FootageJob {
    public enum Status {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }

        static Status parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    private final String id;
    private final boolean automatic;
    private final String requestedBy;
    private final String source;
    private String reason;
    private final Instant from;
    private Instant to;
    private final Instant createdAt;
    private final List<String> doors;
    private final List<String> asked;
    private final List<CameraJob> cameras = new ArrayList<>();
    private Status status = Status.QUEUED;
    private Instant finishedAt;
    private long requestSeq;
    private String detail;

    public FootageJob(String id, boolean automatic, String requestedBy, String source, FootageRequest request, Instant createdAt) {
        this.id = id;
        this.automatic = automatic;
        this.requestedBy = requestedBy;
        this.source = source;
        this.reason = request.reason();
        this.from = request.from();
        this.to = request.to();
        this.createdAt = createdAt;
        this.doors = request.doors();
        this.asked = request.asked();
        for (String c : request.cameras()) cameras.add(new CameraJob(c, Duration.between(from, to)));
    }

    private FootageJob(JsonObject j) {
        id = j.getString("id");
        automatic = j.getBoolean("automatic", false);
        requestedBy = j.getString("requestedBy");
        source = j.getString("source");
        reason = j.getString("reason");
        from = Instant.parse(j.getString("from"));
        to = Instant.parse(j.getString("to"));
        createdAt = Instant.parse(j.getString("createdAt"));
        doors = strings(j.getJsonArray("doors"));
        asked = strings(j.getJsonArray("askedCameras"));
        status = Status.parse(j.getString("status"));
        finishedAt = j.getString("finishedAt") == null ? null : Instant.parse(j.getString("finishedAt"));
        requestSeq = j.getLong("requestSeq", 0L);
        detail = j.getString("detail");
        for (Object o : j.getJsonArray("cameras", new JsonArray())) cameras.add(CameraJob.fromJson((JsonObject) o));
    }

    /** A job as {@link #toJson(boolean) persisted}. */
    public static FootageJob fromJson(JsonObject json) {
        return new FootageJob(json);
    }

    public String id() {
        return id;
    }

    public boolean automatic() {
        return automatic;
    }

    public String requestedBy() {
        return requestedBy;
    }

    public String source() {
        return source;
    }

    public Instant from() {
        return from;
    }

    public synchronized Instant to() {
        return to;
    }

    public synchronized String reason() {
        return reason;
    }

    public List<String> doors() {
        return doors;
    }

    public List<String> askedCameras() {
        return asked;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized long requestSeq() {
        return requestSeq;
    }

    public synchronized String detail() {
        return detail;
    }

    public synchronized Instant finishedAt() {
        return finishedAt;
    }

    public synchronized List<CameraJob> cameras() {
        return List.copyOf(cameras);
    }

    synchronized void requestSeq(long seq) {
        requestSeq = seq;
    }

    /** Moves an automatic job's end later while it has not started (deduplicated capture). */
    synchronized boolean extend(Instant newTo, String note) {
        if (status != Status.QUEUED || !newTo.isAfter(to)) return false;
        to = newTo;
        for (CameraJob c : cameras) c.requested(Duration.between(from, to));
        detail = detail == null ? note : detail + "; " + note;
        return true;
    }

    synchronized void note(String note) {
        detail = detail == null ? note : detail + "; " + note;
    }

    /** Sets the status unless the job already finished; true when it changed. */
    synchronized boolean status(Status next, String why, Instant now) {
        if (status.finished()) return false;
        status = next;
        if (why != null) detail = why;
        if (next.finished()) finishedAt = now;
        return true;
    }

    /** The API's {@code <job>}; {@code persisted} adds what only job.json needs. */
    public synchronized JsonObject toJson(boolean persisted) {
        JsonObject j = new JsonObject().put("id", id).put("status", status.id()).put("automatic", automatic)
                .put("requestedBy", requestedBy).put("reason", reason).put("from", from.toString()).put("to", to.toString())
                .put("createdAt", createdAt.toString()).put("requestSeq", requestSeq);
        if (finishedAt != null) j.put("finishedAt", finishedAt.toString());
        if (detail != null) j.put("detail", detail);
        j.put("doors", new JsonArray(doors));
        JsonArray cams = new JsonArray();
        double requested = 0;
        double covered = 0;
        for (CameraJob c : cameras) {
            cams.add(c.toJson(persisted));
            requested += c.requestedSeconds();
            covered += Math.min(c.coveredSeconds(), c.requestedSeconds());
        }
        int percent = status == Status.DONE ? 100 : requested <= 0 ? 0 : (int) Math.min(100, Math.floor(covered * 100 / requested));
        j.put("percent", percent).put("cameras", cams);
        if (status == Status.DONE) j.put("package", "/api/v1/footage/" + id + "/package.zip");
        if (persisted) j.put("source", source).put("askedCameras", new JsonArray(asked));
        return j;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) for (Object o : a) out.add(String.valueOf(o));
        return List.copyOf(out);
    }
}
