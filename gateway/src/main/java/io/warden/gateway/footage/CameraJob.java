package io.warden.gateway.footage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.CameraInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One camera of a {@link FootageJob}: its status, progress and, once finished, clips and gaps. Synchronized. */
public final class CameraJob {
    /** A stretch of the requested window. */
    public record Range(Instant from, Instant to) {
        JsonObject toJson() {
            return new JsonObject().put("from", from.toString()).put("to", to.toString());
        }

        static Range fromJson(JsonObject j) {
            return new Range(Instant.parse(j.getString("from")), Instant.parse(j.getString("to")));
        }
    }

    private final String id;
    private FootageJob.Status status = FootageJob.Status.QUEUED;
    private String detail;
    private Duration requested;
    private Duration covered = Duration.ZERO;
    private long frames;
    private long bytes;
    private List<Clip> clips = List.of();
    private List<Range> gaps = List.of();
    private List<Range> coveredRanges = List.of();
    private JsonObject info;
    private JsonObject infoError;
    private String recorder;
    private List<String> recordingTokens = List.of();
    private Long clockOffsetMs;

    CameraJob(String id, Duration requested) {
        this.id = id;
        this.requested = requested;
    }

    public String id() {
        return id;
    }

    public synchronized FootageJob.Status status() {
        return status;
    }

    public synchronized String detail() {
        return detail;
    }

    public synchronized List<Clip> clips() {
        return clips;
    }

    public synchronized List<Range> gaps() {
        return gaps;
    }

    public synchronized List<Range> coveredRanges() {
        return coveredRanges;
    }

    synchronized double requestedSeconds() {
        return requested.toMillis() / 1000.0;
    }

    synchronized double coveredSeconds() {
        return covered.toMillis() / 1000.0;
    }

    synchronized void requested(Duration d) {
        requested = d;
    }

    synchronized void status(FootageJob.Status s, String why) {
        if (status.finished()) return;
        status = s;
        if (why != null) detail = why;
    }

    synchronized void note(String why) {
        detail = detail == null ? why : detail + "; " + why;
    }

    synchronized void progress(ClipProgress p) {
        covered = p.covered();
        frames = p.frames();
        bytes = p.bytes();
    }

    synchronized void finished(List<Clip> clips, List<Range> covered, List<Range> gaps) {
        this.clips = List.copyOf(clips);
        this.coveredRanges = List.copyOf(covered);
        this.gaps = List.copyOf(gaps);
        Duration sum = Duration.ZERO;
        for (Range r : covered) sum = sum.plus(Duration.between(r.from(), r.to()));
        this.covered = sum;
        this.frames = clips.stream().mapToLong(Clip::frames).sum();
        this.bytes = clips.stream().mapToLong(Clip::bytes).sum();
    }

    /** Forget clips (their files were removed). */
    synchronized void dropClips() {
        clips = List.of();
        coveredRanges = List.of();
        covered = Duration.ZERO;
        frames = 0;
        bytes = 0;
    }

    synchronized void device(String recorder, List<String> tokens, Long clockOffsetMs) {
        this.recorder = recorder;
        if (tokens != null) this.recordingTokens = List.copyOf(tokens);
        this.clockOffsetMs = clockOffsetMs;
    }

    synchronized void info(CameraInfo i, String errorCode, String errorDetail) {
        info = i == null ? null : new JsonObject().put("manufacturer", i.manufacturer()).put("model", i.model())
                .put("firmware", i.firmware()).put("serialNumber", i.serialNumber()).put("hardwareId", i.hardwareId());
        infoError = errorCode == null ? null : new JsonObject().put("code", errorCode).put("detail", errorDetail);
    }

    synchronized JsonObject info() {
        return info == null ? null : info.copy();
    }

    synchronized JsonObject infoError() {
        return infoError == null ? null : infoError.copy();
    }

    synchronized String recorder() {
        return recorder;
    }

    synchronized List<String> recordingTokens() {
        return recordingTokens;
    }

    synchronized Long clockOffsetMs() {
        return clockOffsetMs;
    }

    synchronized JsonObject toJson(boolean persisted) {
        double req = requestedSeconds();
        double cov = Math.min(coveredSeconds(), req);
        JsonObject j = new JsonObject().put("id", id).put("status", status.id());
        if (detail != null) j.put("detail", detail);
        j.put("requestedSeconds", req).put("coveredSeconds", cov)
                .put("percent", req <= 0 ? 0 : (int) Math.min(100, Math.floor(cov * 100 / req)))
                .put("frames", frames).put("bytes", bytes);
        JsonArray cs = new JsonArray();
        for (Clip c : clips) cs.add(clipJson(c));
        JsonArray gs = new JsonArray();
        for (Range g : gaps) gs.add(g.toJson());
        j.put("clips", cs).put("gaps", gs);
        if (persisted) {
            JsonArray cr = new JsonArray();
            for (Range r : coveredRanges) cr.add(r.toJson());
            j.put("covered", cr).put("info", info).put("infoError", infoError).put("recorder", recorder)
                    .put("recordingTokens", new JsonArray(recordingTokens)).put("clockOffsetMs", clockOffsetMs);
        }
        return j;
    }

    static JsonObject clipJson(Clip c) {
        return new JsonObject().put("file", c.file()).put("from", c.from().toString()).put("to", c.to().toString())
                .put("frames", c.frames()).put("bytes", c.bytes()).put("sha256", c.sha256());
    }

    static CameraJob fromJson(JsonObject j) {
        CameraJob c = new CameraJob(j.getString("id"), Duration.ofMillis(Math.round(j.getDouble("requestedSeconds", 0.0) * 1000)));
        c.status = FootageJob.Status.parse(j.getString("status"));
        c.detail = j.getString("detail");
        List<Clip> clips = new ArrayList<>();
        for (Object o : j.getJsonArray("clips", new JsonArray())) {
            JsonObject k = (JsonObject) o;
            clips.add(new Clip(k.getString("file"), Instant.parse(k.getString("from")), Instant.parse(k.getString("to")),
                    k.getLong("frames"), k.getLong("bytes"), k.getString("sha256")));
        }
        List<Range> gaps = new ArrayList<>();
        for (Object o : j.getJsonArray("gaps", new JsonArray())) gaps.add(Range.fromJson((JsonObject) o));
        List<Range> covered = new ArrayList<>();
        for (Object o : j.getJsonArray("covered", new JsonArray())) covered.add(Range.fromJson((JsonObject) o));
        c.finished(clips, covered, gaps);
        c.info = j.getJsonObject("info");
        c.infoError = j.getJsonObject("infoError");
        c.recorder = j.getString("recorder");
        List<String> tokens = new ArrayList<>();
        for (Object o : j.getJsonArray("recordingTokens", new JsonArray())) tokens.add(String.valueOf(o));
        c.recordingTokens = List.copyOf(tokens);
        c.clockOffsetMs = j.getLong("clockOffsetMs");
        return c;
    }
}
