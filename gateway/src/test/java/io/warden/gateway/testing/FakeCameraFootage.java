package io.warden.gateway.testing;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.onvif.h264.H264AnnexB;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed simulator clip ({@code /io/warden/sim/onvif/clip.h264}: 40 frames, 10 fps, an IDR
 * with SPS/PPS every 10 frames) cut into access units in the MP4 sample format (4-byte lengths),
 * parameter sets taken out. Loaded once.
 */
public final class FakeCameraFootage {
    public static final FakeCameraFootage CLIP = load();

    public final VideoFormat format;
    /** One entry per frame: its NAL units, length-prefixed. */
    public final List<Buffer> frames;
    public final List<Boolean> keyframes;

    private FakeCameraFootage(VideoFormat format, List<Buffer> frames, List<Boolean> keyframes) {
        this.format = format;
        this.frames = List.copyOf(frames);
        this.keyframes = List.copyOf(keyframes);
    }

    public static byte[] resource(String name) {
        try (InputStream in = FakeCameraFootage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is not on the test classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FakeCameraFootage load() {
        List<Buffer> sps = new ArrayList<>();
        List<Buffer> pps = new ArrayList<>();
        List<Buffer> frames = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        Buffer pending = Buffer.buffer();
        for (Buffer nal : H264AnnexB.nalUnits(Buffer.buffer(resource("/io/warden/sim/onvif/clip.h264")))) {
            int type = H264AnnexB.type(nal);
            if (type == H264AnnexB.NAL_SPS) {
                if (sps.isEmpty()) sps.add(nal);
            } else if (type == H264AnnexB.NAL_PPS) {
                if (pps.isEmpty()) pps.add(nal);
            } else if (type == H264AnnexB.NAL_AUD) {
                continue;
            } else {
                pending.appendInt(nal.length()).appendBuffer(nal);
                if (type == 1 || type == H264AnnexB.NAL_IDR) { // one slice per frame in this clip
                    frames.add(pending);
                    keys.add(type == H264AnnexB.NAL_IDR);
                    pending = Buffer.buffer();
                }
            }
        }
        if (frames.size() != 40) throw new IllegalStateException("expected 40 frames in the clip, found " + frames.size());
        return new FakeCameraFootage(new VideoFormat(sps, pps), frames, keys);
    }
}
