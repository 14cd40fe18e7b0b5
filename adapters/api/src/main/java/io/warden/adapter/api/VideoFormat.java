package io.warden.adapter.api;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The codec configuration of a replayed H.264 stream: what a decoder needs before the first access
 * unit, and what an MP4 {@code avcC} box holds.
 *
 * @param sps sequence parameter sets, each one NAL unit without start code or length prefix
 * @param pps picture parameter sets, likewise
 */
public record VideoFormat(List<Buffer> sps, List<Buffer> pps) {
    public VideoFormat {
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
        if (sps.isEmpty() || pps.isEmpty()) throw new IllegalArgumentException("H.264 needs at least one SPS and one PPS");
    }
}
