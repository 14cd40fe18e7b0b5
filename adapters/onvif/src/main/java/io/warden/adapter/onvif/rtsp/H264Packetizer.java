package io.warden.adapter.onvif.rtsp;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One H.264 access unit into RTP payloads (RFC 6184, packetization mode 1): a NAL unit that fits is
 * sent alone, a larger one as FU-A fragments; the marker goes on the last payload of the unit. Pure.
 */
public final class H264Packetizer {

    /** One RTP payload and whether it ends the access unit (the RTP marker bit). */
    public record Payload(Buffer data, boolean marker) {}

    private final int maxPayload;

    /** @param maxPayload the largest RTP payload in bytes (1400 keeps packets inside an Ethernet MTU) */
    public H264Packetizer(int maxPayload) {
        if (maxPayload < 16) throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        this.maxPayload = maxPayload;
    }

    /** The payloads of one access unit given as NAL units (without start codes), in order. */
    public List<Payload> packetize(List<Buffer> nals) {
        List<Buffer> parts = new ArrayList<>();
        for (Buffer nal : nals) {
            if (nal.length() == 0) continue;
            if (nal.length() <= maxPayload) {
                parts.add(nal);
                continue;
            }
            int header = nal.getUnsignedByte(0);
            int indicator = (header & 0xe0) | 28;
            int chunk = maxPayload - 2;
            for (int pos = 1; pos < nal.length(); pos += chunk) {
                int end = Math.min(nal.length(), pos + chunk);
                int fu = (pos == 1 ? 0x80 : 0) | (end == nal.length() ? 0x40 : 0) | (header & 0x1f);
                parts.add(Buffer.buffer(end - pos + 2).appendByte((byte) indicator).appendByte((byte) fu)
                        .appendBuffer(nal, pos, end - pos));
            }
        }
        List<Payload> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) out.add(new Payload(parts.get(i), i == parts.size() - 1));
        return out;
    }

    /** A STAP-A payload aggregating small NAL units (e.g. SPS and PPS); they must fit in one payload together. */
    public Buffer stapA(List<Buffer> nals) {
        int nri = 0;
        Buffer b = Buffer.buffer().appendByte((byte) 0);
        for (Buffer nal : nals) {
            nri = Math.max(nri, nal.getUnsignedByte(0) & 0x60);
            b.appendUnsignedShort(nal.length()).appendBuffer(nal);
        }
        if (b.length() > maxPayload) throw new IllegalArgumentException("STAP-A of " + b.length() + " bytes exceeds " + maxPayload);
        b.setByte(0, (byte) (nri | 24));
        return b;
    }
}
