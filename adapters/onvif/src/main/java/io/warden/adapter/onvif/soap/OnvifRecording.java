package io.warden.adapter.onvif.soap;

import java.time.Instant;

/**
 * One recording as search reports it ({@code tt:RecordingInformation}).
 *
 * @param token            the recording token
 * @param sourceId         {@code tt:Source/tt:SourceId}, empty when missing
 * @param videoSourceToken {@code tt:Source/tt:VideoSourceToken}, empty when missing
 * @param earliest         first recorded instant; null when the device does not say
 * @param latest           last recorded instant; null when the device does not say
 * @param status           {@code tt:RecordingStatus} text, empty when missing
 */
public record OnvifRecording(String token, String sourceId, String videoSourceToken, Instant earliest, Instant latest,
                             String status) {}
