package io.warden.adapter.onvif.h264;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 byte streams (ITU-T H.264 Annex B): NAL units separated by start codes {@code 00 00 01} or
 * {@code 00 00 00 01}. Pure, no I/O.
 */
public final class H264AnnexB {
    /** nal_unit_type values Warden cares about (H.264 table 7-1). */
    public static final int NAL_IDR = 5, NAL_SEI = 6, NAL_SPS = 7, NAL_PPS = 8, NAL_AUD = 9;

    private H264AnnexB() {}

    /** The NAL units of an Annex B stream, without start codes, in order; empty units are skipped. */
    public static List<Buffer> nalUnits(Buffer stream) {
        byte[] b = stream.getBytes();
        List<Buffer> units = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < b.length) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) add(units, b, start, trimZeros(b, start, i));
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) add(units, b, start, b.length);
        return units;
    }

    /** The nal_unit_type of a NAL unit (its first byte's low 5 bits). */
    public static int type(Buffer nal) {
        return nal.getByte(0) & 0x1f;
    }

    /** Drop the zero bytes before a start code (the leading 00 of a 4-byte one, or trailing_zero_8bits). */
    private static int trimZeros(byte[] b, int start, int end) {
        while (end > start && b[end - 1] == 0) end--;
        return end;
    }

    private static void add(List<Buffer> units, byte[] b, int from, int to) {
        if (to > from) units.add(Buffer.buffer(java.util.Arrays.copyOfRange(b, from, to)));
    }
}
