package io.warden.sim.rtsp;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.onvif.h264.H264AnnexB;
import io.warden.sim.onvif.SimulatedRecording;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The footage of one simulated recording: which frame was captured when (SHARED-SPEC "Simulated
 * footage"). Frame {@code k} is captured at {@code start + k × 100 ms}; frames that would fall in a
 * gap do not exist, and the numbering continues after the gap. A keyframe every 10 frames counted
 * from the start, and on the first frame after a gap. The picture is the committed 40-frame clip
 * looped: frame {@code k} shows clip frame {@code k mod 40}, except that a section starting mid-GOP
 * plays its clip GOP from the IDR so that every frame stays decodable. Immutable, thread safe; pure
 * arithmetic, no I/O after the clip is loaded.
 */
public final class SimulatedFootage {
    public static final Duration FRAME_INTERVAL = Duration.ofMillis(100);
    public static final int GOP = 10;
    /** RTP clock ticks per frame (90 kHz, 10 frames/s). */
    public static final long TICKS_PER_FRAME = 9000;
    private static final long FRAME_NANOS = FRAME_INTERVAL.toNanos();

    /** One frame to send. */
    public record Frame(long index, Instant time, boolean keyframe, List<Buffer> slices) {}

    /** The looped clip: one entry per picture, its slice NAL units; the SPS/PPS of the stream. */
    public record Clip(List<List<Buffer>> pictures, List<Boolean> idr, VideoFormat format) {
        public int size() {
            return pictures.size();
        }
    }

    private static volatile Clip clip;

    private final SimulatedRecording recording;

    public SimulatedFootage(SimulatedRecording recording) {
        this.recording = Objects.requireNonNull(recording, "recording");
    }

    public SimulatedRecording recording() {
        return recording;
    }

    /** The clip, loaded once from {@code /io/warden/sim/onvif/clip.h264}. */
    public static Clip clip() {
        Clip c = clip;
        if (c == null) {
            c = load();
            clip = c;
        }
        return c;
    }

    private static Clip load() {
        byte[] bytes;
        try (InputStream in = SimulatedFootage.class.getResourceAsStream("/io/warden/sim/onvif/clip.h264")) {
            if (in == null) throw new IllegalStateException("clip.h264 missing from the classpath");
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<Buffer>> pictures = new ArrayList<>();
        List<Boolean> idr = new ArrayList<>();
        Buffer sps = null;
        Buffer pps = null;
        for (Buffer nal : H264AnnexB.nalUnits(Buffer.buffer(bytes))) {
            int type = H264AnnexB.type(nal);
            if (type == H264AnnexB.NAL_SPS && sps == null) sps = nal;
            else if (type == H264AnnexB.NAL_PPS && pps == null) pps = nal;
            else if (type == 1 || type == H264AnnexB.NAL_IDR) {
                boolean firstSlice = nal.length() > 1 && (nal.getUnsignedByte(1) & 0x80) != 0; // first_mb_in_slice == 0
                if (firstSlice || pictures.isEmpty()) {
                    pictures.add(new ArrayList<>());
                    idr.add(type == H264AnnexB.NAL_IDR);
                }
                pictures.get(pictures.size() - 1).add(nal);
            }
        }
        if (sps == null || pps == null || pictures.size() % GOP != 0 || !idr.get(0)) {
            throw new IllegalStateException("clip.h264 is not the expected stream (SPS, PPS, whole GOPs of " + GOP + ")");
        }
        List<List<Buffer>> frozen = new ArrayList<>();
        for (List<Buffer> p : pictures) frozen.add(List.copyOf(p));
        return new Clip(List.copyOf(frozen), List.copyOf(idr), new VideoFormat(List.of(sps), List.of(pps)));
    }

    /** When frame {@code k} is (or would be) captured. */
    public Instant timeOf(long k) {
        return recording.start().plusNanos(k * FRAME_NANOS);
    }

    /** The first frame index captured at or after {@code t} (gaps and the end not considered). */
    public long ceilFrame(Instant t) {
        long nanos = Duration.between(recording.start(), t).toNanos();
        return nanos <= 0 ? 0 : (nanos + FRAME_NANOS - 1) / FRAME_NANOS;
    }

    private SimulatedRecording.Gap gapAt(Instant t) {
        for (SimulatedRecording.Gap g : recording.gaps()) {
            if (!t.isBefore(g.from()) && t.isBefore(g.to())) return g;
        }
        return null;
    }

    /** The first frame at or after index {@code k} that is not in a gap (the end not considered). */
    public long nextFrom(long k) {
        long i = Math.max(0, k);
        SimulatedRecording.Gap g;
        while ((g = gapAt(timeOf(i))) != null) i = ceilFrame(g.to());
        return i;
    }

    /** Whether frame {@code k} has been captured as of {@code now}. */
    public boolean exists(long k, Instant now) {
        Instant t = timeOf(k);
        return k >= 0 && t.isBefore(recording.endAt(now).plusNanos(1)) && (recording.end() == null || t.isBefore(recording.end()))
                && gapAt(t) == null;
    }

    /** The first frame of the continuous section holding frame {@code k}. */
    public long sectionStart(long k) {
        Instant t = timeOf(k);
        long start = 0;
        for (SimulatedRecording.Gap g : recording.gaps()) {
            if (!g.to().isAfter(t)) start = Math.max(start, ceilFrame(g.to()));
        }
        return start;
    }

    public boolean keyframe(long k) {
        return k % GOP == 0 || k == sectionStart(k);
    }

    /** The clean point a replay from {@code from} starts at: the keyframe at or before it, or the first frame after a gap. */
    public long startFrame(Instant from) {
        if (!from.isAfter(recording.start())) return 0;
        if (gapAt(from) != null) return nextFrom(ceilFrame(from));
        long k = Duration.between(recording.start(), from).toNanos() / FRAME_NANOS;
        if (gapAt(timeOf(k)) != null) return nextFrom(k);
        return Math.max(k - k % GOP, sectionStart(k));
    }

    /** Frame {@code k} is the last before a gap, or the last of a recording that has stopped (ONVIF's E bit). */
    public boolean endOfSection(long k) {
        long next = nextFrom(k + 1);
        return next != k + 1 || endOfFootage(k);
    }

    /** Frame {@code k} is the last of a recording that has stopped. */
    public boolean endOfFootage(long k) {
        return recording.end() != null && !timeOf(nextFrom(k + 1)).isBefore(recording.end());
    }

    /** Frame {@code k}: its time, whether it is a keyframe, and the slices of its picture. */
    public Frame frame(long k) {
        Clip c = clip();
        long s = sectionStart(k);
        long picture;
        if (s % GOP != 0 && k < s + (GOP - s % GOP)) {
            picture = (s % c.size()) / GOP * GOP + (k - s); // a section starting mid-GOP: its clip GOP from the IDR
        } else {
            picture = k % c.size();
        }
        return new Frame(k, timeOf(k), keyframe(k), c.pictures().get((int) picture));
    }

    /** Frame {@code n} of the live view: the clip looped from its first frame. */
    public static Frame liveFrame(long n, Instant time) {
        Clip c = clip();
        int picture = (int) (n % c.size());
        return new Frame(n, time, c.idr().get(picture), c.pictures().get(picture));
    }
}
