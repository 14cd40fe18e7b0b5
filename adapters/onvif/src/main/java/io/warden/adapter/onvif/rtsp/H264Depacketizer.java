package io.warden.adapter.onvif.rtsp;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.onvif.h264.H264AnnexB;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 over RTP (RFC 6184, packetization modes 0 and 1) back into access units. Pure, single
 * threaded, no I/O.
 *
 * <p>Single NAL unit packets (types 1–23), STAP-A (24) and FU-A (28) are understood. An access unit
 * ends on the marker bit or when the RTP timestamp changes. A lost packet (a gap in sequence numbers)
 * or a broken aggregate drops the whole access unit it touches: a corrupt unit is never emitted.
 * SPS and PPS are taken out of the units and become the {@link VideoFormat}, emitted before the first
 * unit and again whenever they change; access unit delimiters are dropped. Units are emitted only
 * once a format is known (from the stream or {@link #initialFormat}).
 *
 * <p>Memory: one access unit is held at most, capped at {@code maxUnitBytes}; a bigger one is dropped.
 */
public final class H264Depacketizer {

    /** What {@link #feed} yields. */
    public sealed interface Output permits FormatChange, Unit {}

    /** The stream's parameter sets, new or changed. */
    public record FormatChange(VideoFormat format) implements Output {}

    /** A complete access unit, with the replay extension of its first packet (null when there was none). */
    public record Unit(AccessUnit unit, OnvifReplayExtension extension) implements Output {}

    private final int maxUnitBytes;
    private VideoFormat format;
    private VideoFormat emitted;
    private int lastSeq = -1;
    private boolean haveTimestamp;
    private long lastTimestamp;
    private long mediaTime;
    private long dropped;
    // The access unit being assembled.
    private boolean open;
    private long unitTimestamp;
    private OnvifReplayExtension unitExtension;
    private Buffer unitData;
    private boolean unitKey;
    private boolean unitBroken;
    private final List<Buffer> unitSps = new ArrayList<>();
    private final List<Buffer> unitPps = new ArrayList<>();
    private Buffer fragment;

    public H264Depacketizer(int maxUnitBytes) {
        if (maxUnitBytes < 1024) throw new IllegalArgumentException("maxUnitBytes too small: " + maxUnitBytes);
        this.maxUnitBytes = maxUnitBytes;
    }

    /** The format known before any packet (SDP sprop-parameter-sets); emitted before the first unit. */
    public void initialFormat(VideoFormat initial) {
        if (format == null) format = initial;
    }

    /** Access units dropped so far (lost packets, broken aggregates, oversize, before any format). */
    public long dropped() {
        return dropped;
    }

    /** Takes one RTP packet of the H.264 stream; returns what it completed, in order (often nothing). */
    public List<Output> feed(RtpPacket p) {
        List<Output> out = new ArrayList<>(2);
        boolean lost = lastSeq >= 0 && p.sequence() != ((lastSeq + 1) & 0xffff);
        lastSeq = p.sequence();
        // A lost packet may have belonged to the unit in progress or to the next one: both are suspect.
        if (lost && open) unitBroken = true;
        if (open && p.timestamp() != unitTimestamp) finish(out);
        if (!open) {
            begin(p);
            if (lost) unitBroken = true;
        }
        if (unitExtension == null) unitExtension = OnvifReplayExtension.from(p.extension());
        if (!unitBroken) payload(p.payload());
        if (p.marker()) finish(out);
        return out;
    }

    /** Ends the unit in progress (end of stream): emits it when it is whole. */
    public List<Output> flush() {
        List<Output> out = new ArrayList<>(2);
        if (open) finish(out);
        return out;
    }

    private void begin(RtpPacket p) {
        open = true;
        unitTimestamp = p.timestamp();
        unitExtension = null;
        unitData = Buffer.buffer(4096);
        unitKey = false;
        unitBroken = false;
        unitSps.clear();
        unitPps.clear();
        fragment = null;
    }

    private void payload(Buffer b) {
        if (b.length() < 1) {
            unitBroken = true;
            return;
        }
        int type = b.getUnsignedByte(0) & 0x1f;
        if (type >= 1 && type <= 23) {
            nal(b);
        } else if (type == 24) {
            int pos = 1;
            while (pos < b.length() && !unitBroken) {
                if (pos + 2 > b.length()) {
                    unitBroken = true;
                    break;
                }
                int size = b.getUnsignedShort(pos);
                if (size == 0 || pos + 2 + size > b.length()) {
                    unitBroken = true;
                    break;
                }
                nal(b.getBuffer(pos + 2, pos + 2 + size));
                pos += 2 + size;
            }
        } else if (type == 28) {
            fuA(b);
        } else {
            unitBroken = true; // STAP-B, MTAP, FU-B (interleaved mode) or reserved: not for us
        }
    }

    private void fuA(Buffer b) {
        if (b.length() < 3) {
            unitBroken = true;
            return;
        }
        int indicator = b.getUnsignedByte(0);
        int header = b.getUnsignedByte(1);
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start) {
            if (fragment != null) {
                unitBroken = true; // the previous NAL never ended
                return;
            }
            fragment = Buffer.buffer(8192).appendByte((byte) ((indicator & 0xe0) | (header & 0x1f)));
        } else if (fragment == null) {
            unitBroken = true; // its start was lost
            return;
        }
        fragment.appendBuffer(b, 2, b.length() - 2);
        if (fragment.length() > maxUnitBytes) {
            unitBroken = true;
            fragment = null;
            return;
        }
        if (end) {
            Buffer nal = fragment;
            fragment = null;
            nal(nal);
        }
    }

    private void nal(Buffer nal) {
        int type = H264AnnexB.type(nal);
        if (type == H264AnnexB.NAL_SPS) {
            unitSps.add(nal.copy());
        } else if (type == H264AnnexB.NAL_PPS) {
            unitPps.add(nal.copy());
        } else if (type != H264AnnexB.NAL_AUD) {
            if (unitData.length() + 4 + nal.length() > maxUnitBytes) {
                unitBroken = true;
                return;
            }
            unitData.appendInt(nal.length()).appendBuffer(nal);
            if (type == H264AnnexB.NAL_IDR) unitKey = true;
        }
    }

    private void finish(List<Output> out) {
        open = false;
        if (unitBroken || fragment != null) {
            fragment = null;
            dropped++;
            return;
        }
        if (!unitSps.isEmpty() || !unitPps.isEmpty()) {
            List<Buffer> sps = unitSps.isEmpty() && format != null ? format.sps() : List.copyOf(unitSps);
            List<Buffer> pps = unitPps.isEmpty() && format != null ? format.pps() : List.copyOf(unitPps);
            if (!sps.isEmpty() && !pps.isEmpty()) format = new VideoFormat(sps, pps);
        }
        if (unitData.length() == 0) return;
        if (format == null) {
            dropped++;
            return;
        }
        if (!format.equals(emitted)) {
            emitted = format;
            out.add(new FormatChange(format));
        }
        out.add(new Unit(new AccessUnit(unitExtension == null ? null : unitExtension.time(), unwrap(unitTimestamp), unitKey,
                unitExtension != null && unitExtension.endOfSection(), unitData), unitExtension));
    }

    /** The 32-bit RTP timestamp extended to 64 bits, following wraps in either direction. */
    private long unwrap(long ts) {
        if (!haveTimestamp) {
            haveTimestamp = true;
            mediaTime = ts;
        } else {
            mediaTime += (int) (ts - lastTimestamp);
        }
        lastTimestamp = ts;
        return mediaTime;
    }
}
