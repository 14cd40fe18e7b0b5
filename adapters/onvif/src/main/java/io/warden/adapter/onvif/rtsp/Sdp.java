package io.warden.adapter.onvif.rtsp;

import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.VideoFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an SDP description (RFC 4566) an RTSP client of ONVIF replay needs: the session's
 * control and range, and per media section its control URL, rtpmap, fmtp and ONVIF track token.
 * Pure; lenient about lines it does not know.
 *
 * @param control session-level {@code a=control}, or null
 * @param range   session-level {@code a=range}, or null
 */
public record Sdp(String control, String range, List<Media> media) {

    /**
     * One {@code m=} section.
     *
     * @param encoding  from rtpmap, e.g. {@code H264}; null without rtpmap
     * @param clockRate from rtpmap; 0 without
     * @param fmtp      the fmtp parameters of the first format, keys lower-cased
     */
    public record Media(String type, int payloadType, String control, String encoding, int clockRate, Map<String, String> fmtp,
                        String onvifTrack, String range) {

        /** The parameter sets of {@code sprop-parameter-sets} (RFC 6184 §8.1), if present and valid. */
        public Optional<VideoFormat> spropFormat() {
            String sprop = fmtp.get("sprop-parameter-sets");
            if (sprop == null) return Optional.empty();
            List<Buffer> sps = new ArrayList<>();
            List<Buffer> pps = new ArrayList<>();
            try {
                for (String part : sprop.split(",")) {
                    byte[] nal = Base64.getDecoder().decode(part.trim());
                    if (nal.length == 0) continue;
                    int type = nal[0] & 0x1f;
                    if (type == 7) sps.add(Buffer.buffer(nal));
                    else if (type == 8) pps.add(Buffer.buffer(nal));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            return sps.isEmpty() || pps.isEmpty() ? Optional.empty() : Optional.of(new VideoFormat(sps, pps));
        }
    }

    /** Parses an SDP text. */
    public static Sdp parse(String text) {
        String control = null;
        String range = null;
        List<Media> media = new ArrayList<>();
        MediaBuilder cur = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.trim();
            if (line.length() < 2 || line.charAt(1) != '=') continue;
            char kind = line.charAt(0);
            String value = line.substring(2);
            if (kind == 'm') {
                if (cur != null) media.add(cur.build());
                cur = new MediaBuilder(value);
            } else if (kind == 'a') {
                int colon = value.indexOf(':');
                String name = (colon < 0 ? value : value.substring(0, colon)).toLowerCase(Locale.ROOT);
                String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
                if (cur == null) {
                    if (name.equals("control")) control = arg;
                    else if (name.equals("range")) range = arg;
                } else {
                    cur.attribute(name, arg);
                }
            }
        }
        if (cur != null) media.add(cur.build());
        return new Sdp(control, range, List.copyOf(media));
    }

    /** The first video section with the given encoding (case-insensitive), if any. */
    public Optional<Media> video(String encoding) {
        return media.stream().filter(m -> m.type().equals("video") && encoding.equalsIgnoreCase(m.encoding())).findFirst();
    }

    private static final class MediaBuilder {
        final String type;
        final int payloadType;
        String control;
        String encoding;
        int clockRate;
        Map<String, String> fmtp = Map.of();
        String onvifTrack;
        String range;

        MediaBuilder(String m) {
            String[] f = m.trim().split("\\s+");
            type = f[0];
            int pt = -1;
            try {
                if (f.length > 3) pt = Integer.parseInt(f[3]);
            } catch (NumberFormatException ignored) {
                // a non-RTP format list; the section is kept without a payload type
            }
            payloadType = pt;
        }

        void attribute(String name, String arg) {
            switch (name) {
                case "control": control = arg; break;
                case "x-onvif-track": onvifTrack = arg; break;
                case "range": range = arg; break;
                case "rtpmap": rtpmap(arg); break;
                case "fmtp": fmtp(arg); break;
                default: break;
            }
        }

        private void rtpmap(String arg) {
            String[] f = arg.split("\\s+", 2);
            if (f.length < 2 || !f[0].equals(String.valueOf(payloadType)) || encoding != null) return;
            String[] enc = f[1].split("/");
            encoding = enc[0];
            try {
                clockRate = enc.length > 1 ? Integer.parseInt(enc[1].trim()) : 0;
            } catch (NumberFormatException e) {
                clockRate = 0;
            }
        }

        private void fmtp(String arg) {
            String[] f = arg.split("\\s+", 2);
            if (f.length < 2 || !f[0].equals(String.valueOf(payloadType)) || !fmtp.isEmpty()) return;
            Map<String, String> m = new LinkedHashMap<>();
            for (String p : f[1].split(";")) {
                int eq = p.indexOf('=');
                if (eq > 0) m.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
            }
            fmtp = Map.copyOf(m);
        }

        Media build() {
            return new Media(type, payloadType, control, encoding, clockRate, fmtp, onvifTrack, range);
        }
    }
}
