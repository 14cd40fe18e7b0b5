package io.warden.gateway.footage;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.mp4parser.boxes.iso14496.part15.AvcConfigurationBox;
import org.mp4parser.boxes.sampleentry.VisualSampleEntry;
import org.mp4parser.muxer.tracks.CleanInputStream;
import org.mp4parser.muxer.tracks.h264.parsing.model.SeqParameterSet;
import org.mp4parser.muxer.tracks.h264.parsing.model.VUIParameters;

/**
 * The {@code avc1} sample entry (with its {@code avcC}) of an H.264 track, built from the stream's
 * parameter sets, plus what the first SPS says about the picture. Pure, no I/O.
 *
 * @param entry      the sample entry to put in {@code stsd}
 * @param width      picture width in pixels (cropping applied)
 * @param height     picture height in pixels (cropping applied)
 * @param frameTicks one frame's duration on the 90 kHz clock from the SPS timing info, or 0 when it has none
 */
record Mp4AvcSampleEntry(VisualSampleEntry entry, int width, int height, long frameTicks) {

    /** @throws WardenException PROTOCOL_ERROR when the SPS cannot be parsed */
    static Mp4AvcSampleEntry of(VideoFormat format) {
        byte[] sps = format.sps().get(0).getBytes();
        if (sps.length < 4) throw new WardenException(ErrorCode.PROTOCOL_ERROR, "the SPS is " + sps.length + " bytes: too short");
        SeqParameterSet s;
        try (InputStream in = new CleanInputStream(new ByteArrayInputStream(sps, 1, sps.length - 1))) {
            s = SeqParameterSet.read(in);
        } catch (IOException | RuntimeException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "the SPS cannot be parsed: " + e.getMessage());
        }
        int chroma = s.chroma_format_idc == null ? 1 : s.chroma_format_idc.getId();
        int frameFactor = s.frame_mbs_only_flag ? 1 : 2;
        int width = (s.pic_width_in_mbs_minus1 + 1) * 16;
        int height = frameFactor * (s.pic_height_in_map_units_minus1 + 1) * 16;
        if (s.frame_cropping_flag) {
            // H.264 7.4.2.1.1: crop units depend on the chroma format
            int cropX = chroma == 0 || chroma == 3 ? 1 : 2;
            int cropY = (chroma == 1 ? 2 : 1) * frameFactor;
            width -= cropX * (s.frame_crop_left_offset + s.frame_crop_right_offset);
            height -= cropY * (s.frame_crop_top_offset + s.frame_crop_bottom_offset);
        }
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "the SPS gives a picture of " + width + "x" + height);
        }

        AvcConfigurationBox avcC = new AvcConfigurationBox();
        avcC.setConfigurationVersion(1);
        avcC.setAvcProfileIndication(sps[1] & 0xff);
        avcC.setProfileCompatibility(sps[2] & 0xff);
        avcC.setAvcLevelIndication(sps[3] & 0xff);
        avcC.setLengthSizeMinusOne(3);
        avcC.setSequenceParameterSets(wrap(format.sps()));
        avcC.setPictureParameterSets(wrap(format.pps()));
        int profile = sps[1] & 0xff;
        boolean exts = profile == 100 || profile == 110 || profile == 122 || profile == 144;
        avcC.setHasExts(exts);
        if (exts) {
            avcC.setChromaFormat(chroma);
            avcC.setBitDepthLumaMinus8(s.bit_depth_luma_minus8);
            avcC.setBitDepthChromaMinus8(s.bit_depth_chroma_minus8);
            avcC.setSequenceParameterSetExts(new ArrayList<>());
        }

        VisualSampleEntry avc1 = new VisualSampleEntry("avc1");
        avc1.setDataReferenceIndex(1);
        avc1.setDepth(24);
        avc1.setFrameCount(1);
        avc1.setHorizresolution(72);
        avc1.setVertresolution(72);
        avc1.setWidth(width);
        avc1.setHeight(height);
        avc1.setCompressorname("AVC Coding");
        avc1.addBox(avcC);
        return new Mp4AvcSampleEntry(avc1, width, height, frameTicks(s.vuiParams));
    }

    /** Two fields make one frame (num_units_in_tick counts fields), H.264 E.2.1. */
    private static long frameTicks(VUIParameters vui) {
        if (vui == null || !vui.timing_info_present_flag || vui.time_scale <= 0 || vui.num_units_in_tick <= 0) return 0;
        long ticks = 90_000L * 2 * vui.num_units_in_tick / vui.time_scale;
        return ticks > 0 && ticks <= 90_000 ? ticks : 0;
    }

    private static List<ByteBuffer> wrap(List<Buffer> nals) {
        List<ByteBuffer> out = new ArrayList<>(nals.size());
        for (Buffer b : nals) out.add(ByteBuffer.wrap(b.getBytes()));
        return out;
    }
}
