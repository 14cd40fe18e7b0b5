package io.warden.adapter.onvif.soap;

/**
 * One area as GetAreaInfoList describes it (onvif.md §6.2): what an access point's AreaFrom/AreaTo name.
 *
 * @param token       the AreaToken
 * @param name        its name on the device
 * @param description or null
 */
public record OnvifArea(String token, String name, String description) {}
