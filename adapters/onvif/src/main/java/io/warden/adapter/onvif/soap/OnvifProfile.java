package io.warden.adapter.onvif.soap;

/**
 * A media profile, as Media1 or Media2 describes it.
 *
 * @param token       the profile token (may be "0": never treat as empty)
 * @param name        its name
 * @param encoding    the video encoding (H264, H265, JPEG, MPEG4), empty when the device omits it
 * @param width       pixels, 0 when unknown
 * @param height      pixels, 0 when unknown
 * @param sourceToken the video source it shows, empty when unknown
 */
public record OnvifProfile(String token, String name, String encoding, int width, int height, String sourceToken) {
    public boolean h264() {
        return "H264".equalsIgnoreCase(encoding);
    }
}
