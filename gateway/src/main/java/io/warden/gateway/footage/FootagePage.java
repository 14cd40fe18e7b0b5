package io.warden.gateway.footage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One page of the footage job list, newest first.
 *
 * @param items at most the page's limit of jobs
 * @param next  the cursor of the next page (the id of the last job here), null when no job follows
 */
public record FootagePage(List<FootageJob> items, String next) {

    /** Sort key of the list: newest createdAt first, then id (descending) among jobs made in the same instant. */
    record Key(Instant createdAt, String id) implements Comparable<Key> {
        static Key of(FootageJob job) {
            return new Key(job.createdAt(), job.id());
        }

        @Override
        public int compareTo(Key o) {
            int c = o.createdAt.compareTo(createdAt);
            return c != 0 ? c : o.id.compareTo(id);
        }
    }

    static FootagePage of(NavigableMap<Key, FootageJob> from, int limit) {
        List<FootageJob> items = new ArrayList<>(Math.min(limit, 64));
        boolean more = false;
        for (Map.Entry<Key, FootageJob> e : from.entrySet()) {
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(e.getValue());
        }
        return new FootagePage(List.copyOf(items), more ? items.get(items.size() - 1).id() : null);
    }
}
