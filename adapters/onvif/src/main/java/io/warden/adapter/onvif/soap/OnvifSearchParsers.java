package io.warden.adapter.onvif.soap;

import static io.warden.adapter.onvif.soap.OnvifXml.child;
import static io.warden.adapter.onvif.soap.OnvifXml.childText;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/** Reads recording search (tse), recording (trc) and replay (trp) responses. Pure; thread-safe. */
public final class OnvifSearchParsers {

    /** One page of GetRecordingSearchResults: the state and the recordings not returned before. */
    public record Page(String state, List<OnvifRecording> recordings) {
        public boolean completed() {
            return "Completed".equals(state);
        }
    }

    private OnvifSearchParsers() {}

    public static String searchToken(Element findRecordingsResponse) {
        return childText(findRecordingsResponse, OnvifNs.TSE, "SearchToken").filter(s -> !s.isEmpty())
                .orElseThrow(() -> OnvifDeviceParsers.missing("FindRecordings", "tse:SearchToken"));
    }

    public static Page resultPage(Element response) {
        Element list = child(response, OnvifNs.TSE, "ResultList")
                .orElseThrow(() -> OnvifDeviceParsers.missing("GetRecordingSearchResults", "tse:ResultList"));
        String state = childText(list, OnvifNs.TT, "SearchState")
                .orElseThrow(() -> OnvifDeviceParsers.missing("GetRecordingSearchResults", "tt:SearchState"));
        List<OnvifRecording> recs = new ArrayList<>();
        for (Element ri : OnvifXml.children(list, OnvifNs.TT, "RecordingInformation")) recs.add(recording(ri));
        return new Page(state, recs);
    }

    /** A {@code tt:RecordingInformation} element. */
    public static OnvifRecording recording(Element ri) {
        String token = childText(ri, OnvifNs.TT, "RecordingToken").filter(s -> !s.isEmpty())
                .orElseThrow(() -> OnvifDeviceParsers.missing("GetRecordingSearchResults", "tt:RecordingToken"));
        Optional<Element> src = child(ri, OnvifNs.TT, "Source");
        return new OnvifRecording(token,
                src.flatMap(s -> childText(s, OnvifNs.TT, "SourceId")).orElse(""),
                src.flatMap(s -> childText(s, OnvifNs.TT, "VideoSourceToken")).orElse(""),
                childText(ri, OnvifNs.TT, "EarliestRecording").map(OnvifSearchParsers::dateTime).orElse(null),
                childText(ri, OnvifNs.TT, "LatestRecording").map(OnvifSearchParsers::dateTime).orElse(null),
                childText(ri, OnvifNs.TT, "RecordingStatus").orElse(""));
    }

    /** GetRecordingsResponse (trc): the recording tokens (it carries no time spans). */
    public static List<String> recordingTokens(Element response) {
        List<String> out = new ArrayList<>();
        for (Element item : OnvifXml.children(response, OnvifNs.TRC, "RecordingItem")) {
            childText(item, OnvifNs.TT, "RecordingToken").ifPresent(out::add);
        }
        return out;
    }

    /** GetReplayUriResponse: {@code trp:Uri}. */
    public static String replayUri(Element response) {
        return childText(response, OnvifNs.TRP, "Uri").filter(s -> !s.isEmpty())
                .orElseThrow(() -> OnvifDeviceParsers.missing("GetReplayUri", "trp:Uri"));
    }

    /** An xs:dateTime; fractions and missing seconds accepted; no zone means UTC. */
    public static Instant dateTime(String text) {
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new WardenException(ErrorCode.PROTOCOL_ERROR, "not an xs:dateTime: " + (t.length() > 40 ? t.substring(0, 40) : t));
            }
        }
    }
}
