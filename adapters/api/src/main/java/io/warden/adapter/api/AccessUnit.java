package io.warden.adapter.api;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;

/**
 * One H.264 access unit (a frame) of a replay.
 *
 * @param time         when the device captured it (the recording's own wallclock, ONVIF's replay
 *                     header extension), in the device's clock
 * @param mediaTime    its sampling time on the stream's 90 kHz clock, unwrapped to 64 bits: the
 *                     difference between two access units is their exact spacing; it jumps across gaps
 * @param keyframe     a clean point (IDR): decoding can start here
 * @param endOfSection the last access unit before a gap in the recording or the end of what is
 *                     recorded (ONVIF's E bit); the next one, if any, comes after a gap
 * @param data         the frame's NAL units, each prefixed by its length as 4 big-endian bytes (the MP4
 *                     sample format); parameter sets travel in {@link VideoFormat}, not here
 */
public record AccessUnit(Instant time, long mediaTime, boolean keyframe, boolean endOfSection, Buffer data) {}
