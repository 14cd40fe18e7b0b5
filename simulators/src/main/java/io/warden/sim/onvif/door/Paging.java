package io.warden.sim.onvif.door;

import io.warden.sim.onvif.OnvifSimXml;
import io.warden.sim.onvif.OnvifSoapFault;
import java.util.List;
import java.util.function.Function;

/**
 * The Limit / StartReference paging of Profile C lists (GetDoorInfoList, GetAccessPointInfoList, GetAreaInfoList):
 * at most min(Limit, page size) items per page; NextStartReference (the next item's token) while more remain. A
 * StartReference the device never handed out is Sender/InvalidArgVal/InvalidStartReference.
 */
final class Paging {
    record Page<T>(List<T> items, String next) {}

    private Paging() {}

    static <T> Page<T> page(List<T> all, Function<T, String> token, String limitText, String start, int pageSize) {
        int limit = pageSize;
        if (limitText != null && !limitText.isEmpty()) {
            try {
                int asked = Integer.parseInt(limitText.strip());
                if (asked > 0) limit = Math.min(asked, pageSize);
            } catch (NumberFormatException e) {
                throw OnvifSoapFault.sender("Limit is not an int: " + OnvifSimXml.clip(limitText), "InvalidArgVal");
            }
        }
        int from = 0;
        if (start != null && !start.isEmpty()) {
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (token.apply(all.get(i)).equals(start)) from = i;
            }
            if (from < 0) {
                throw OnvifSoapFault.sender("StartReference " + OnvifSimXml.clip(start) + " is not one this device handed out",
                        "InvalidArgVal", "InvalidStartReference");
            }
        }
        int to = Math.min(all.size(), from + limit);
        return new Page<>(all.subList(from, to), to < all.size() ? token.apply(all.get(to)) : null);
    }
}
