package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Following an API list's {@code next} cursor to its last page. */
final class Pages {
    private Pages() {}

    /** Every item of every page of {@code path}. */
    static ArrayNode all(WardenClient client, String path, Map<String, String> query) throws CliFailure {
        Map<String, String> q = new LinkedHashMap<>(query);
        ArrayNode items = client.object().arrayNode();
        String cursor = null;
        while (true) {
            JsonNode page = client.get(path, q).json();
            page.path("items").forEach(items::add);
            String next = CliText.textOrNull(page.get("next"));
            if (next == null) return items;
            if (next.equals(cursor)) throw new CliFailure(ExitCodes.OTHER, "the gateway sent the same cursor twice (" + CliText.clean(next) + ")");
            cursor = next;
            q.put("cursor", next);
        }
    }

    /** {@code items} as one last page, for {@code --json}. */
    static ObjectNode asPage(WardenClient client, JsonNode items) {
        ObjectNode page = client.object();
        page.set("items", items);
        page.putNull("next");
        return page;
    }
}
