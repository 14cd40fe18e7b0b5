package io.warden.adapter.onvif.soap;

import java.util.Set;

/**
 * One door as GetDoorInfoList describes it (onvif.md §6.1).
 *
 * @param token        the DoorToken (a door's {@code point.token} names it)
 * @param name         its name on the device
 * @param description  or null
 * @param capabilities the capability attributes that are true, by their schema names: {@code Access},
 *                     {@code Lock}, {@code Unlock}, {@code LockDown}, {@code DoorMonitor}, {@code LockMonitor},
 *                     {@code Alarm}, {@code Tamper}, {@code Fault}, ...
 */
public record OnvifDoorInfo(String token, String name, String description, Set<String> capabilities) {
    public OnvifDoorInfo {
        capabilities = Set.copyOf(capabilities);
    }

    public boolean can(String capability) {
        return capabilities.contains(capability);
    }
}
