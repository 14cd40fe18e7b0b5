package io.warden.adapter.onvif.soap;

import static io.warden.adapter.onvif.soap.OnvifXml.child;
import static io.warden.adapter.onvif.soap.OnvifXml.childText;

import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/** Reads device-service responses (tds). Pure; thread-safe. Failures are PROTOCOL_ERROR naming what is missing. */
public final class OnvifDeviceParsers {
    private static final Pattern POSIX_TZ = Pattern.compile("^(?:<[^>]*>|[A-Za-z]+)([+-]?)(\\d{1,2})(?::(\\d{1,2}))?(?::(\\d{1,2}))?");
    /** After the standard part: the summer time's name and its optional offset. */
    private static final Pattern POSIX_DST = Pattern.compile("^(?:<[^>]*>|[A-Za-z]+)(?:([+-]?)(\\d{1,2})(?::(\\d{1,2}))?(?::(\\d{1,2}))?)?");

    private OnvifDeviceParsers() {}

    /**
     * The device's UTC time from GetSystemDateAndTimeResponse; LocalDateTime + POSIX TZ when UTCDateTime is missing
     * (with the zone's summer offset while DaylightSavings says it is on).
     */
    public static Instant systemDateAndTime(Element response) {
        Element sdt = child(response, OnvifNs.TDS, "SystemDateAndTime")
                .orElseThrow(() -> missing("GetSystemDateAndTime", "tds:SystemDateAndTime"));
        Optional<Element> utc = child(sdt, OnvifNs.TT, "UTCDateTime");
        if (utc.isPresent()) return dateTime(utc.get()).toInstant(ZoneOffset.UTC);
        Element local = child(sdt, OnvifNs.TT, "LocalDateTime")
                .orElseThrow(() -> missing("GetSystemDateAndTime", "tt:UTCDateTime or tt:LocalDateTime"));
        String tz = child(sdt, OnvifNs.TT, "TimeZone").flatMap(t -> childText(t, OnvifNs.TT, "TZ")).orElse("");
        boolean summer = childText(sdt, OnvifNs.TT, "DaylightSavings").map(v -> v.strip().equals("true") || v.strip().equals("1")).orElse(false);
        return dateTime(local).toInstant(ZoneOffset.UTC).plusSeconds(posixOffsetSeconds(tz, summer));
    }

    /** Seconds to add to local time to get UTC, from a POSIX TZ ("CST6CDT": +6 h; "UTC-8": -8 h); 0 when unreadable. */
    static long posixOffsetSeconds(String tz) {
        return posixOffsetSeconds(tz, false);
    }

    /**
     * As {@link #posixOffsetSeconds(String)}; with {@code summer}, the zone's summer offset ("EST5EDT": +4 h; POSIX:
     * an hour less than standard unless given after the summer name); a zone without summer time keeps its offset.
     */
    static long posixOffsetSeconds(String tz, boolean summer) {
        Matcher m = POSIX_TZ.matcher(tz.strip());
        if (!m.find()) return 0;
        long standard = seconds(m, 1);
        if (!summer) return standard;
        Matcher d = POSIX_DST.matcher(tz.strip().substring(m.end()));
        if (!d.find()) return standard;
        return d.group(2) == null ? standard - 3600 : seconds(d, 1);
    }

    /** [+-]hh[:mm[:ss]] from the groups {@code first}..{@code first + 3} of {@code m}. */
    private static long seconds(Matcher m, int first) {
        long s = Long.parseLong(m.group(first + 1)) * 3600;
        if (m.group(first + 2) != null) s += Long.parseLong(m.group(first + 2)) * 60;
        if (m.group(first + 3) != null) s += Long.parseLong(m.group(first + 3));
        return "-".equals(m.group(first)) ? -s : s;
    }

    private static LocalDateTime dateTime(Element dt) {
        Element time = child(dt, OnvifNs.TT, "Time").orElseThrow(() -> missing("GetSystemDateAndTime", "tt:Time"));
        Element date = child(dt, OnvifNs.TT, "Date").orElseThrow(() -> missing("GetSystemDateAndTime", "tt:Date"));
        try {
            return LocalDateTime.of(num(date, "Year"), num(date, "Month"), num(date, "Day"),
                    num(time, "Hour"), num(time, "Minute"), num(time, "Second"));
        } catch (DateTimeException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "GetSystemDateAndTime: invalid date or time: " + e.getMessage());
        }
    }

    private static int num(Element parent, String local) {
        String t = childText(parent, OnvifNs.TT, local).orElseThrow(() -> missing("GetSystemDateAndTime", "tt:" + local));
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "GetSystemDateAndTime: tt:" + local + " is not a number: " + t);
        }
    }

    /** GetDeviceInformationResponse → CameraInfo (a missing field is an empty string). */
    public static CameraInfo deviceInformation(Element r) {
        return new CameraInfo(childText(r, OnvifNs.TDS, "Manufacturer").orElse(""),
                childText(r, OnvifNs.TDS, "Model").orElse(""),
                childText(r, OnvifNs.TDS, "FirmwareVersion").orElse(""),
                childText(r, OnvifNs.TDS, "SerialNumber").orElse(""),
                childText(r, OnvifNs.TDS, "HardwareId").orElse(""));
    }

    /** GetServicesResponse → namespace → XAddr, in document order (first wins). */
    public static Map<String, URI> services(Element r) {
        Map<String, URI> out = new LinkedHashMap<>();
        for (Element s : OnvifXml.children(r, OnvifNs.TDS, "Service")) {
            Optional<String> ns = childText(s, OnvifNs.TDS, "Namespace");
            Optional<String> x = childText(s, OnvifNs.TDS, "XAddr");
            if (ns.isPresent() && x.isPresent()) uri(x.get()).ifPresent(u -> out.putIfAbsent(ns.get(), u));
        }
        return out;
    }

    /** GetCapabilitiesResponse → namespace → XAddr for device, media, events, recording, search, replay. */
    public static Map<String, URI> capabilities(Element r) {
        Map<String, URI> out = new LinkedHashMap<>();
        Optional<Element> caps = child(r, OnvifNs.TDS, "Capabilities");
        if (caps.isEmpty()) return out;
        put(out, OnvifNs.TDS, child(caps.get(), OnvifNs.TT, "Device"));
        put(out, OnvifNs.TRT, child(caps.get(), OnvifNs.TT, "Media"));
        put(out, OnvifNs.TEV, child(caps.get(), OnvifNs.TT, "Events"));
        Optional<Element> ext = child(caps.get(), OnvifNs.TT, "Extension");
        put(out, OnvifNs.TRC, ext.flatMap(e -> child(e, OnvifNs.TT, "Recording")));
        put(out, OnvifNs.TSE, ext.flatMap(e -> child(e, OnvifNs.TT, "Search")));
        put(out, OnvifNs.TRP, ext.flatMap(e -> child(e, OnvifNs.TT, "Replay")));
        return out;
    }

    private static void put(Map<String, URI> out, String ns, Optional<Element> cap) {
        cap.flatMap(c -> childText(c, OnvifNs.TT, "XAddr")).flatMap(OnvifDeviceParsers::uri).ifPresent(u -> out.put(ns, u));
    }

    /** A URI from device text (trimmed); empty when it is not one. */
    public static Optional<URI> uri(String text) {
        try {
            String t = text.strip();
            return t.isEmpty() ? Optional.empty() : Optional.of(new URI(t));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    static WardenException missing(String op, String what) {
        return new WardenException(ErrorCode.PROTOCOL_ERROR, op + ": response lacks " + what);
    }
}
