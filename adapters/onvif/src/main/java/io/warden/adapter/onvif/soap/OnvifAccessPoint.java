package io.warden.adapter.onvif.soap;

/**
 * One access point as GetAccessPointInfoList describes it: access events name it, and its
 * {@code entity} names the door it belongs to (an entry and an exit point usually share one door).
 *
 * @param token    the AccessPointToken
 * @param name     its name on the device
 * @param entity   the token of its door (EntityType tdc:Door, the default)
 * @param areaFrom or null
 * @param areaTo   or null
 */
public record OnvifAccessPoint(String token, String name, String entity, String areaFrom, String areaTo) {}
