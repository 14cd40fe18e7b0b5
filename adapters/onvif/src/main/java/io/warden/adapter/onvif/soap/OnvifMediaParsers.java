package io.warden.adapter.onvif.soap;

import static io.warden.adapter.onvif.soap.OnvifXml.child;
import static io.warden.adapter.onvif.soap.OnvifXml.childText;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.onvif.ver10.schema.Profile;
import org.onvif.ver10.schema.VideoEncoderConfiguration;
import org.w3c.dom.Element;

/**
 * Reads Media1 (trt) and Media2 (tr2) responses. Media1 profiles go through ONVIF-java's JAXB types
 * (blocking: call on a worker); Media2 has no generated types there and is read from the DOM.
 */
public final class OnvifMediaParsers {
    private OnvifMediaParsers() {}

    /** Media1 GetProfilesResponse. Blocking (JAXB). Parts the device leaves out come back empty or 0. */
    public static List<OnvifProfile> profiles1(Element response) {
        List<OnvifProfile> out = new ArrayList<>();
        for (Element e : OnvifXml.children(response, OnvifNs.TRT, "Profiles")) {
            Profile p = OnvifJaxb.profile(e);
            VideoEncoderConfiguration vec = p.getVideoEncoderConfiguration();
            String enc = vec == null || vec.getEncoding() == null ? "" : vec.getEncoding().value();
            int w = vec == null || vec.getResolution() == null ? 0 : vec.getResolution().getWidth();
            int h = vec == null || vec.getResolution() == null ? 0 : vec.getResolution().getHeight();
            String src = p.getVideoSourceConfiguration() == null || p.getVideoSourceConfiguration().getSourceToken() == null
                    ? "" : p.getVideoSourceConfiguration().getSourceToken().strip();
            out.add(new OnvifProfile(p.getToken(), p.getName() == null ? "" : p.getName().strip(), enc, w, h, src));
        }
        return out;
    }

    /** Media2 GetProfilesResponse (tr2:Profiles with tr2:Configurations). */
    public static List<OnvifProfile> profiles2(Element response) {
        List<OnvifProfile> out = new ArrayList<>();
        for (Element e : OnvifXml.children(response, OnvifNs.TR2, "Profiles")) {
            Optional<Element> conf = child(e, OnvifNs.TR2, "Configurations");
            Optional<Element> enc = conf.flatMap(c -> child(c, OnvifNs.TR2, "VideoEncoder"));
            Optional<Element> res = enc.flatMap(v -> child(v, OnvifNs.TT, "Resolution"));
            out.add(new OnvifProfile(e.getAttribute("token"),
                    childText(e, OnvifNs.TR2, "Name").orElse(""),
                    enc.flatMap(v -> childText(v, OnvifNs.TT, "Encoding")).orElse(""),
                    res.flatMap(r -> childText(r, OnvifNs.TT, "Width")).map(OnvifMediaParsers::integer).orElse(0),
                    res.flatMap(r -> childText(r, OnvifNs.TT, "Height")).map(OnvifMediaParsers::integer).orElse(0),
                    conf.flatMap(c -> child(c, OnvifNs.TR2, "VideoSource"))
                            .flatMap(v -> childText(v, OnvifNs.TT, "SourceToken")).orElse("")));
        }
        return out;
    }

    /** Media1 GetStreamUri/GetSnapshotUri response: {@code trt:MediaUri/tt:Uri}, trimmed, entities resolved. */
    public static URI mediaUri1(Element response, String op) {
        return child(response, OnvifNs.TRT, "MediaUri").flatMap(m -> childText(m, OnvifNs.TT, "Uri"))
                .flatMap(OnvifDeviceParsers::uri)
                .orElseThrow(() -> new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": response lacks a valid trt:MediaUri/tt:Uri"));
    }

    /** Media2 GetStreamUri/GetSnapshotUri response: a bare {@code tr2:Uri}. */
    public static URI mediaUri2(Element response, String op) {
        return childText(response, OnvifNs.TR2, "Uri").flatMap(OnvifDeviceParsers::uri)
                .orElseThrow(() -> new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": response lacks a valid tr2:Uri"));
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
